"""Celery tasks: evaluate what a log made due, sweep what was never sent, and the daily run.
Thin: fetch ids, call the service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from assignments.models import Assignment, AssignmentStatus
from common.tasks import send_after_commit
from progression.models import PendingEvaluation
from progression.services import pending_evaluate, progression_evaluate


@shared_task
def evaluate_pending(assignment_ids: list[int]) -> None:
    """The evaluations a log made due (`PendingEvaluation`), each in its own transaction."""
    _each(assignment_ids, lambda pk: pending_evaluate(assignment_id=pk))


@shared_task
def sweep_pending(batch_size: int | None = None) -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): evaluations still owed, the longest waiting
    first, whose message was lost or never sent (the broker was down at commit time)."""
    size = batch_size or settings.PROGRESSION_BATCH_SIZE
    ids = list(PendingEvaluation.objects.order_by("since")
               .values_list("assignment_id", flat=True)[:size])
    evaluate_pending(ids)
    return len(ids)


@shared_task
def evaluate_batch(assignment_ids: list[int]) -> None:
    _each(assignment_ids, lambda pk: progression_evaluate(assignment=Assignment(pk=pk)))


def _each(assignment_ids: list[int], evaluate) -> None:
    """One transaction per assignment: one that fails leaves the others evaluated, and the
    task still fails, naming it."""
    failed = []
    for pk in Assignment.objects.filter(pk__in=assignment_ids).values_list("pk", flat=True):
        try:
            evaluate(pk)
        except Exception as exc:  # re-raised below, after the rest of the batch
            failed.append((pk, exc))
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


def pending_send_after_commit(assignment_ids: list[int]) -> None:
    """Ask a worker to evaluate them as soon as the log commits (the sweep is the backstop)."""
    if assignment_ids:
        send_after_commit(lambda: evaluate_pending.delay(assignment_ids),
                          what=f"evaluation of assignments {assignment_ids}")
