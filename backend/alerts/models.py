"""Things a therapist should look at: flares, exercise-triggered attacks, and proposals of
the progression engine waiting for confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AlertKind(models.TextChoices):
    PAIN_ABOVE_LIMIT = "pain_above_limit", "Pain during exercise above the limit"
    TRIGGERED_HEADACHE = "triggered_headache", "Headache triggered by exercise"
    PROGRESSION_PROPOSAL = "progression_proposal", "Progression proposal to confirm"
    NO_RECENT_LOG = "no_recent_log", "No exercise logged for days"
    URGENT_SYMPTOMS = "urgent_symptoms", "Red-flag headache: sent to emergency care"
    HEADACHE_ESCALATION = "headache_escalation", "Headache days escalating"


# Each occurrence is its own alert, never folded into an open one: every red-flag headache
# is an emergency the therapist must see on its own, with its own time.
NEVER_MERGED = frozenset({AlertKind.URGENT_SYMPTOMS})


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"


class AlertOutcome(models.TextChoices):
    """How a therapist closed an alert: dealt with, or (a progression proposal) declined."""

    RESOLVED = "resolved", "Resolved"
    DECLINED = "declined", "Declined"


class Alert(models.Model):
    CLINIC_PATH = "clinic"  # accounts.selectors.visible_to: the inbox's own index

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    # Copied from the patient so the therapist's inbox is one indexed lookup.
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    status = models.CharField(max_length=10, choices=AlertStatus.choices,
                              default=AlertStatus.OPEN)
    details = models.JSONField(default=dict, blank=True)
    session_log = models.ForeignKey(
        "logs.SessionLog", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when the alert is closed: resolved (with an optional note) or, for a progression
    # proposal, declined (with the reason, required).
    outcome = models.CharField(max_length=10, choices=AlertOutcome.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["clinic", "status", "-created_at"]),
            models.Index(fields=["patient", "status"]),
        ]
