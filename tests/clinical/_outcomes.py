"""Building a patient's months through the services, as the case book's verdict cases need."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from logs.services import daily_checkin_put, headache_log_create
from measures.selectors import outcomes_summary
from measures.services import measure_create


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def diary(patient, first: date, days: int, headache_days: int) -> None:
    """`days` fully recorded days from `first`, `headache_days` of them spread evenly with a
    headache log, every other day a headache-free check-in."""
    chosen = {round(n * days / headache_days) for n in range(headache_days)} if headache_days \
        else set()
    for offset in range(days):
        day = first + timedelta(days=offset)
        if offset in chosen:
            headache_log_create(patient=patient, client_id=uuid.uuid4(),
                                started_at=at_noon(day), peak_pain=6)
        else:
            daily_checkin_put(patient=patient, on=day, neck_soreness=2, headache_free=True)


def ndi(patient, total: int, on: date) -> None:
    """An NDI of `total` (0-50) through the service."""
    answers = [min(5, max(0, total - 5 * n)) for n in range(10)]
    measure_create(patient=patient, instrument="ndi", answers=answers, taken_at=at_noon(on),
                   created_by=patient, client_id=uuid.uuid4())


def outcomes(patient, today: date) -> dict:
    return outcomes_summary(patient=patient, today=today)
