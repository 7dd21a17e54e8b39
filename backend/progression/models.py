"""The latest progression evaluation of each assignment (the engine's answer, kept)."""

from __future__ import annotations

from django.db import models

from progression.engine import State

# The engine's states with readable labels (the API's ProgressionStateEnum).
STATE_CHOICES = [(state.value, state.value.replace("_", " ").capitalize()) for state in State]


class Evaluation(models.Model):
    """One row per assignment, rewritten by `services.progression_evaluate`. Phase changes
    themselves (who, when, why) are `assignments.PhaseChange` rows."""

    assignment = models.OneToOneField(
        "assignments.Assignment", on_delete=models.CASCADE, related_name="evaluation"
    )
    state = models.CharField(max_length=20, choices=STATE_CHOICES)
    phase = models.PositiveSmallIntegerField()  # the phase evaluated
    proposed_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list)  # readable sentences, most important first
    evaluated_on = models.DateField()  # the patient's local date
    evaluated_at = models.DateTimeField()
    # The window's figures and the thresholds applied, for the record.
    summary = models.JSONField(default=dict, blank=True)
