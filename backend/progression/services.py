"""Writes of the progression engine: evaluate an assignment and act on the answer; move an
assignment to another phase when a therapist confirms."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, AlertKind, AlertStatus
from alerts.services import alert_raise, alert_resolve
from assignments.models import Assignment, AssignmentItem, AssignmentStatus, Evaluation, PhaseChange
from assignments.schedule import Plan
from assignments.services import (
    phase_change,
    phase_exercises,
    phase_name,
    phase_seen_check,
    screening_problem,
)
from library.rules import rules_for
from progression import engine
from progression.engine import State
from progression.facts import facts_gather
from progression.models import PendingEvaluation


def _locked(assignment_id: int) -> Assignment:
    """The assignment, locked until the transaction ends: two evaluations at once (a log
    and the daily run) must not both act on the same proposal."""
    return (Assignment.objects.filter(pk=assignment_id)
            .select_related("template", "patient__clinic")
            .prefetch_related(Prefetch("items",
                                       queryset=AssignmentItem.objects.select_related("exercise")))
            .select_for_update(of=("self",))
            .get())


def _evaluate(assignment: Assignment, on: date) -> tuple[engine.Evaluation, int]:
    plan = Plan.of(assignment)
    phase = plan.phase_on(on)
    rules = rules_for(assignment=assignment, phase=phase)
    facts = facts_gather(assignment=assignment, plan=plan, phase=phase, rules=rules, on=on)
    return engine.evaluate(facts, rules, on), phase


def _propose(assignment: Assignment, result: engine.Evaluation, phase: int, on: date) -> None:
    """Ask the therapist to confirm a change of phase (one open alert per patient)."""
    to_phase = result.proposed_phase
    assert to_phase is not None
    alert_raise(patient=assignment.patient, kind=AlertKind.PROGRESSION_PROPOSAL, details={
        "assignment": assignment.pk, "program": assignment.template.name,
        "direction": "advance" if to_phase > phase else "regress",
        "from_phase": phase, "to_phase": to_phase,
        "to_phase_name": phase_name(assignment, to_phase),
        "state": result.state.value, "reason": result.reasons[0], "date": on.isoformat(),
        "requires_signoff": bool(result.summary.get("requires_signoff")),
        # Why this is a proposal and not a move: the sentences after the evidence.
        "why": [reason for reason in result.reasons if "sign-off" in reason],
    })


@transaction.atomic
def progression_evaluate(*, assignment: Assignment, on: date | None = None
                         ) -> Evaluation | None:
    """Evaluate the assignment's current phase on `on` (default: the patient's today), store
    the answer, and act on a new proposal: raise a `progression_proposal` alert, or advance
    at once when the assignment allows automatic advance.

    A paused, ended or not yet started assignment is left as last evaluated.
    """
    assignment = _locked(assignment.pk)
    on = on or assignment.patient.local_today()
    stored = Evaluation.objects.filter(assignment=assignment).first()
    if (assignment.status != AssignmentStatus.ACTIVE
            or not Plan.of(assignment).is_active_on(on)):
        return stored
    result, phase = _evaluate(assignment, on)

    # Propose only when the answer changes, so the daily run repeats no alert.
    is_new = stored is None or (stored.state, stored.phase, stored.proposed_phase) != (
        result.state, phase, result.proposed_phase)
    # Auto-advance never enters a phase whose exercises need a clear screening the patient
    # lacks, nor a phase that needs the therapist's sign-off: the therapist is asked
    # instead, with the reason.
    unscreened = (screening_problem(patient=assignment.patient, exercises=phase_exercises(
        assignment, result.proposed_phase))
        if result.state == State.READY_TO_ADVANCE and assignment.auto_advance
        and result.proposed_phase is not None else None)
    if unscreened:
        result = replace(result, reasons=[*result.reasons,
                                          f"Not moved on automatically: {unscreened}"])
    signoff = bool(result.summary.get("requires_signoff"))
    if (result.state == State.READY_TO_ADVANCE and assignment.auto_advance and not unscreened
            and not signoff):
        to_phase = result.proposed_phase
        assert to_phase is not None
        moved = f"Moved on automatically: {result.reasons[0]}"
        phase_change(assignment=assignment, to_phase=to_phase, changed_by=None,
                     reason=moved, effective_date=on)
        result, phase = _evaluate(assignment, on)
        result = replace(result, reasons=[moved, *result.reasons],
                         summary={**result.summary, "auto_advanced_to": to_phase})
    elif is_new and result.state == State.READY_TO_ADVANCE:
        _propose(assignment, result, phase, on)
    elif (is_new and result.state == State.REGRESS_SUGGESTED
          and not result.summary["red_events"]):
        # A red event alerted the therapist when it was logged; pain that keeps failing
        # to settle has no alert of its own but this one.
        _propose(assignment, result, phase, on)

    evaluation, _ = Evaluation.objects.update_or_create(assignment=assignment, defaults={
        "state": result.state.value, "phase": phase, "proposed_phase": result.proposed_phase,
        "reasons": result.reasons, "evaluated_on": on, "evaluated_at": timezone.now(),
        "summary": result.summary,
    })
    return evaluation


def evaluation_owed(*, patient_id: int, assignment_id: int | None) -> list[int]:
    """Record that evidence changed: the assignment (or every active one of the patient)
    needs evaluating again. Idempotent, one query to find and one to write; the oldest
    waiting time is kept."""
    ids = ([assignment_id] if assignment_id is not None else list(
        Assignment.objects.filter(patient_id=patient_id, status=AssignmentStatus.ACTIVE)
        .values_list("pk", flat=True)))
    now = timezone.now()
    PendingEvaluation.objects.bulk_create(
        [PendingEvaluation(assignment_id=pk, since=now) for pk in ids], ignore_conflicts=True)
    return ids


def pending_evaluate(*, assignment_id: int) -> Evaluation | None:
    """Evaluate an assignment that a log made due, and mark it done. A log stored while
    this runs writes its row again after this commits, so it is evaluated once more."""
    with transaction.atomic():
        owed = (PendingEvaluation.objects.select_for_update(skip_locked=True)
                .filter(assignment_id=assignment_id).first())
        if owed is None:  # done already, or being done by another worker right now
            return None
        evaluation = progression_evaluate(assignment=Assignment(pk=assignment_id))
        owed.delete()
        return evaluation


@transaction.atomic
def progression_phase_move(
    *, assignment: Assignment, direction: Literal["advance", "regress"], by: User,
    to_phase: int | None = None, from_phase: int | None = None, reason: str = "",
) -> PhaseChange:
    """A therapist moves the assignment on (or back): by one phase unless `to_phase` says
    otherwise, and only from `from_phase` when given (the phase the therapist saw: two
    confirming at once move it once, the second gets 409). The change records who and why;
    without a reason given, a confirmed proposal's own sentence is the reason."""
    assignment = _locked(assignment.pk)
    phase_seen_check(assignment=assignment, from_phase=from_phase)
    current, last = assignment.current_phase, len(assignment.template.phases) - 1
    if direction == "advance":
        target = current + 1 if to_phase is None else to_phase
        if target > last:
            raise ValidationError({"to_phase": [
                f"“{phase_name(assignment, last)}” is the last phase; there is no phase "
                f"after it." if to_phase is None else f"Must be at most {last}, the last phase."]})
        if target <= current:
            raise ValidationError({"to_phase": [
                f"Must be after the current phase ({current}); use regress to step back."]})
    else:
        target = current - 1 if to_phase is None else to_phase
        if target < 0:
            raise ValidationError({"to_phase": [
                "This is the first phase; there is no phase before it."]})
        if target >= current:
            raise ValidationError({"to_phase": [
                f"Must be before the current phase ({current}); use advance to move on."]})

    stored = Evaluation.objects.filter(assignment=assignment).first()
    if not reason:
        if stored is not None and stored.proposed_phase == target and stored.reasons:
            reason = f"Confirmed the proposal: {stored.reasons[0]}"
        else:
            reason = ("Moved on by the therapist." if direction == "advance"
                      else "Stepped back by the therapist.")
    change = phase_change(assignment=assignment, to_phase=target, changed_by=by, reason=reason)
    # The proposal for this assignment is answered.
    for alert in Alert.objects.filter(patient_id=assignment.patient_id,
                                      kind=AlertKind.PROGRESSION_PROPOSAL,
                                      status=AlertStatus.OPEN, details__assignment=assignment.pk):
        alert_resolve(alert=alert, by=by)
    progression_evaluate(assignment=assignment)
    return change
