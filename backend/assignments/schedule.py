"""What is due on a date: the one place the scheduling rules live.

All dates here are the patient's local calendar dates; callers convert instants with the
patient's zone first. A `Plan` holds one assignment's schedule in memory (items, pauses,
phase changes), so evaluating many dates costs no queries. It is built either from model
instances (`Plan.of`, when the exercises are shown) or from bare rows (`Plan` directly,
when only sessions are counted for many patients at once).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any, Generic, Protocol, TypeVar

from assignments.models import WEEKDAYS, Assignment
from common.dates import days


class Dose(Protocol):
    """What the schedule reads of an item: an AssignmentItem, or a row shaped like one."""

    # Read-only: a model row and a NamedTuple both qualify.
    @property
    def phase(self) -> int: ...
    @property
    def times_per_day(self) -> int: ...
    @property
    def days_of_week(self) -> list[str]: ...


D = TypeVar("D", bound=Dose)


def weekly_sessions_of(items: Iterable[Dose]) -> dict[str, list[int]]:
    """{"<phase>": [sessions due on mon, ..., sun]}: an item done 3 times a day makes 3."""
    table: dict[str, list[int]] = {}
    for item in items:
        week = table.setdefault(str(item.phase), [0] * 7)
        for weekday, name in enumerate(WEEKDAYS):
            if not item.days_of_week or name in item.days_of_week:
                week[weekday] = max(week[weekday], item.times_per_day)
    return table


def item_due_times(item: Dose, on: date) -> int:
    """How many times the item is due on a date of its phase: 0 on a day it is not done."""
    if item.days_of_week and WEEKDAYS[on.weekday()] not in item.days_of_week:
        return 0
    return item.times_per_day


@dataclass(frozen=True)
class Plan(Generic[D]):
    assignment_id: int
    start_date: date
    end_date: date | None
    current_phase: int
    items: Sequence[D]  # what items_due_on answers with
    pauses: Sequence[tuple[date, date | None]] = ()  # (first paused day, first day back)
    phase_timeline: Sequence[tuple[date, int]] = ()  # (effective date, phase), in order
    # Assignment.weekly_sessions when counting without the items; derived from them if empty.
    weekly_sessions: dict[str, list[int]] = field(default_factory=dict)
    assignment: Assignment | None = field(default=None, compare=False)
    # Excused days (logs.excused: a skipped day, a red event's day and the next, a migraine
    # day): nothing is prescribed on them, so they leave adherence's denominator.
    excused: frozenset[date] = frozenset()

    def excusing(self, excused: frozenset[date]) -> Plan:
        """This plan with nothing due on `excused` days."""
        return replace(self, excused=frozenset(excused)) if excused else self

    @classmethod
    def of(cls, assignment: Assignment, items: Sequence[Dose] | None = None) -> Plan:
        """From an assignment row; its items prefetched or given."""
        rows: Sequence[Any] = tuple(assignment.items.all()) if items is None else items
        return cls(
            assignment_id=assignment.pk, start_date=assignment.start_date,
            end_date=assignment.end_date, current_phase=assignment.current_phase,
            items=rows,
            pauses=parse_pauses(assignment.pauses),
            phase_timeline=parse_timeline(assignment.phase_timeline),
            assignment=assignment,
        )

    def is_active_on(self, on: date) -> bool:
        if on < self.start_date or (self.end_date is not None and on > self.end_date):
            return False
        return not any(start <= on and (end is None or on < end) for start, end in self.pauses)

    def phase_on(self, on: date) -> int:
        """The phase in force on a date: the last change on or before it."""
        if not self.phase_timeline:
            return self.current_phase
        phase = self.phase_timeline[0][1]
        for effective, to_phase in self.phase_timeline:
            if effective > on:
                break
            phase = to_phase
        return phase

    def items_due_on(self, on: date) -> list[tuple[D, int]]:
        if not self.is_active_on(on):
            return []
        phase = self.phase_on(on)
        due = ((item, item_due_times(item, on)) for item in self.items if item.phase == phase)
        return [(item, times) for item, times in due if times]

    def sessions_due_on(self, on: date) -> int:
        """Sessions prescribed that day: an item done 3 times a day makes 3 sessions."""
        if not self.is_active_on(on) or on in self.excused:
            return 0
        week = self._weekly.get(str(self.phase_on(on)))
        return week[on.weekday()] if week else 0

    def sessions_due_between(self, first: date, last: date) -> int:
        """The sum of `sessions_due_on` over [first, last] (0 when last < first).

        A clinic's list asks this for every week of every patient: a stretch with no start,
        end, pause or phase change inside is answered from the weekly table at once.
        """
        if last < first:
            return 0
        later = bisect_right(self._changes, first)
        if later < len(self._changes) and self._changes[later] <= last:
            return sum(self.sessions_due_on(day) for day in days(first, last))
        if not self.is_active_on(first) or first in self.excused:
            return 0  # an excused first day is a change point, so it is the only day here
        fortnight = self._fortnights.get(str(self.phase_on(first)))
        if not fortnight:
            return 0
        full_weeks, rest = divmod((last - first).days + 1, 7)
        weekday = first.weekday()
        return full_weeks * sum(fortnight[:7]) + sum(fortnight[weekday:weekday + rest])

    def sessions_due_by_week(self, first: date, weeks: int) -> list[int]:
        """`sessions_due_between` for `weeks` 7-day stretches end to end from `first`; a
        plan with nothing changing over all of them costs one week's count."""
        last = first + timedelta(days=7 * weeks - 1)
        later = bisect_right(self._changes, first)
        if later == len(self._changes) or self._changes[later] > last:
            return [self.sessions_due_between(first, first + timedelta(days=6))] * weeks
        return [self.sessions_due_between(first + timedelta(weeks=n),
                                          first + timedelta(weeks=n, days=6))
                for n in range(weeks)]

    @cached_property
    def _fortnights(self) -> dict[str, list[int]]:
        # Two weeks end to end: any run of up to 7 days from any weekday is one slice.
        return {phase: week * 2 for phase, week in self._weekly.items()}

    @cached_property
    def _changes(self) -> list[date]:
        """Days on which what is due may differ from the day before, in order."""
        points = {self.start_date, *(effective for effective, _ in self.phase_timeline)}
        if self.end_date is not None:
            points.add(self.end_date + timedelta(days=1))
        for start, end in self.pauses:
            points.add(start)
            if end is not None:
                points.add(end)
        for day in self.excused:
            points.update((day, day + timedelta(days=1)))
        return sorted(points)

    @cached_property
    def _weekly(self) -> dict[str, list[int]]:
        # Adherence asks this for every day of every patient: answer from a small table.
        return self.weekly_sessions or weekly_sessions_of(self.items)


def parse_pauses(raw: list) -> tuple[tuple[date, date | None], ...]:
    return tuple((date.fromisoformat(start), date.fromisoformat(end) if end else None)
                 for start, end in raw)


def parse_timeline(raw: list) -> tuple[tuple[date, int], ...]:
    return tuple((date.fromisoformat(effective), phase) for effective, phase in raw)
