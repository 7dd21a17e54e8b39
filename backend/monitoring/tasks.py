"""Celery tasks of monitoring. Thin: fetch, call the service."""

from __future__ import annotations

from celery import shared_task

from accounts.models import User
from monitoring.escalation import escalation_check
from monitoring.services import summaries_refresh, summaries_refresh_due


@shared_task
def check_escalation(patient_id: int) -> None:
    """Headache days may have changed: alert the therapist if they are escalating."""
    patient = User.objects.select_related("clinic").filter(pk=patient_id).first()
    if patient is not None:
        escalation_check(patient=patient)


@shared_task
def refresh_summary(patient_id: int) -> None:
    """A write changed what the patient's list row is made of (sent after its commit)."""
    summaries_refresh([patient_id])


@shared_task
def refresh_due() -> int:
    """Every minute (beat): rows past their patient's local midnight, or whose message was
    lost, or computed under other rules."""
    return summaries_refresh_due()
