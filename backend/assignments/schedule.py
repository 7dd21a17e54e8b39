"""What is due on a date: the one place the scheduling rules live.

All dates here are the patient's local calendar dates; callers convert instants with the
patient's zone first. A `Plan` is built from an assignment whose items, pauses and phase
changes were prefetched, so evaluating many dates costs no queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from assignments.models import WEEKDAYS, Assignment, AssignmentItem, AssignmentPause, PhaseChange


def item_due_times(item: AssignmentItem, on: date) -> int:
    """How many times the item is due on a date of its phase: 0 on a day it is not done."""
    if item.days_of_week and WEEKDAYS[on.weekday()] not in item.days_of_week:
        return 0
    return item.times_per_day


@dataclass(frozen=True)
class Plan:
    assignment: Assignment
    items: tuple[AssignmentItem, ...]
    pauses: tuple[AssignmentPause, ...]
    phase_changes: tuple[PhaseChange, ...]

    @classmethod
    def of(cls, assignment: Assignment) -> Plan:
        """Uses prefetched `items`, `pauses` and `phase_changes` when present."""
        return cls(
            assignment=assignment,
            items=tuple(assignment.items.all()),
            pauses=tuple(assignment.pauses.all()),
            phase_changes=tuple(sorted(assignment.phase_changes.all(),
                                       key=lambda c: (c.effective_date, c.changed_at))),
        )

    def is_active_on(self, on: date) -> bool:
        a = self.assignment
        if on < a.start_date or (a.end_date is not None and on > a.end_date):
            return False
        return not any(
            p.start_date <= on and (p.end_date is None or on < p.end_date) for p in self.pauses
        )

    def phase_on(self, on: date) -> int:
        """The phase in force on a date, from the recorded phase changes."""
        if not self.phase_changes:
            return self.assignment.current_phase
        phase = self.phase_changes[0].from_phase
        for change in self.phase_changes:
            if change.effective_date > on:
                break
            phase = change.to_phase
        return phase

    def items_due_on(self, on: date) -> list[tuple[AssignmentItem, int]]:
        if not self.is_active_on(on):
            return []
        phase = self.phase_on(on)
        due = ((item, item_due_times(item, on)) for item in self.items if item.phase == phase)
        return [(item, times) for item, times in due if times]

    def sessions_due_on(self, on: date) -> int:
        """Sessions prescribed that day: an item done 3 times a day makes 3 sessions."""
        return max((times for _, times in self.items_due_on(on)), default=0)

    def sessions_due_between(self, first: date, last: date) -> int:
        return sum(self.sessions_due_on(day) for day in days(first, last))


def days(first: date, last: date) -> Iterable[date]:
    """Every date from first to last, both included."""
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)
