"""me/today tells the patient to stop and rest after a red event, on that day and the next
in their own zone, and not a second longer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from logs.selectors import today_get
from logs.services import headache_log_create, session_log_create
from tests.conftest import client_for
from tests.factories import PatientFactory, assign

pytestmark = pytest.mark.django_db

ZONE = "Pacific/Kiritimati"  # UTC+14: its days start ten hours before London's
# 08:00 on Tue 10 Mar in Kiritimati is 18:00 on Mon 9 Mar in UTC.
RED_AT = "2026-03-10T08:00:00+14:00"
STOP = ("You logged pain above your limit during exercise. Stop these exercises for today "
        "and rest. Your therapist has been told and will be in touch about what to do next. "
        "If the pain or headache gets worse or does not settle, contact your therapist or "
        "doctor.")


@pytest.fixture
def islander(clinic, therapist):
    return PatientFactory(clinic=clinic, primary_therapist=therapist, timezone=ZONE)


@pytest.fixture
def program_of(islander, cuff_program):
    return assign(islander, cuff_program, datetime(2026, 3, 2).date())


def log(patient, assignment, *, pain: int, when: str = RED_AT, triggered: bool = False):
    session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                       performed_at=datetime.fromisoformat(when), entries=[],
                       pain_during=pain, headache_triggered=triggered)


def notices_at(patient, utc: datetime) -> list[dict]:
    with time_machine.travel(utc, tick=False):
        body = client_for(patient).get("/api/v1/me/today").json()
    return body["notices"]


def test_a_red_event_shows_stop_and_rest_today_and_tomorrow_in_the_patients_zone(
        islander, program_of):
    assert notices_at(islander, datetime(2026, 3, 9, 17, 59, tzinfo=UTC)) == []
    log(islander, program_of, pain=7)

    logged_day = notices_at(islander, datetime(2026, 3, 9, 18, 5, tzinfo=UTC))
    assert logged_day == [{"kind": "stop_and_rest", "message": STOP, "since": RED_AT}]
    # The last second of the next local day (Wed 11 Mar, 23:59:59 in Kiritimati)...
    assert notices_at(islander, datetime(2026, 3, 11, 9, 59, 59, tzinfo=UTC)) == logged_day
    # ...and then it is Thu 12 Mar there, although only Wed 11 Mar 10:00 in UTC.
    assert notices_at(islander, datetime(2026, 3, 11, 10, 0, tzinfo=UTC)) == []


def test_pain_at_the_limit_is_not_red_and_the_assignments_own_limit_counts(
        islander, program_of):
    log(islander, program_of, pain=5)
    assert notices_at(islander, datetime(2026, 3, 9, 19, tzinfo=UTC)) == []

    program_of.progression_settings = {"pain": {"red_above": 6}}
    program_of.save()
    log(islander, program_of, pain=6)
    assert notices_at(islander, datetime(2026, 3, 9, 19, tzinfo=UTC)) == []
    log(islander, program_of, pain=7, when="2026-03-10T09:00:00+14:00")
    assert notices_at(islander, datetime(2026, 3, 9, 19, tzinfo=UTC))[0]["since"] == (
        "2026-03-10T09:00:00+14:00")


def test_a_headache_brought_on_by_exercise_is_red_on_its_own(islander, program_of):
    headache_log_create(patient=islander, client_id=uuid.uuid4(), peak_pain=6,
                        started_at=datetime.fromisoformat("2026-03-09T21:30:00+14:00"),
                        exercise_triggered=True)
    log(islander, program_of, pain=0, triggered=True)  # and one logged with a session
    [notice] = notices_at(islander, datetime(2026, 3, 9, 19, tzinfo=UTC))
    assert notice["message"].startswith("You logged a headache brought on by exercise. Stop "
                                        "these exercises for today and rest.")
    assert notice["since"] == "2026-03-09T21:30:00+14:00"  # the first of the two


def test_the_therapist_sees_the_same_notice(islander, program_of, therapist):
    log(islander, program_of, pain=8)
    with time_machine.travel(datetime(2026, 3, 9, 19, tzinfo=UTC), tick=False):
        body = client_for(therapist).get(f"/api/v1/patients/{islander.pk}/today").json()
    assert body["notices"][0]["since"] == RED_AT


def test_the_days_plan_reads_no_more_for_its_notice(islander, program_of):
    """The program, the day's sessions and whether the patient rests that day (a skip): the
    notice itself comes from the patient's row."""
    log(islander, program_of, pain=7)
    on = datetime(2026, 3, 10).date()
    with CaptureQueriesContext(connection) as queries:
        today = today_get(patient=islander, on=on)
    assert today["notices"] and len(queries) == 3, [q["sql"][:90] for q in queries.captured_queries]
