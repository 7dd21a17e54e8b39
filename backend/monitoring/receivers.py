"""Monitoring acts on what the diary announces (logs.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from accounts.models import User
from logs.signals import headache_logged
from monitoring.escalation import escalation_check


@receiver(headache_logged)
def _headache_days_changed(sender, patient_id: int, **kwargs) -> None:
    patient = User.objects.select_related("clinic").filter(pk=patient_id).first()
    if patient is not None:
        escalation_check(patient=patient)
