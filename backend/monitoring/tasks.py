"""Celery tasks of monitoring. Thin: fetch, call the service."""

from __future__ import annotations

from celery import shared_task

from accounts.models import User
from monitoring.escalation import escalation_check


@shared_task
def check_escalation(patient_id: int) -> None:
    """Headache days may have changed: alert the therapist if they are escalating."""
    patient = User.objects.select_related("clinic").filter(pk=patient_id).first()
    if patient is not None:
        escalation_check(patient=patient)
