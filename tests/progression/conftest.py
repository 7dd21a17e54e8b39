from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

import pytest

from logs.services import daily_checkin_put, session_log_create
from tests.factories import ExerciseFactory, assign, item, phase, program

START = date(2026, 3, 2)  # a Monday


@pytest.fixture
def nod(db):
    return ExerciseFactory(slug="ccf-pressure-biofeedback", name="Chin nod with cuff")


@pytest.fixture
def cuff_program(nod):
    """Three cuff stages of at least 3 days, two sessions a day; 3 full sessions to move on."""
    return program(*[
        phase(item(nod, reps=10, hold_seconds=10, times_per_day=2, target_mmhg=mmhg),
              name=f"Stage {n}: {mmhg} mmHg", min_days=3)
        for n, mmhg in enumerate((22, 24, 26), start=1)
    ], slug="cuff")


@pytest.fixture
def assignment(patient, cuff_program, therapist):
    return assign(patient, cuff_program, START, created_by=therapist)


def at(patient, day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=patient.zone)


def log_days(patient, assignment, nod, first: date, last: date, *, pain: int = 1,
             per_day: int = 2, hold_seconds: int = 10, soreness: int | None = 2) -> None:
    """Sessions (and morning check-ins) on each day from first to last, through the
    services, as the phone would post them."""
    day = first
    while day <= last:
        if soreness is not None:
            daily_checkin_put(patient=patient, on=day, neck_soreness=soreness,
                              headache_free=True)
        for n in range(per_day):
            session_log_create(
                patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                performed_at=at(patient, day, 9 + 8 * n),
                entries=[{"exercise": nod, "reps": 10, "hold_seconds": hold_seconds}],
                pain_during=pain)
        day += timedelta(days=1)
