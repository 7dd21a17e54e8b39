"""When the next reminder is due: pure functions, no database.

Reminder times are local wall-clock times ("18:00") in the patient's zone. Each local date
and time is one *slot* ("2026-03-29T02:30") that maps to exactly one UTC instant:

- a time that does not exist (spring forward: 02:30 in Europe/Berlin on 2026-03-29) fires at
  the next valid local minute, 03:00, once;
- a time that exists twice (fall back: 02:30 on 2026-10-25) fires at its first occurrence
  (fold=0), once: the slot, not the wall clock, is what is counted.

A zone change needs nothing special: recompute from now in the new zone.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    if len(hours) != 2 or len(minutes) != 2:
        raise ValueError(f"{value!r} is not HH:MM")
    return time(int(hours), int(minutes))


def slot_key(day: date, at: time) -> str:
    return f"{day.isoformat()}T{at:%H:%M}"


def _exists(local: datetime, zone: zoneinfo.ZoneInfo) -> bool:
    back = local.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == local.replace(tzinfo=None)


def slot_instant(day: date, at: time, zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of a local slot: the first occurrence of an ambiguous time, the next
    valid minute after a time skipped by a DST gap."""
    local = datetime.combine(day, at, tzinfo=zone)  # fold=0: the first occurrence
    if not _exists(local, zone):
        # Inside a gap: walk to the first local minute that exists (gaps are at most a few
        # hours, and only minute-aligned in the tz database).
        wall = local.replace(tzinfo=None)
        for _ in range(24 * 60):
            wall += timedelta(minutes=1)
            local = wall.replace(tzinfo=zone)
            if _exists(local, zone):
                break
    return local.astimezone(UTC)


def in_quiet_hours(at: time, quiet_hours: dict | None) -> bool:
    """`start` <= at < `end`, wrapping over midnight when end is before start."""
    if not quiet_hours:
        return False
    start, end = parse_hhmm(quiet_hours["start"]), parse_hhmm(quiet_hours["end"])
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def next_due(*, after: datetime, times: list[str], zone: str, weekdays: list[str] | None = None,
             quiet_hours: dict | None = None) -> tuple[datetime, str] | None:
    """The first slot strictly after `after` (aware), as (UTC instant, slot key).

    Times inside quiet hours are skipped, not moved: an exercise reminder at 23:00 with
    quiet hours 22:00-07:00 has nothing useful to say at 07:00 the next day. Two slots that
    land on the same instant (02:30 and 03:00 on a spring-forward day) fire once.
    None when no slot can ever come (no times, or every time is quiet).
    """
    tz = zoneinfo.ZoneInfo(zone)
    clock = sorted({parse_hhmm(t) for t in times if not in_quiet_hours(parse_hhmm(t),
                                                                          quiet_hours)})
    if not clock:
        return None
    allowed = set(weekdays or WEEKDAYS)
    first_day = after.astimezone(tz).date() - timedelta(days=1)  # slots moved by a DST gap
    for offset in range(9):  # every weekday comes within a week; one more for the gap
        day = first_day + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] not in allowed:
            continue
        for at in clock:
            instant = slot_instant(day, at, tz)
            if instant > after:
                return instant, slot_key(day, at)
    return None


def local_date_of_slot(key: str) -> date:
    return date.fromisoformat(key.split("T", 1)[0])
