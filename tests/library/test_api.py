"""GET exercises / program-templates for everyone signed in; copy and edit for clinic staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import ProgramTemplate
from tests.conftest import client_for
from tests.factories import (
    ExerciseFactory,
    PatientFactory,
    ProgramTemplateFactory,
    TherapistFactory,
    item,
    phase,
)

pytestmark = pytest.mark.django_db

DNF = "deep-neck-flexor-progression"
EXERCISE_FIELDS = {"slug", "name", "region", "kind", "instructions", "what_to_feel", "stop_if",
                   "cues", "media", "demonstration", "default_prescription", "sources",
                   "requires_screening", "rates_dizziness", "required_prescription"}


@pytest.fixture
def other_therapist(db):
    return TherapistFactory()  # in a clinic of its own


def test_exercises_list_the_whole_library_for_a_patient(library, patient_client):
    response = patient_client.get("/api/v1/exercises")
    assert response.status_code == 200
    assert len(response.json()) == 18
    band_row = next(e for e in response.json() if e["slug"] == "band-row")
    assert set(band_row) == EXERCISE_FIELDS
    assert band_row["kind"] == "reps"
    assert band_row["default_prescription"]["days_of_week"] == ["mon", "tue", "thu", "fri"]
    assert band_row["media"] == []


def test_exercises_can_be_searched_and_filtered_by_region(library, patient_client):
    found = patient_client.get("/api/v1/exercises?search=Trapezius").json()
    assert [e["slug"] for e in found] == ["upper-trapezius-stretch"]
    checklists = patient_client.get("/api/v1/exercises?region=posture").json()
    assert {e["kind"] for e in checklists} == {"checklist"}
    assert len(checklists) == 2
    assert patient_client.get("/api/v1/exercises?search=zumba").json() == []


def test_one_exercise_by_slug(library, patient_client):
    response = patient_client.get("/api/v1/exercises/c1-c2-self-snag")
    assert response.status_code == 200
    assert "pain-free" in response.json()["what_to_feel"]
    missing = patient_client.get("/api/v1/exercises/neck-circles")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_signing_in_is_required(library, api):
    assert api.get("/api/v1/program-templates").status_code == 401


def test_program_templates_list_the_shared_library_with_exercise_names(library, patient_client):
    response = patient_client.get("/api/v1/program-templates")
    assert response.status_code == 200
    by_slug = {t["slug"]: t for t in response.json()}
    assert {DNF, "scapular-stability", "neck-shoulder-stretching", "aerobic-3x-week"} <= set(
        by_slug)

    aerobic = by_slug["aerobic-3x-week"]
    assert (aerobic["version"], aerobic["clinic"], aerobic["weeks"]) == (1, None, 12)
    assert aerobic["sources"] and aerobic["evidence"] and aerobic["disclaimer"]
    first_phase = aerobic["phases"][0]
    assert set(first_phase) == {"name", "min_days", "items", "progression", "advance_when",
                                "requires_signoff", "notes"}
    assert aerobic["phases"][-1]["requires_signoff"] is True
    assert first_phase["advance_when"]["description"]
    # The phase's rule resolved over the settings defaults: every threshold is a number.
    assert first_phase["advance_when"]["min_days_in_phase"] == first_phase["min_days"]
    assert first_phase["advance_when"]["min_full_dose_sessions"] == 4
    assert first_phase["advance_when"]["key_exercises"] == ["aerobic-session"]
    [session] = first_phase["items"]
    assert session["exercise"] == {"slug": "aerobic-session",
                                   "name": "Aerobic session (brisk walking, cycling or swimming)",
                                   "kind": "aerobic"}
    assert session["prescription"]["days_per_week"] == 3  # days chosen at assignment
    assert aerobic["phases"][-1]["advance_when"] == {}  # nothing after the last phase


def test_one_template_by_slug(library, patient_client):
    response = patient_client.get(f"/api/v1/program-templates/{DNF}")
    assert response.status_code == 200
    targets = [phase["items"][0]["prescription"].get("target_mmhg")
               for phase in response.json()["phases"]]
    assert targets == [None, 22, 24, 26, 28, 30]
    assert patient_client.get("/api/v1/program-templates/yoga").status_code == 404


def test_listing_templates_takes_the_same_queries_for_many_templates(library, therapist_client):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert therapist_client.get("/api/v1/program-templates").status_code == 200
        return len(queries)

    count_queries()  # the device's first request also records when it was last used
    before = count_queries()
    listed_before = len(therapist_client.get("/api/v1/program-templates").json())
    for _ in range(5):
        exercises = [ExerciseFactory(), ExerciseFactory()]
        ProgramTemplateFactory(phases=[phase(item(exercises[0], reps=5)),
                                       phase(item(exercises[1], reps=8))])
    assert count_queries() == before
    assert len(therapist_client.get("/api/v1/program-templates").json()) == listed_before + 5


def test_a_therapist_copies_a_template_for_their_clinic_only(
        library, therapist, therapist_client, patient_client, other_therapist):
    response = therapist_client.post(f"/api/v1/program-templates/{DNF}/copy",
                                     {"slug": "dnf-slow", "name": "DNF, slower"})
    assert response.status_code == 201
    copy = response.json()
    assert (copy["slug"], copy["name"], copy["version"]) == ("dnf-slow", "DNF, slower", 1)
    assert copy["clinic"] == therapist.clinic_id
    assert copy["based_on"] == {"slug": DNF, "version": 1, "clinic": None}
    assert copy["phases"][1]["items"][0]["exercise"]["kind"] == "hold"

    # The clinic's patients see it too; another clinic does not.
    assert patient_client.get("/api/v1/program-templates/dnf-slow").status_code == 200
    other = client_for(other_therapist)
    assert other.get("/api/v1/program-templates/dnf-slow").status_code == 404
    assert "dnf-slow" not in {t["slug"] for t in other.get("/api/v1/program-templates").json()}
    assert other.post("/api/v1/program-templates/dnf-slow/copy", {}).status_code == 404


def test_a_copy_under_the_same_slug_replaces_the_shared_one_for_that_clinic(
        library, therapist, therapist_client, other_therapist):
    assert therapist_client.post(f"/api/v1/program-templates/{DNF}/copy", {}).status_code == 201

    mine = {t["slug"]: t for t in therapist_client.get("/api/v1/program-templates").json()}
    theirs = {t["slug"]: t for t in client_for(other_therapist).get(
        "/api/v1/program-templates").json()}
    assert mine[DNF]["clinic"] == therapist.clinic_id
    assert theirs[DNF]["clinic"] is None

    again = therapist_client.post(f"/api/v1/program-templates/{DNF}/copy", {})
    assert again.status_code == 400
    assert "slug" in again.json()["fields"]


def test_editing_a_clinic_copy_gives_a_new_version_and_keeps_the_old(library, therapist_client):
    therapist_client.post(f"/api/v1/program-templates/{DNF}/copy", {"slug": "dnf-ours"})
    phases = therapist_client.get("/api/v1/program-templates/dnf-ours").json()["phases"]
    stored = [{"name": p["name"], "min_days": p["min_days"],
               "items": [{"exercise": i["exercise"]["slug"], "prescription": i["prescription"]}
                         for i in p["items"]]} for p in phases]
    stored[1]["items"][0]["prescription"]["times_per_day"] = 3

    response = therapist_client.patch("/api/v1/program-templates/dnf-ours",
                                      {"summary": "Three times a day.", "phases": stored})

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["phases"][1]["items"][0]["prescription"]["times_per_day"] == 3
    assert therapist_client.get("/api/v1/program-templates/dnf-ours").json()["version"] == 2
    versions = ProgramTemplate.objects.filter(slug="dnf-ours").order_by("version")
    assert [(t.version, t.is_current) for t in versions] == [(1, False), (2, True)]
    assert versions[0].phases[1]["items"][0]["prescription"]["times_per_day"] == 2


def test_an_edit_naming_an_unknown_exercise_is_refused_naming_the_field(
        library, therapist_client):
    therapist_client.post(f"/api/v1/program-templates/{DNF}/copy", {"slug": "dnf-ours"})
    phases = [{"name": "Only", "min_days": 7,
               "items": [{"exercise": "neck-circles", "prescription": {"reps": "ten"}}]}]

    response = therapist_client.patch("/api/v1/program-templates/dnf-ours", {"phases": phases})

    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["phases.0.items.0.prescription.reps"] == ["'ten' is not of type 'integer'"]
    response = therapist_client.patch("/api/v1/program-templates/dnf-ours", {"phases": [
        {**phases[0], "items": [{"exercise": "neck-circles", "prescription": {"reps": 10}}]}]})
    assert response.json()["fields"] == {
        "phases.0.items.0.exercise": ["unknown exercise 'neck-circles'"]}
    assert ProgramTemplate.objects.filter(slug="dnf-ours").count() == 1


def test_the_shared_library_cannot_be_edited_through_the_api(library, therapist_client):
    response = therapist_client.patch(f"/api/v1/program-templates/{DNF}", {"weeks": 8})
    assert response.status_code == 403
    assert "copy this template" in response.json()["detail"]


def test_patients_can_read_but_not_copy_or_edit(library, patient_client, clinic):
    assert patient_client.post(f"/api/v1/program-templates/{DNF}/copy", {}).status_code == 403
    assert patient_client.patch(f"/api/v1/program-templates/{DNF}",
                                {"weeks": 8}).status_code == 403
    assert not ProgramTemplate.objects.filter(clinic=clinic).exists()


def test_a_patient_of_another_clinic_cannot_see_a_clinic_copy(library, therapist_client):
    therapist_client.post(f"/api/v1/program-templates/{DNF}/copy", {"slug": "dnf-ours"})
    stranger = client_for(PatientFactory())
    assert stranger.get("/api/v1/program-templates/dnf-ours").status_code == 404
