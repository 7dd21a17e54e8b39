"""Outcome measures a patient completes: HIT-6, NDI, MIDAS and PSFS questionnaires.

The questions, scoring and thresholds are data (programs/instruments/); a row keeps the
answers as given and the score and band worked out when it was taken, so a later edit of
an instrument file never rewrites a patient's history. Like the diary logs, each row has a
client-made UUID (replays find the first row) and the local date it was taken on.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Instrument(models.TextChoices):
    HIT6 = "hit6", "HIT-6"
    NDI = "ndi", "Neck Disability Index"
    MIDAS = "midas", "MIDAS"
    PSFS = "psfs", "Patient-Specific Functional Scale"


class Measure(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measures"
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    # PSFS 2.0 rates in the opposite direction to the original: never compare across versions.
    version = models.PositiveSmallIntegerField(default=1)
    answers = models.JSONField()
    score = models.DecimalField(max_digits=6, decimal_places=2)
    band = models.CharField(max_length=40, blank=True)
    # What the score rests on: items answered and prorated (NDI), percentage, unscored items.
    details = models.JSONField(default=dict, blank=True)
    taken_at = models.DateTimeField()
    local_date = models.DateField()
    # The patient, or the clinician who entered it for them (e.g. in clinic).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_id = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "client_id"], name="measure_replay"),
        ]
        indexes = [
            models.Index(fields=["patient", "instrument", "taken_at"]),
        ]
