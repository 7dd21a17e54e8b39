import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from logs.services import daily_checkin_put, headache_log_create
from measures.instruments import instruments_read
from tests.conftest import SHIPPED_PROGRAMS  # noqa: E402
from tests.factories import ExerciseFactory, assign, item, phase, program

# Answers that score as named, for setting up histories.
ALL_NEVER = ["never"] * 6  # HIT-6 36
ALL_ALWAYS = ["always"] * 6  # HIT-6 78


@pytest.fixture(scope="session")
def shipped():
    """The shipped instrument documents by slug, read and validated as the app reads them."""
    return {slug: d.document for slug, d in instruments_read(programs_dir=SHIPPED_PROGRAMS).items()}


def start_program(patient, start: date):
    """An assignment from `start`, made through the service as a therapist would."""
    nod = ExerciseFactory()
    return assign(patient, program(phase(item(nod, reps=10, hold_seconds=10))), start)


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def diary(patient, first: date, days: int, headache_days: set[int]) -> None:
    """`days` days from `first`: a headache log on the given offsets, a headache-free
    check-in on every other day, so that every day is known."""
    for offset in range(days):
        day = first + timedelta(days=offset)
        if offset in headache_days:
            headache_log_create(patient=patient, client_id=uuid.uuid4(),
                                started_at=at_noon(day), peak_pain=5)
        else:
            daily_checkin_put(patient=patient, on=day, neck_soreness=2, headache_free=True)
