"""Reads of the patient's diary that are more than a filtered list."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import User
from assignments.selectors import plans_active_between
from logs.models import WeeklyCheckin
from monitoring.adherence import week_start


def reported_sessions_between(*, patient: User, first: date, last: date) -> dict[date, int]:
    """{week_start: sessions the patient said they did} for the weeks answered in range."""
    return dict(WeeklyCheckin.objects.filter(patient=patient, week_start__range=(first, last))
                .values_list("week_start", "sessions_done"))


def weekly_checkin_list(*, patient: User, weeks: int, today: date | None = None) -> list[dict]:
    """The last `weeks` local weeks, newest (the current one) first, answered or not.

    `sessions_planned` is the whole week as the schedule has it, days still to come
    included: the prompt comes on Sunday evening and shows the patient what was planned,
    for context only. Adherence (monitoring) counts differently, from what is logged."""
    today = today or patient.local_today()
    newest = week_start(today)
    oldest = newest - timedelta(weeks=weeks - 1)
    plans = plans_active_between([patient.pk], oldest, newest + timedelta(days=6)).get(
        patient.pk, [])
    answers = {c.week_start: c for c in
               WeeklyCheckin.objects.filter(patient=patient, week_start__range=(oldest, newest))}
    rows = []
    for index in range(weeks):
        monday = newest - timedelta(weeks=index)
        answer = answers.get(monday)
        rows.append({
            "week_start": monday,
            "sessions_planned": sum(plan.sessions_due_between(monday, monday + timedelta(days=6))
                                    for plan in plans),
            "sessions_done": answer.sessions_done if answer else None,
            "updated_at": answer.updated_at if answer else None,
        })
    return rows
