"""Work the progression engine still owes: assignments whose evidence changed since their
last evaluation. The engine's answers themselves are `assignments.Evaluation`."""

from __future__ import annotations

from django.db import models


class PendingEvaluation(models.Model):
    """Written in the same transaction as the log that makes an evaluation due, so the
    follow-up never depends on the broker being up at commit time: the worker evaluates
    the assignment and deletes the row, and a sweep every minute catches any whose task
    was never sent (`progression.tasks`)."""

    assignment = models.OneToOneField("assignments.Assignment", on_delete=models.CASCADE,
                                      related_name="+", primary_key=True)
    # The oldest evidence still waiting: the sweep takes the longest-waiting first.
    since = models.DateTimeField(db_index=True)
