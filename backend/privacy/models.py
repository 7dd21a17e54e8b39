"""A patient's erasure, from the request to the removal of their personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ErasureStatus(models.TextChoices):
    # The patient asked (POST me/erasure); a clinic administrator has not confirmed yet.
    REQUESTED = "requested", "Requested"
    # Confirmed: the account is deactivated; the data goes at `due_at` (privacy.tasks).
    CONFIRMED = "confirmed", "Confirmed"
    DONE = "done", "Done"


class ErasureRequest(models.Model):
    """One per patient. The row outlives the erasure as the record that it was asked for,
    confirmed and carried out (ids and times only: the patient's row is kept, emptied)."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="erasure_request")
    status = models.CharField(max_length=10, choices=ErasureStatus.choices,
                              default=ErasureStatus.REQUESTED)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # What the clinic's setting was when it was carried out (docs/privacy.md).
    kept_clinical_record = models.BooleanField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "due_at"])]
