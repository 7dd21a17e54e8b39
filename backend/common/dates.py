"""Calendar arithmetic every app shares: local dates in the patient's zone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta


def days(first: date, last: date) -> Iterator[date]:
    """Every date from first to last, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def week_start(day: date) -> date:
    """Weeks start on Monday in the patient's zone."""
    return day - timedelta(days=day.weekday())
