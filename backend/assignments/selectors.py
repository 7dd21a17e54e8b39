"""Reads about assignments: who may see which, and what a patient has to do on a date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from assignments.models import Assignment, AssignmentItem, AssignmentPause, PhaseChange
from assignments.schedule import ItemDose, Plan
from logs.models import SessionLog


def assignments_visible_to(viewer: User) -> QuerySet[Assignment]:
    if viewer.is_clinic_staff and viewer.clinic_id:
        return Assignment.objects.filter(patient__clinic_id=viewer.clinic_id)
    if viewer.is_patient:
        return Assignment.objects.filter(patient=viewer)
    return Assignment.objects.none()


def with_plan(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Everything `Plan.of` and the serializers read, in a fixed number of queries."""
    return queryset.select_related("template").prefetch_related(
        Prefetch("items", queryset=AssignmentItem.objects.select_related("exercise")),
        "pauses",
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
    """Plans of every assignment that overlaps [first, last], grouped by patient."""
    plans: dict[int, list[Plan]] = defaultdict(list)
    for assignment in with_plan(_overlapping(patient_ids, first, last)):
        plans[assignment.patient_id].append(Plan.of(assignment))
    return plans


def dose_plans_between(patient_ids, first: date, last: date) -> dict[int, list[Plan]]:
    """The same plans from bare rows: for counting sessions across a whole clinic.

    Model instances for every item of a thousand patients cost seconds; tuples cost
    milliseconds. `patient_ids` may be a queryset (it becomes a subquery).
    """
    assignments = _overlapping(patient_ids, first, last)
    rows = list(assignments.values_list("pk", "patient_id", "start_date", "end_date",
                                        "current_phase"))
    items: dict[int, list[ItemDose]] = defaultdict(list)
    for assignment_id, *dose in (AssignmentItem.objects.filter(assignment__in=assignments)
                                 .values_list("assignment_id", "phase", "times_per_day",
                                              "days_of_week")):
        items[assignment_id].append(ItemDose(*dose))
    pauses = defaultdict(list)
    for assignment_id, start, end in (AssignmentPause.objects
                                      .filter(assignment__in=assignments)
                                      .values_list("assignment_id", "start_date", "end_date")):
        pauses[assignment_id].append((start, end))
    changes = defaultdict(list)
    for assignment_id, *change in (PhaseChange.objects.filter(assignment__in=assignments)
                                   .order_by("effective_date", "changed_at")
                                   .values_list("assignment_id", "effective_date",
                                                "from_phase", "to_phase")):
        changes[assignment_id].append(tuple(change))
    plans: dict[int, list[Plan]] = defaultdict(list)
    for pk, patient_id, start, end, phase in rows:
        plans[patient_id].append(Plan(
            assignment_id=pk, start_date=start, end_date=end, current_phase=phase,
            items=items[pk], pauses=pauses[pk], phase_changes=changes[pk],
        ))
    return plans


def _sessions_done_on(patient: User, on: date) -> dict[tuple[int, int | None], int]:
    """{(assignment id, exercise id or None for a session logged without entries): count}."""
    done: dict[tuple[int, int | None], int] = defaultdict(int)
    rows = (SessionLog.objects.filter(patient=patient, local_date=on)
            .values_list("id", "assignment_id", "entries__exercise_id").distinct().order_by())
    for _, assignment_id, exercise_id in rows:
        done[(assignment_id, exercise_id)] += 1
    return done


def today_get(*, patient: User, on: date) -> dict:
    """What is due on `on` (the patient's local date) and how much of it is done."""
    assignments = _overlapping([patient.pk], on, on).prefetch_related(
        Prefetch("items", queryset=AssignmentItem.objects.select_related("exercise")),
        "pauses", "phase_changes",
    )
    plans = [Plan.of(assignment) for assignment in assignments]
    done = _sessions_done_on(patient, on)
    items = []
    for plan in plans:
        assignment = plan.assignment
        for item, times in plan.items_due_on(on):
            done_times = done[(assignment.pk, item.exercise_id)] + done[(assignment.pk, None)]
            items.append({"assignment": assignment, "item": item, "due": times,
                          "done": min(done_times, times)})
    return {"date": on, "items": items}
