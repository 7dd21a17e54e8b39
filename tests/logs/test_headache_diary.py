"""The headache diary (issue 12, items 1 and 2): what an entry holds, how an old app's
payload still works, and how a patient corrects and deletes entries, online or replayed
from the phone's outbox."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert
from library.models import Medication
from logs.models import HeadacheLog
from monitoring.diary import diaries_between
from tests.conftest import client_for
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/headache-logs"


@pytest.fixture(autouse=True)
def catalogue(db):
    for slug, name, drug_class in [("sumatriptan", "Sumatriptan", "triptan"),
                                   ("ibuprofen", "Ibuprofen", "simple_analgesic")]:
        Medication.objects.create(slug=slug, name=name, drug_class=drug_class, group="g",
                                  overuse_days_per_month=10, overuse_months=3, ichd3="8.2",
                                  content_hash="x")


def entry(**overrides):
    body = {"client_id": str(uuid.uuid4()),
            "started_at": (timezone.now() - timedelta(hours=5)).isoformat(),
            "peak_pain": 6}
    return {**body, **overrides}


def post(client, body):
    return client.post(URL, body, format="json")


def test_an_old_apps_payload_is_still_accepted_and_answered_with_both_fields(patient_client):
    answer = post(patient_client, entry(migraine=True, medication_taken=True))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["migraine"], body["kind"], body["medication_taken"], body["medications"]) == (
        True, "migraine", True, [])
    assert body["version"] == 1
    old = post(patient_client, entry(migraine=False, medication_taken=False, notes=""))
    assert (old.json()["kind"], old.json()["migraine"]) == (None, False)


def test_a_full_entry_keeps_every_answer(patient_client):
    now = timezone.now()
    answer = post(patient_client, entry(
        ended_at=(now - timedelta(hours=1)).isoformat(), kind="migraine", aura=True,
        neck_pain_first=False, symptoms=["nausea", "light", "nausea"], disability="moderate",
        triggers=["poor-or-too-little-sleep"], menstruation=True, notes="Started at work",
        medications=[
            {"medication": "sumatriptan", "dose": "50 mg",
             "taken_at": (now - timedelta(hours=4)).isoformat(), "relief_2h": "some"},
            {"name": "Feverfew tea", "taken_at": (now - timedelta(hours=3)).isoformat()}]))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["migraine"] is True and body["medication_taken"] is True
    assert (body["aura"], body["neck_pain_first"], body["menstruation"]) == (True, False, True)
    assert body["symptoms"] == ["light", "nausea"]
    assert (body["disability"], body["triggers"], body["notes"]) == (
        "moderate", ["poor-or-too-little-sleep"], "Started at work")
    assert [(m["medication"], m["name"], m["class"], m["dose"], m["relief_2h"])
            for m in body["medications"]] == [
        ("sumatriptan", "Sumatriptan", "triptan", "50 mg", "some"),
        (None, "Feverfew tea", "other", "", None)]
    listed = patient_client.get(URL).json()
    assert listed[0]["medications"][0]["class"] == "triptan"


def test_a_still_going_headache_has_no_end(patient_client):
    answer = post(patient_client, entry(ended_at=None, kind="tension"))
    assert (answer.json()["ended_at"], answer.json()["migraine"]) == (None, False)


def test_an_entry_from_weeks_ago_replayed_late_is_accepted_once(patient_client):
    body = entry(started_at=(timezone.now() - timedelta(days=40)).isoformat(), kind="neck")
    assert [post(patient_client, body).status_code for _ in range(2)] == [201, 200]
    assert HeadacheLog.objects.count() == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "tension", "migraine": True}, "kind"),
    ({"kind": "migraine", "migraine": False}, "kind"),
    ({"kind": "cluster"}, "kind"),
    ({"medication_taken": False, "medications": [{"medication": "sumatriptan"}]},
     "medication_taken"),
    ({"medications": [{"medication": "unheard-of"}]}, "medications.0.medication"),
    ({"medications": [{"dose": "1 tablet"}]}, "medications.0.medication"),
    ({"medications": [{"medication": "sumatriptan", "relief_2h": "lots"}]},
     "medications.0.relief_2h"),
    ({"disability": "total"}, "disability"),
    ({"symptoms": ["hiccups"]}, "symptoms.0"),
])
def test_an_answer_that_does_not_hold_together_is_400_on_its_field(patient_client, body, field):
    answer = post(patient_client, entry(**body))
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"], answer.json()
    assert not HeadacheLog.all_objects.exists()


def test_medication_taken_without_a_list_is_a_medication_day_of_unknown_class(patient_client):
    body = post(patient_client, entry(medication_taken=True)).json()
    assert (body["medication_taken"], body["medications"]) == (True, [])


def created(client, **overrides):
    answer = post(client, entry(**overrides))
    assert answer.status_code == 201, answer.content
    return answer.json()


def test_the_patient_corrects_an_entry_and_its_version_goes_up(patient_client):
    log = created(patient_client, kind="tension")
    answer = patient_client.patch(f"{URL}/{log['id']}", {
        "version": 1, "kind": "migraine", "peak_pain": 8,
        "medications": [{"medication": "ibuprofen", "dose": "400 mg"}]}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["version"], body["kind"], body["migraine"], body["peak_pain"]) == (
        2, "migraine", True, 8)
    assert (body["medication_taken"], body["medications"][0]["class"]) == (
        True, "simple_analgesic")
    assert patient_client.get(f"{URL}/{log['id']}").json()["peak_pain"] == 8


def test_a_replayed_edit_is_applied_once_and_a_stale_one_is_409(patient_client):
    log = created(patient_client, kind="tension")
    edit = {"version": 1, "peak_pain": 9, "notes": "worse in the evening"}
    first = patient_client.patch(f"{URL}/{log['id']}", edit, format="json")
    again = patient_client.patch(f"{URL}/{log['id']}", edit, format="json")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["version"] == 2
    stale = patient_client.patch(f"{URL}/{log['id']}", {"version": 1, "peak_pain": 3},
                                 format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and "version" in stale.json()["fields"]
    assert HeadacheLog.objects.get().peak_pain == 9


def test_an_edit_without_a_version_is_refused(patient_client):
    log = created(patient_client)
    answer = patient_client.patch(f"{URL}/{log['id']}", {"peak_pain": 2}, format="json")
    assert answer.status_code == 400 and "version" in answer.json()["fields"]


def test_an_edit_changing_only_migraine_keeps_the_type_in_step(patient_client):
    log = created(patient_client, migraine=True)
    body = patient_client.patch(f"{URL}/{log['id']}", {"version": 1, "migraine": False},
                                format="json").json()
    assert (body["kind"], body["migraine"]) == (None, False)


def test_a_deleted_entry_is_gone_from_lists_and_counts_but_its_alerts_stay(patient, patient_client):
    log = created(patient_client, kind="migraine", red_flags=["worst_ever"], peak_pain=10)
    assert Alert.objects.filter(patient=patient, kind="urgent_symptoms").count() == 1
    day = patient.local_today()
    assert diaries_between([patient.pk], day - timedelta(days=2), day)[patient.pk].headache_days
    assert patient_client.delete(f"{URL}/{log['id']}").status_code == 204
    assert patient_client.delete(f"{URL}/{log['id']}").status_code == 204  # a replay
    assert patient_client.get(URL).json() == []
    assert patient_client.get(f"{URL}/{log['id']}").status_code == 404
    assert not diaries_between([patient.pk], day - timedelta(days=2),
                               day)[patient.pk].headache_days
    kept = HeadacheLog.all_objects.get(pk=log["id"])
    assert kept.deleted_at is not None and kept.red_flags == ["worst_ever"]
    assert Alert.objects.filter(patient=patient, kind="urgent_symptoms").count() == 1
    # The phone's outbox sending the first write again still finds its record.
    replay = post(patient_client, {"client_id": log["client_id"],
                                   "started_at": log["started_at"], "peak_pain": 10})
    assert replay.status_code == 200 and replay.json()["id"] == log["id"]
    assert patient_client.patch(f"{URL}/{log['id']}", {"version": 2, "peak_pain": 1},
                                format="json").status_code == 404


def test_another_patients_entry_cannot_be_edited_or_deleted(patient, patient_client):
    log = created(patient_client)
    other = client_for(PatientFactory(clinic=patient.clinic))
    assert other.patch(f"{URL}/{log['id']}", {"version": 1, "peak_pain": 1},
                       format="json").status_code == 404
    assert other.delete(f"{URL}/{log['id']}").status_code == 404
    assert HeadacheLog.objects.get().peak_pain == 6


def test_the_clinic_trigger_list_and_the_menstruation_choice(patient, patient_client):
    names = [row["name"] for row in patient_client.get("/api/v1/triggers").json()]
    assert "Stress" in names
    patient.clinic.settings = {"headache_triggers": ["Stress", "Bright screens"]}
    patient.clinic.save()
    assert patient_client.get("/api/v1/triggers").json() == [
        {"slug": "stress", "name": "Stress"}, {"slug": "bright-screens", "name": "Bright screens"}]
    assert patient_client.get("/api/v1/me/diary-settings").json() == {"track_menstruation": False}
    assert patient_client.put("/api/v1/me/diary-settings", {"track_menstruation": True},
                              format="json").json() == {"track_menstruation": True}
    assert patient_client.get("/api/v1/me/diary-settings").json() == {"track_menstruation": True}
