"""Reads about assignments: who may see which, and what a patient has to do on a date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from assignments.models import Assignment, AssignmentItem
from assignments.schedule import Plan, parse_pauses, parse_timeline
from assignments.services import DOSE_FIELDS
from logs.models import RedEvent, SessionLog
from progression.selectors import stop_and_rest_notices


def assignments_visible_to(viewer: User) -> QuerySet[Assignment]:
    if viewer.is_clinic_staff and viewer.clinic_id:
        return Assignment.objects.filter(patient__clinic_id=viewer.clinic_id)
    if viewer.is_patient:
        return Assignment.objects.filter(patient=viewer)
    return Assignment.objects.none()


def with_plan(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Everything `Plan.of` and the assignment serializers read, in a fixed number of queries."""
    return queryset.select_related("template", "evaluation").prefetch_related(
        Prefetch("items", queryset=AssignmentItem.objects.select_related("exercise")),
        "phase_changes",
    )


def assignment_get(*, viewer: User, assignment_id) -> Assignment:
    try:
        return with_plan(assignments_visible_to(viewer)).get(pk=assignment_id)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _overlapping(patient_ids, first: date, last: date) -> QuerySet[Assignment]:
    return (Assignment.objects.filter(patient_id__in=patient_ids, start_date__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=first)))


def plans_active_between(patient_ids, first: date, last: date) -> dict[int, list[Plan]]:
    """Plans of every assignment that overlaps [first, last], grouped by patient.

    One query of bare rows for any number of patients (model instances for every item
    of a thousand patients cost seconds): the plans count sessions from each assignment's
    weekly table and carry no items. `patient_ids` may be a queryset (a subquery).
    """
    plans: dict[int, list[Plan]] = defaultdict(list)
    for pk, patient_id, start, end, phase, pauses, timeline, weekly in (
            _overlapping(patient_ids, first, last).values_list(
                "pk", "patient_id", "start_date", "end_date", "current_phase", "pauses",
                "phase_timeline", "weekly_sessions")):
        plans[patient_id].append(Plan(
            assignment_id=pk, start_date=start, end_date=end, current_phase=phase, items=(),
            pauses=parse_pauses(pauses), phase_timeline=parse_timeline(timeline),
            weekly_sessions=weekly,
        ))
    return plans


class _ShownItem(NamedTuple):
    """An item with what the patient sees of it (a `Dose` for the schedule)."""

    phase: int
    times_per_day: int
    days_of_week: list[str]
    row: dict


_EXERCISE_SHOWN = ("slug", "name", "kind", "instructions", "what_to_feel", "stop_if", "cues",
                   "media")
_ASSIGNMENT_SCHEDULE = ("start_date", "end_date", "current_phase", "pauses", "phase_timeline")


def _sessions_done_on(patient: User, on: date) -> dict[tuple[int, int | None], int]:
    """{(assignment id, exercise id or None for a session logged without entries): count}."""
    done: dict[tuple[int, int | None], int] = defaultdict(int)
    rows = (SessionLog.objects.filter(patient=patient, local_date=on)
            .values_list("id", "assignment_id", "entries__exercise_id").distinct().order_by())
    for _, assignment_id, exercise_id in rows:
        done[(assignment_id, exercise_id)] += 1
    return done


def _notices(patient: User, on: date) -> list[dict]:
    """Stop and rest after a red event on `on` or the day before, from the red events kept
    on the patient as they are logged (logs.services): no query."""
    zone = patient.zone
    recent = [(event["kind"], datetime.fromisoformat(event["at"]))
              for event in patient.recent_red_events]
    recent = [(kind, at) for kind, at in recent
              if on - timedelta(days=1) <= at.astimezone(zone).date() <= on]
    return stop_and_rest_notices(
        pain_at=[at for kind, at in recent if kind == RedEvent.PAIN],
        triggered_at=[at for kind, at in recent if kind == RedEvent.TRIGGERED],
        zone=zone,
    )


def today_get(*, patient: User, on: date) -> dict:
    """What is due on `on` (the patient's local date), how much of it is done, and a
    stop-and-rest notice after a red event.

    The patient's most frequent request: one query for the program (items with their
    assignment's schedule and their exercise) and one for what was logged that day.
    """
    rows = (AssignmentItem.objects.filter(assignment__in=_overlapping([patient.pk], on, on))
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
            items.append({
                "assignment": assignment_id,
                "item": row["id"],
                "exercise": {f: row[f"exercise__{f}"] for f in _EXERCISE_SHOWN},
                "prescription": {**row["extra"], **{f: row[f] for f in DOSE_FIELDS}},
                "due": times,
                "done": min(done_times, times),
            })
    return {"date": on, "items": items, "notices": _notices(patient, on)}
