"""What is due on a date, at exact instants, in zones far from UTC and across DST."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from assignments.schedule import Plan
from assignments.selectors import with_plan
from assignments.services import assignment_update
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercises():
    return {
        "nod": ExerciseFactory(slug="nod", kind="hold"),
        "walk": ExerciseFactory(slug="walk", kind="aerobic", region="aerobic"),
    }


@pytest.fixture
def neck_and_aerobic(exercises):
    return program(
        phase(item(exercises["nod"], reps=10, hold_seconds=10, times_per_day=2),
              item(exercises["walk"], duration_minutes=30, days_of_week=["mon", "wed", "fri"]),
              name="Stage 1"),
        phase(item(exercises["nod"], reps=10, hold_seconds=10, times_per_day=3), name="Stage 2"),
    )


def _due(patient, on: date) -> dict[str, int]:
    plan = Plan.of(with_plan(patient.assignments.all()).get())
    return {i.exercise.slug: times for i, times in plan.items_due_on(on)}


def test_daily_item_several_times_a_day_and_aerobic_on_its_three_days(neck_and_aerobic):
    patient = PatientFactory()
    assign(patient, neck_and_aerobic, date(2026, 11, 2))  # a Monday
    week = {date(2026, 11, d): _due(patient, date(2026, 11, d)) for d in range(2, 9)}
    assert [d.day for d, due in week.items() if "walk" in due] == [2, 4, 6]  # mon, wed, fri
    assert all(due["nod"] == 2 for due in week.values())


def test_nothing_before_start_after_end_or_while_paused(neck_and_aerobic, therapist):
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, neck_and_aerobic, date(2026, 11, 2), end_date=date(2026, 11, 20))
    assert _due(patient, date(2026, 11, 1)) == {}
    assert _due(patient, date(2026, 11, 20)) != {}
    assert _due(patient, date(2026, 11, 21)) == {}

    with time_machine.travel(datetime(2026, 11, 10, 12, tzinfo=UTC), tick=False):
        assignment_update(assignment=assignment, changed_by=therapist, status="paused")
    with time_machine.travel(datetime(2026, 11, 13, 12, tzinfo=UTC), tick=False):
        assignment_update(assignment=assignment, changed_by=therapist, status="active")
    assert _due(patient, date(2026, 11, 9)) != {}
    assert [_due(patient, date(2026, 11, d)) for d in (10, 11, 12)] == [{}, {}, {}]
    assert _due(patient, date(2026, 11, 13)) != {}


def test_phase_change_applies_from_its_date_and_keeps_history(neck_and_aerobic, therapist):
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, neck_and_aerobic, date(2026, 11, 2))
    with time_machine.travel(datetime(2026, 11, 16, 9, tzinfo=UTC), tick=False):
        assignment_update(assignment=assignment, changed_by=therapist, current_phase=1,
                          reason="All holds done at 22 mmHg for two weeks.")
    assert _due(patient, date(2026, 11, 15)) == {"nod": 2}  # a Sunday in stage 1
    assert _due(patient, date(2026, 11, 16)) == {"nod": 3}
    change = assignment.phase_changes.get()
    assert (change.changed_by, change.from_phase, change.to_phase) == (therapist, 0, 1)


class TestTodayAtExactInstants:
    """`me/today` without a date means today in the patient's zone, not in UTC."""

    def _today(self, patient):
        response = client_for(patient).get("/api/v1/me/today")
        assert response.status_code == 200, response.json()
        return response.json()

    def test_far_east_of_utc_monday_starts_while_utc_is_still_sunday(self, neck_and_aerobic):
        patient = PatientFactory(timezone="Pacific/Kiritimati")  # UTC+14
        assign(patient, neck_and_aerobic, date(2026, 11, 1))
        # Sunday 2026-11-29 23:30 local, then Monday 00:30 local: both are Sunday in UTC.
        with time_machine.travel(datetime(2026, 11, 29, 9, 30, tzinfo=UTC), tick=False):
            sunday = self._today(patient)
        with time_machine.travel(datetime(2026, 11, 29, 10, 30, tzinfo=UTC), tick=False):
            monday = self._today(patient)
        assert (sunday["date"], monday["date"]) == ("2026-11-29", "2026-11-30")
        assert [i["exercise"]["slug"] for i in sunday["items"]] == ["nod"]
        assert [i["exercise"]["slug"] for i in monday["items"]] == ["nod", "walk"]

    def test_far_west_of_utc_the_day_lags(self, neck_and_aerobic):
        patient = PatientFactory(timezone="Pacific/Pago_Pago")  # UTC-11
        assign(patient, neck_and_aerobic, date(2026, 11, 1))
        # 2026-11-30 08:00 UTC is still Sunday the 29th in Pago Pago.
        with time_machine.travel(datetime(2026, 11, 30, 8, tzinfo=UTC), tick=False):
            today = self._today(patient)
        assert today["date"] == "2026-11-29"
        assert [i["exercise"]["slug"] for i in today["items"]] == ["nod"]

    def test_spring_forward_day_is_one_day_with_its_sessions(self, neck_and_aerobic):
        patient = PatientFactory(timezone="America/New_York")
        assignment = assign(patient, neck_and_aerobic, date(2026, 3, 1))
        client = client_for(patient)
        # 2026-03-08 is 23 hours long in New York; 03:30 UTC on the 9th is 23:30 EDT on the 8th.
        for instant in ("2026-03-08T06:30:00+00:00", "2026-03-09T03:30:00+00:00"):
            with time_machine.travel(datetime(2026, 3, 9, 4, tzinfo=UTC), tick=False):
                response = client.post("/api/v1/session-logs", {
                    "client_id": f"00000000-0000-4000-8000-{instant[8:10]}{instant[11:13]}00000000",
                    "assignment": assignment.pk, "performed_at": instant,
                    "entries": [{"exercise": "nod", "reps": 10, "hold_seconds": 10}],
                    "pain_during": 1,
                }, format="json")
                assert response.status_code == 201, response.json()
        with time_machine.travel(datetime(2026, 3, 9, 4, tzinfo=UTC), tick=False):
            today = client.get("/api/v1/me/today?date=2026-03-08").json()
            next_day = client.get("/api/v1/me/today?date=2026-03-09").json()
        nod = next(i for i in today["items"] if i["exercise"]["slug"] == "nod")
        assert (nod["due"], nod["done"]) == (2, 2)
        assert next(i for i in next_day["items"] if i["exercise"]["slug"] == "nod")["done"] == 0

    def test_fall_back_day_counts_the_repeated_hour_once_as_one_date(self, neck_and_aerobic):
        patient = PatientFactory(timezone="Europe/Berlin")
        assignment = assign(patient, neck_and_aerobic, date(2026, 10, 1))
        client = client_for(patient)
        # 02:30 happens twice in Berlin on 2026-10-25: at 00:30 UTC (CEST) and 01:30 UTC (CET).
        with time_machine.travel(datetime(2026, 10, 25, 12, tzinfo=UTC), tick=False):
            for n, instant in enumerate(("2026-10-25T02:30:00+02:00",
                                         "2026-10-25T02:30:00+01:00")):
                assert client.post("/api/v1/session-logs", {
                    "client_id": f"00000000-0000-4000-8000-00000000000{n}",
                    "assignment": assignment.pk, "performed_at": instant, "pain_during": 0,
                }, format="json").status_code == 201
            logs = client.get("/api/v1/session-logs").json()
        assert {log["local_date"] for log in logs} == {"2026-10-25"}

    def test_bad_date_names_the_field(self, neck_and_aerobic):
        patient = PatientFactory()
        response = client_for(patient).get("/api/v1/me/today?date=2026-02-30")
        assert response.status_code == 400
        assert "date" in response.json()["fields"]
