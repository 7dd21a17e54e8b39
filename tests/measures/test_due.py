"""The re-measure schedule: first due at program start, then HIT-6 28 days, NDI 14, MIDAS 90
and PSFS 28 after the local date of the last one; clinics may change or switch them off."""

import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine

from measures.selectors import measures_due
from measures.services import measure_create
from tests.conftest import client_for
from tests.factories import PatientFactory, TherapistFactory
from tests.measures.conftest import ALL_NEVER, start_program

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)
ANSWERS = {"hit6": ALL_NEVER, "ndi": [0] * 10, "midas": [0] * 5,
           "psfs": [{"activity": f"activity {i}", "score": 5} for i in range(3)]}


def take(patient, instrument: str, at: datetime):
    measure, _ = measure_create(patient=patient, instrument=instrument,
                                answers=ANSWERS[instrument], taken_at=at, created_by=patient,
                                client_id=uuid.uuid4())
    return measure


def due_by_instrument(patient, on: date) -> dict:
    return {row.instrument: row for row in measures_due(patient=patient, on=on)}


def test_never_taken_everything_is_due_at_program_start(patient):
    start_program(patient, START)
    before = due_by_instrument(patient, date(2026, 3, 1))
    assert list(before) == ["hit6", "ndi", "midas", "psfs"]
    assert {row.due_on for row in before.values()} == {START}
    assert not any(row.due or row.overdue for row in before.values())
    on_start = due_by_instrument(patient, START)["midas"]
    assert (on_start.due, on_start.overdue, on_start.last_taken_at) == (True, False, None)
    assert due_by_instrument(patient, date(2026, 3, 3))["hit6"].overdue is True


def test_without_a_program_nothing_untaken_has_a_date(patient):
    rows = measures_due(patient=patient, on=START)
    assert [(r.due_on, r.due, r.overdue) for r in rows] == [(None, False, False)] * 4


@pytest.mark.parametrize(("instrument", "due_on"), [
    ("hit6", date(2026, 3, 31)),  # + 28
    ("ndi", date(2026, 3, 17)),  # + 14
    ("midas", date(2026, 6, 1)),  # + 90: 3 months after the first
    ("psfs", date(2026, 3, 31)),  # + 28
])
def test_next_due_counts_from_the_local_date_of_the_last_one(instrument, due_on, clinic):
    # Kiritimati is UTC+14: 23:30 UTC on 2 March is already 3 March there.
    patient = PatientFactory(clinic=clinic, timezone="Pacific/Kiritimati")
    start_program(patient, START)
    taken_at = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)
    take(patient, instrument, taken_at)
    day_before = due_by_instrument(patient, date.fromordinal(due_on.toordinal() - 1))
    assert day_before[instrument].due_on == due_on
    assert day_before[instrument].last_taken_at == taken_at
    assert (day_before[instrument].due, day_before[instrument].overdue) == (False, False)
    on_the_day = due_by_instrument(patient, due_on)[instrument]
    assert (on_the_day.due, on_the_day.overdue) == (True, False)
    day_after = due_by_instrument(patient, date.fromordinal(due_on.toordinal() + 1))
    assert (day_after[instrument].due, day_after[instrument].overdue) == (True, True)


def test_the_latest_measure_sets_the_next_date(patient):
    start_program(patient, START)
    take(patient, "ndi", datetime(2026, 3, 2, 9, tzinfo=UTC))
    take(patient, "ndi", datetime(2026, 3, 16, 9, tzinfo=UTC))
    assert due_by_instrument(patient, date(2026, 3, 20))["ndi"].due_on == date(2026, 3, 30)


def test_a_clinic_sets_ndi_to_four_weeks_and_switches_psfs_off(clinic, patient):
    clinic.settings = {"measures": {"ndi": {"remeasure_days": 28},
                                    "psfs": {"scheduled": False}}}
    clinic.save()
    start_program(patient, START)
    take(patient, "ndi", datetime(2026, 3, 2, 9, tzinfo=UTC))
    rows = due_by_instrument(patient, START)
    assert list(rows) == ["hit6", "ndi", "midas"]
    assert (rows["ndi"].due_on, rows["ndi"].remeasure_days) == (date(2026, 3, 30), 28)


def test_the_api_answers_for_the_patients_local_today(clinic):
    patient = PatientFactory(clinic=clinic, timezone="America/New_York")
    start_program(patient, START)
    take(patient, "hit6", datetime(2026, 3, 2, 15, tzinfo=UTC))  # due 30 March
    # 30 March 02:00 UTC is still 29 March in New York: not yet due.
    with time_machine.travel(datetime(2026, 3, 30, 2, tzinfo=UTC), tick=False):
        rows = {r["instrument"]: r for r in client_for(patient).get(
            "/api/v1/me/measures/due").json()}
    assert rows["hit6"] == {"instrument": "hit6", "due_on": "2026-03-30",
                            "last_taken_at": "2026-03-02T15:00:00Z", "remeasure_days": 28,
                            "due": False, "overdue": False}
    assert rows["ndi"]["overdue"] is True  # never taken, due at the start
    with time_machine.travel(datetime(2026, 3, 30, 5, tzinfo=UTC), tick=False):
        rows = {r["instrument"]: r for r in client_for(patient).get(
            "/api/v1/me/measures/due").json()}
    assert rows["hit6"]["due"] is True


def test_staff_read_a_patients_schedule_and_another_clinic_gets_404(patient, therapist):
    start_program(patient, START)
    url = f"/api/v1/patients/{patient.pk}/measures/due?date=2026-03-02"
    response = client_for(therapist).get(url)
    assert response.status_code == 200 and len(response.json()) == 4
    assert client_for(TherapistFactory()).get(url).status_code == 404
    assert client_for(patient).get(url).status_code == 403
    assert client_for(therapist).get("/api/v1/me/measures/due").status_code == 403
