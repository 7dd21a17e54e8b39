"""The engine's answers follow the evidence and the program, without the apps below
knowing about the engine: they announce changes (`logs.signals`, `assignments.signals`)
and these receivers act."""

from __future__ import annotations

from django.dispatch import receiver

from assignments.models import Assignment
from assignments.signals import program_changed
from logs.signals import evidence_logged
from progression.services import evaluation_owed, progression_evaluate
from progression.tasks import pending_send_after_commit


@receiver(evidence_logged)
def _evaluate_soon(sender, *, patient_id: int, assignment_id: int | None, **kwargs) -> None:
    # Recorded in the log's transaction; evaluated by a worker after the commit.
    pending_send_after_commit(evaluation_owed(patient_id=patient_id,
                                              assignment_id=assignment_id))


@receiver(program_changed)
def _evaluate_now(sender, *, assignment: Assignment, **kwargs) -> None:
    progression_evaluate(assignment=assignment)
