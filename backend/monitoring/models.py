"""What the therapist's patient list shows of each patient, kept ready (monitoring.summaries).

The list used to compute every patient's adherence on each request; a row here holds one
patient's figures as `selectors.patient_attention_list` computes them, with the attention
order spelled out in columns so that a page of the list is an index range scan.
"""

from __future__ import annotations

from django.db import models

from accounts.models import Clinic, User


class PatientSummary(models.Model):
    # visible_to: the patient is `patient`; the clinic copy is this row's own (the index).
    CLINIC_PATH = "clinic"

    patient = models.OneToOneField(User, primary_key=True, on_delete=models.CASCADE,
                                   related_name="summary")
    clinic = models.ForeignKey(Clinic, null=True, on_delete=models.CASCADE, related_name="+")
    last_7_days_pct = models.PositiveSmallIntegerField(null=True)
    weekly_pct = models.JSONField(default=list)
    last_log_at = models.DateTimeField(null=True)
    open_alerts = models.PositiveIntegerField(default=0)
    needs_attention = models.JSONField(default=list)
    # The attention order (selectors._attention_order) as columns: open alerts, the number
    # of reasons, the last 7 days' adherence (101 when nothing was prescribed), the name.
    reasons = models.PositiveSmallIntegerField(default=0)
    sort_pct = models.PositiveSmallIntegerField(default=101)
    last_name = models.CharField(max_length=150, blank=True)
    first_name = models.CharField(max_length=150, blank=True)
    # The patient's local date the figures are for, and when they stop being right: the
    # next local midnight, or the epoch once a write changed what they are made of.
    local_date = models.DateField(null=True)
    valid_until = models.DateTimeField()
    # Counts the writes that made the row stale: a refresh that read an older count leaves
    # the row stale (a write landed while it computed).
    changes = models.PositiveIntegerField(default=0)
    # The ATTENTION_* settings the figures were computed with (summaries.rules_key).
    rules = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "-open_alerts", "-reasons", "sort_pct", "last_name",
                                 "first_name", "patient"], name="summary_attention_order"),
            models.Index(fields=["clinic", "valid_until"], name="summary_valid_until"),
            models.Index(fields=["clinic", "updated_at"], name="summary_updated_at"),
            models.Index(fields=["clinic", "rules"], name="summary_rules"),
        ]

    def __str__(self) -> str:
        return f"summary of patient {self.patient_id}"
