"""Reads of the patient's diary that are more than a filtered list, and the patient's day:
what is due on a date and how much of it is done."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from django.utils import timezone

from accounts.models import User
from assignments.dose import dose_text
from assignments.models import AssignmentItem
from assignments.schedule import Plan, parse_pauses, parse_timeline
from assignments.selectors import assignments_overlapping, plans_active_between
from assignments.services import DOSE_FIELDS
from common.dates import week_start
from library.rules import emergency_number, exercise_trigger_window_hours
from logs.models import DaySkip, SessionLog, WeeklyCheckin
from logs.red_events import stop_and_rest_notices


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
    # Sessions on record for each week (logs of every program, by local date): the check-in
    # shows them, so the patient answers for what the app did not see, not from memory.
    logged: dict[date, int] = defaultdict(int)
    for day in SessionLog.objects.filter(
            patient=patient, local_date__range=(oldest, newest + timedelta(days=6))
    ).values_list("local_date", flat=True):
        logged[week_start(day)] += 1
    rows = []
    for index in range(weeks):
        monday = newest - timedelta(weeks=index)
        answer = answers.get(monday)
        rows.append({
            "week_start": monday,
            "sessions_planned": sum(plan.sessions_due_between(monday, monday + timedelta(days=6))
                                    for plan in plans),
            "sessions_done": answer.sessions_done if answer else None,
            "sessions_logged": logged[monday],
            "updated_at": answer.updated_at if answer else None,
        })
    return rows


class _ShownItem(NamedTuple):
    """An item with what the patient sees of it (a `Dose` for the schedule)."""

    phase: int
    times_per_day: int
    days_of_week: list[str]
    row: dict


_EXERCISE_SHOWN = ("slug", "name", "kind", "instructions", "what_to_feel", "stop_if", "cues",
                   "media", "demonstration", "rates_dizziness")
_ASSIGNMENT_SCHEDULE = ("start_date", "end_date", "current_phase", "pauses", "phase_timeline",
                        "program_changed_at", "template__name")


def _sessions_done_on(patient: User, on: date) -> dict[tuple[int, int | None], int]:
    """{(assignment id, exercise id or None for a session logged without entries): count}."""
    done: dict[tuple[int, int | None], int] = defaultdict(int)
    rows = (SessionLog.objects.filter(patient=patient, local_date=on)
            .values_list("id", "assignment_id", "entries__exercise_id").distinct().order_by())
    for _, assignment_id, exercise_id in rows:
        done[(assignment_id, exercise_id)] += 1
    return done


def today_get(*, patient: User, on: date) -> dict:
    """What is due on `on` (the patient's local date), how much of it is done, and a
    stop-and-rest notice after a red event.

    The patient's most frequent request: one query for the program (items with their
    assignment's schedule and their exercise) and one for what was logged that day.
    """
    running = assignments_overlapping([patient.pk], on, on)
    rows = (AssignmentItem.objects.filter(assignment__in=running)
            .order_by("assignment__start_date", "assignment_id", "position")
            .values("id", "assignment_id", "phase", "exercise_id", "extra", *DOSE_FIELDS,
                    *(f"assignment__{f}" for f in _ASSIGNMENT_SCHEDULE),
                    *(f"exercise__{f}" for f in _EXERCISE_SHOWN)))
    by_assignment: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_assignment[row["assignment_id"]].append(row)

    done = _sessions_done_on(patient, on) if by_assignment else {}
    items = []
    for assignment_id, item_rows in by_assignment.items():
        first = item_rows[0]
        plan = Plan(
            assignment_id=assignment_id, start_date=first["assignment__start_date"],
            end_date=first["assignment__end_date"],
            current_phase=first["assignment__current_phase"],
            items=[_ShownItem(r["phase"], r["times_per_day"], r["days_of_week"], r)
                   for r in item_rows],
            pauses=parse_pauses(first["assignment__pauses"]),
            phase_timeline=parse_timeline(first["assignment__phase_timeline"]),
        )
        for item, times in plan.items_due_on(on):
            row = item.row
            done_times = (done.get((assignment_id, row["exercise_id"]), 0)
                          + done.get((assignment_id, None), 0))
            prescription = {**row["extra"], **{f: row[f] for f in DOSE_FIELDS}}
            items.append({
                "assignment": assignment_id,
                "item": row["id"],
                "exercise": {f: row[f"exercise__{f}"] for f in _EXERCISE_SHOWN},
                "prescription": prescription,
                "dose_text": dose_text(prescription, row["exercise__kind"]),
                "due": times,
                "done": min(done_times, times),
            })
    skip = DaySkip.objects.filter(patient=patient, date=on).values_list("reason", flat=True).first()
    return {"date": on, "items": items, "notices": stop_and_rest_notices(patient=patient, on=on),
            "safety": safety_of(patient), "skipped": skip,
            "program_changed": _program_changed(by_assignment)}


def _program_changed(by_assignment: dict[int, list[dict]]) -> dict | None:
    """The newest change to a program running today, within the last week."""
    since = timezone.now() - PROGRAM_CHANGED_SHOWN
    changed = [(rows[0]["assignment__program_changed_at"], pk, rows[0])
               for pk, rows in by_assignment.items()
               if rows[0]["assignment__program_changed_at"] is not None
               and rows[0]["assignment__program_changed_at"] >= since]
    if not changed:
        return None
    at, pk, row = max(changed, key=lambda c: c[0])
    return {"assignment": pk, "program": row["assignment__template__name"], "changed_at": at}


# Today says the program changed for this long after the change.
PROGRAM_CHANGED_SHOWN = timedelta(days=7)


def safety_of(patient: User) -> dict:
    """What the phone needs offline to act on a red flag or a delayed attack: the number
    the urgent message calls and the hours after a session it asks about (library.rules)."""
    clinic_settings = patient.clinic.settings if patient.clinic else {}
    return {"emergency_number": emergency_number(clinic_settings),
            "exercise_trigger_window_hours": exercise_trigger_window_hours(clinic_settings)}
