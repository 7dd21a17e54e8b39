"""Headache days counted as a clinician counts them (issue 12 item 3) and the month calendar
(`GET me/diary?month=`, `GET patients/{id}/diary?month=`)."""

import uuid
from datetime import UTC, datetime

import pytest
import time_machine

from library.models import Medication
from logs.models import DailyCheckin
from logs.services import headache_log_create, headache_log_delete
from tests.conftest import client_for
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def headache(patient, started_at, ended_at=None, **extra):
    log, _ = headache_log_create(patient=patient, client_id=uuid.uuid4(),
                                 started_at=started_at, ended_at=ended_at,
                                 peak_pain=extra.pop("peak_pain", 6), **extra)
    return log


def month(client, path="me/diary", value="2026-11"):
    answer = client.get(f"/api/v1/{path}?month={value}")
    assert answer.status_code == 200, answer.content
    return answer.json()


def status_of(body) -> dict[str, str]:
    return {d["date"]: d["status"] for d in body["days"] if d["status"] != "unknown"}


@time_machine.travel(NOW, tick=False)
def test_a_headache_from_22_to_03_counts_two_days_in_the_patients_zone(clinic, therapist):
    patient = PatientFactory(clinic=clinic, timezone="Europe/London")
    # 22:00 to 03:00 London (UTC in November).
    headache(patient, datetime(2026, 11, 3, 22, 0, tzinfo=UTC),
             datetime(2026, 11, 4, 3, 0, tzinfo=UTC))
    body = month(client_for(patient))
    assert status_of(body) == {"2026-11-03": "headache", "2026-11-04": "headache"}
    assert body["totals"]["headache_days"] == 2


@time_machine.travel(NOW, tick=False)
def test_a_zone_far_from_utc_counts_its_own_calendar_days(clinic):
    patient = PatientFactory(clinic=clinic, timezone="Pacific/Auckland")  # UTC+13 in November
    # 10:00 to 13:00 UTC on the 5th is 23:00 on the 5th to 02:00 on the 6th in Auckland.
    headache(patient, datetime(2026, 11, 5, 10, 0, tzinfo=UTC),
             datetime(2026, 11, 5, 13, 0, tzinfo=UTC), kind="migraine")
    body = month(client_for(patient))
    assert status_of(body) == {"2026-11-05": "migraine", "2026-11-06": "migraine"}
    assert (body["totals"]["headache_days"], body["totals"]["migraine_days"]) == (2, 2)


@time_machine.travel(datetime(2026, 3, 31, 12, 0, tzinfo=UTC), tick=False)
def test_across_the_spring_dst_change_the_local_days_stay_right(clinic):
    patient = PatientFactory(clinic=clinic, timezone="Europe/Berlin")
    # Clocks go forward on 29 March 2026 at 02:00 local. 23:30 on the 28th (22:30 UTC) to
    # 00:30 on the 30th local (22:30 UTC on the 29th, UTC+2 by then): three days.
    headache(patient, datetime(2026, 3, 28, 22, 30, tzinfo=UTC),
             datetime(2026, 3, 29, 22, 30, tzinfo=UTC))
    # 23:30 UTC on the 29th is 01:30 on the 30th in Berlin: the 30th only.
    headache(patient, datetime(2026, 3, 29, 23, 30, tzinfo=UTC),
             datetime(2026, 3, 29, 23, 45, tzinfo=UTC))
    body = month(client_for(patient), value="2026-03")
    assert status_of(body) == {"2026-03-28": "headache", "2026-03-29": "headache",
                               "2026-03-30": "headache"}


@time_machine.travel(NOW, tick=False)
def test_an_attack_left_open_counts_at_most_the_setting_and_never_after_today(clinic, settings):
    patient = PatientFactory(clinic=clinic, timezone="UTC")
    headache(patient, datetime(2026, 11, 10, 9, 0, tzinfo=UTC))  # still going
    headache(patient, datetime(2026, 11, 19, 9, 0, tzinfo=UTC))  # still going, today 20th
    body = month(client_for(patient))
    assert sorted(status_of(body)) == ["2026-11-10", "2026-11-11", "2026-11-12",
                                       "2026-11-19", "2026-11-20"]
    settings.HEADACHE_OPEN_MAX_DAYS = 1
    body = month(client_for(patient))
    assert sorted(status_of(body)) == ["2026-11-10", "2026-11-19"]
    assert body["rules"]["open_max_days"] == 1


@time_machine.travel(NOW, tick=False)
def test_known_free_unknown_days_medication_classes_and_deletion(clinic, therapist):
    patient = PatientFactory(clinic=clinic, timezone="UTC", primary_therapist=therapist)
    Medication.objects.create(slug="sumatriptan", name="Sumatriptan", drug_class="triptan",
                              group="triptans", overuse_days_per_month=10, overuse_months=3,
                              ichd3="8.2.2", content_hash="x")
    headache(patient, datetime(2026, 11, 2, 8, tzinfo=UTC), datetime(2026, 11, 2, 12, tzinfo=UTC),
             kind="migraine", medications=[
                 {"medication": "sumatriptan", "taken_at": datetime(2026, 11, 2, 9, tzinfo=UTC)},
                 {"name": "Feverfew"}])
    headache(patient, datetime(2026, 11, 3, 8, tzinfo=UTC), datetime(2026, 11, 3, 9, tzinfo=UTC),
             medication_taken=True)
    gone = headache(patient, datetime(2026, 11, 7, 8, tzinfo=UTC),
                    datetime(2026, 11, 7, 9, tzinfo=UTC), medication_taken=True)
    headache_log_delete(patient=patient, log_id=gone.pk)
    DailyCheckin.objects.create(patient=patient, date=datetime(2026, 11, 4).date(),
                                headache_free=True)
    DailyCheckin.objects.create(patient=patient, date=datetime(2026, 11, 5).date(),
                                headache_free=False)
    body = month(client_for(therapist), f"patients/{patient.pk}/diary")
    assert status_of(body) == {"2026-11-02": "migraine", "2026-11-03": "headache",
                               "2026-11-04": "free", "2026-11-05": "headache"}
    day2 = next(d for d in body["days"] if d["date"] == "2026-11-02")
    assert (day2["peak_pain"], day2["medication_classes"]) == (6, ["other", "triptan"])
    totals = body["totals"]
    assert (totals["headache_days"], totals["migraine_days"]) == (3, 1)
    assert totals["unknown_days"] == 20 - 4  # the 1st to the 20th (today), minus 4 known
    assert totals["acute_medication_days"] == {"other": 1, "triptan": 1, "unknown": 1}
    assert len(body["days"]) == 30


def test_a_month_in_the_wrong_shape_is_400_in_words(patient_client):
    answer = patient_client.get("/api/v1/me/diary?month=2026-13")
    assert answer.status_code == 400
    assert answer.json()["fields"]["month"] == ["Give the month as YYYY-MM, for example 2026-11."]


def test_another_clinics_patient_diary_is_404(patient, therapist):
    other = PatientFactory()
    assert client_for(therapist).get(f"/api/v1/patients/{other.pk}/diary").status_code == 404
