"""Adherence arithmetic: sessions done against sessions prescribed. Pure functions.

Rules, in one place:
- A day's prescribed sessions come from the schedule (`Plan.sessions_due_on`).
- Days after `today` count for nothing; today counts only the sessions already done, so
  the figure never drops in the morning just because the day is not over (no shaming).
- Sessions done count per assignment and are capped at what was prescribed for it over
  the same range: extra sessions do not make up for another program, nor exceed 100%.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from assignments.schedule import Plan
from common.dates import days
from monitoring.diary import Diary


@dataclass(frozen=True)
class Adherence:
    prescribed: int
    done: int

    @property
    def pct(self) -> int | None:
        return round(100 * self.done / self.prescribed) if self.prescribed else None


def adherence_between(plans: list[Plan], diary: Diary, first: date, last: date,
                      today: date) -> Adherence:
    span = list(days(first, min(last, today)))
    sessions = diary.sessions
    logged = {plan.assignment_id: sum(sessions.get((plan.assignment_id, day), 0) for day in span)
              for plan in plans}
    logged_today = {plan.assignment_id: sessions.get((plan.assignment_id, today), 0)
                    for plan in plans} if first <= today <= last else {}
    return adherence_of_counts(plans, logged, logged_today, first, last, today)


def adherence_of_counts(plans: list[Plan], logged: Mapping[int, int],
                        logged_today: Mapping[int, int], first: date, last: date,
                        today: date) -> Adherence:
    """The rules above, from sessions logged per assignment over [first, last] (and on
    `today`, when it is inside): what a week's total from the database is enough for."""
    prescribed = done = 0
    for plan in plans:
        plan_due = plan.sessions_due_between(first, min(last, today - timedelta(days=1)))
        if first <= today <= last:
            plan_due += min(plan.sessions_due_on(today), logged_today.get(plan.assignment_id, 0))
        prescribed += plan_due
        done += min(logged.get(plan.assignment_id, 0), plan_due)
    return Adherence(prescribed=prescribed, done=done)


def adherence_of_weeks(plans: list[Plan], logged: Mapping[date, Mapping[int, int]],
                       first: date, weeks: int) -> list[Adherence]:
    """`adherence_of_counts` for `weeks` whole weeks from `first`, all before today, from
    {week start: {assignment: sessions logged}}: what a clinic's list asks of every patient,
    so each plan's schedule is read once for all the weeks."""
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    prescribed, done = [0] * weeks, [0] * weeks
    for plan in plans:
        for n, due in enumerate(plan.sessions_due_by_week(first, weeks)):
            if due:
                prescribed[n] += due
                done[n] += min(logged.get(starts[n], _NONE).get(plan.assignment_id, 0), due)
    return [Adherence(prescribed=p, done=d) for p, d in zip(prescribed, done, strict=True)]


_NONE: Mapping[int, int] = {}


def current_streak_days(plans: list[Plan], diary: Diary, today: date, first: date) -> int:
    """Days in a row, back from today, on which the patient exercised (at least one session
    of what was prescribed that day logged).

    Full doses are adherence's business; a streak that a single missed evening session
    reset showed a patient who had just logged "0 days", which discourages more than it
    tells. A day with nothing prescribed (an aerobic rest day) neither adds nor breaks the
    streak; today adds once something is logged and never breaks it.
    """
    streak = 0
    day = today
    while day >= first:
        due = [plan for plan in plans if plan.sessions_due_on(day)]
        if due:
            if any(diary.sessions.get((plan.assignment_id, day), 0) for plan in due):
                streak += 1
            elif day != today:
                break
        day -= timedelta(days=1)
    return streak
