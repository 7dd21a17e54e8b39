"""Reads about assignments: who may see which, and which plans run between two dates."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import visible_to
from assignments.models import (
    Assignment,
    AssignmentItem,
    PhaseChange,
    ProgramChange,
    ProgressionState,
    Screening,
)
from assignments.schedule import Plan, parse_pauses, parse_timeline


def with_plan(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Everything `Plan.of` and the assignment serializers read, in a fixed number of queries."""
    return queryset.select_related("template", "evaluation", "ended_by").prefetch_related(
        Prefetch("items", queryset=AssignmentItem.objects.select_related("exercise")),
        "phase_changes",
    )


def assignment_get(*, viewer: User, assignment_id) -> Assignment:
    try:
        return with_plan(visible_to(viewer, Assignment.objects.all())).get(pk=assignment_id)
    except (Assignment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def assignments_overlapping(patient_ids, first: date, last: date) -> QuerySet[Assignment]:
    """Assignments of these patients whose dates touch [first, last]."""
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
            assignments_overlapping(patient_ids, first, last).values_list(
                "pk", "patient_id", "start_date", "end_date", "current_phase", "pauses",
                "phase_timeline", "weekly_sessions")):
        plans[patient_id].append(Plan(
            assignment_id=pk, start_date=start, end_date=end, current_phase=phase, items=(),
            pauses=parse_pauses(pauses), phase_timeline=parse_timeline(timeline),
            weekly_sessions=weekly,
        ))
    return plans


NOT_YET_EVALUATED = ("Not evaluated yet: progress is checked after each logged session or "
                     "check-in, and once a day.")


def progression_of(assignment: Assignment) -> dict:
    """The stored evaluation (`assignment.evaluation`, selected with it). Before the first
    one, `on_track` with no time: a read never evaluates, so it never writes."""
    stored = getattr(assignment, "evaluation", None)
    if stored is None:
        return {"state": ProgressionState.ON_TRACK.value, "reasons": [NOT_YET_EVALUATED],
                "proposed_phase": None, "evaluated_at": None}
    return {"state": stored.state, "reasons": stored.reasons,
            "proposed_phase": stored.proposed_phase, "evaluated_at": stored.evaluated_at}


def screening_list(*, patient: User) -> QuerySet[Screening]:
    """The patient's screenings, newest first (the newest decides what may be assigned)."""
    return Screening.objects.filter(patient=patient).select_related("recorded_by")


def assignment_history(*, assignment: Assignment) -> list[dict]:
    """Every change to the program, newest first: phase moves (`PhaseChange`, the engine's
    automatic ones with no author) and the therapist's other changes (`ProgramChange`),
    each with who, when, what and why."""
    phases = assignment.template.phases

    def name(phase: int) -> str:
        return phases[phase]["name"] if 0 <= phase < len(phases) else f"phase {phase + 1}"

    rows = [{"kind": c.kind, "changed_at": c.changed_at, "changed_by": c.changed_by,
             "what": c.what, "reason": c.reason, "phase": c.phase,
             "exercise": c.exercise.slug if c.exercise else None,
             "before": c.before, "after": c.after}
            for c in ProgramChange.objects.filter(assignment=assignment)
            .select_related("changed_by", "exercise")]
    rows += [{"kind": "phase", "changed_at": c.changed_at, "changed_by": c.changed_by,
              "what": (f"Moved from “{name(c.from_phase)}” to “{name(c.to_phase)}” from "
                       f"{c.effective_date.isoformat()}."),
              "reason": c.reason, "phase": c.to_phase, "exercise": None,
              "before": {"phase": c.from_phase}, "after": {"phase": c.to_phase}}
             for c in PhaseChange.objects.filter(assignment=assignment)
             .select_related("changed_by")]
    return sorted(rows, key=lambda row: row["changed_at"], reverse=True)

