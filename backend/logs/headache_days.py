"""Which local days a headache counts on (clinical reference section 7), for every count.

A headache counts on every calendar day it touched in the patient's zone: 22:00 to 03:00 is
two headache days. An attack left open ("still going") counts from the day it started on
at most `HEADACHE_OPEN_MAX_DAYS` days (setting, default 3), and never after the day the
count is made for. An entry with no end that was never said to be still going (an app that
did not ask) counts on its start day, as it always did. The diary's month
(monitoring.diary_month), the weekly report, the 28-day counts, the baseline and the
outcome verdict (monitoring.diary) all ask here.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

HEADACHE_DAY_RULE = "Any recorded headache counts, on each day it touched."
# An attack is not followed further back than this before a counted range.
LONGEST_ATTACK_DAYS = 31


def open_max_days() -> int:
    return max(1, int(getattr(settings, "HEADACHE_OPEN_MAX_DAYS", 3)))


def attack_days(*, started_at: datetime, ended_at: datetime | None, still_going: bool,
                zone: ZoneInfo, today: date, open_max: int | None = None) -> list[date]:
    """The local days a headache touched, in order. Without an end, only an attack the
    patient said was still going reaches past its first day."""
    first = started_at.astimezone(zone).date()
    if ended_at is None and not still_going:
        return [first]
    if ended_at is not None:
        last = max(first, ended_at.astimezone(zone).date())
    else:
        limit = open_max if open_max is not None else open_max_days()
        last = max(first, min(today, first + timedelta(days=limit - 1)))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
