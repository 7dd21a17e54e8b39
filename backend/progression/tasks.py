"""Celery tasks: evaluate after each log and once a day. Thin: fetch ids, call the service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction

from assignments.models import Assignment, AssignmentStatus
from progression.services import progression_evaluate


@shared_task
def evaluate_assignment(assignment_id: int) -> None:
    assignment = Assignment.objects.filter(pk=assignment_id).only("pk").first()
    if assignment is not None:  # deleted since the log was written
        progression_evaluate(assignment=assignment)


@shared_task
def evaluate_patient(patient_id: int) -> None:
    """After a headache log or a check-in: every active program of the patient."""
    evaluate_batch([*Assignment.objects.filter(patient_id=patient_id,
                                               status=AssignmentStatus.ACTIVE)
                    .order_by("pk").values_list("pk", flat=True)])


@shared_task
def evaluate_batch(assignment_ids: list[int]) -> None:
    """Each assignment in its own transaction: one that fails leaves the others evaluated,
    and the task still fails, naming it."""
    failed = []
    for assignment in Assignment.objects.filter(pk__in=assignment_ids).only("pk"):
        try:
            progression_evaluate(assignment=assignment)
        except Exception as exc:  # re-raised below, after the rest of the batch
            failed.append((assignment.pk, exc))
    if failed:
        raise RuntimeError(f"progression_evaluate failed for assignments "
                           f"{[pk for pk, _ in failed]}") from failed[0][1]


@shared_task
def evaluate_all_active(batch_size: int | None = None) -> int:
    """The daily run (CELERY_BEAT_SCHEDULE): one message per batch of active assignments,
    walking ids in order so no list of every id is held. Returns the batches sent."""
    size = batch_size or settings.PROGRESSION_BATCH_SIZE
    active = Assignment.objects.filter(status=AssignmentStatus.ACTIVE).order_by("pk")
    last, batches = 0, 0
    while ids := list(active.filter(pk__gt=last).values_list("pk", flat=True)[:size]):
        evaluate_batch.delay(ids)
        last, batches = ids[-1], batches + 1
    return batches


def evaluation_enqueue(*, assignment_id: int | None = None, patient_id: int | None = None
                       ) -> None:
    """Evaluate again once the current transaction commits (at once outside of one): one
    assignment after a session, every active one of a patient after a headache or a
    check-in."""
    if assignment_id is not None:
        transaction.on_commit(lambda: evaluate_assignment.delay(assignment_id))
    else:
        transaction.on_commit(lambda: evaluate_patient.delay(patient_id))
