"""Monitoring acts on what the diary announces (logs.signals)."""

from __future__ import annotations

from django.dispatch import receiver

from common.tasks import send_after_commit
from logs.signals import headache_logged
from monitoring.tasks import check_escalation


@receiver(headache_logged)
def _headache_days_changed(sender, patient_id: int, **kwargs) -> None:
    # After the commit, in the worker: the check reads the adherence report's figures
    # (tens of milliseconds), which the patient's headache post need not wait for. A lost
    # message only delays the alert to the patient's next headache or check-in.
    send_after_commit(lambda: check_escalation.delay(patient_id),
                      what=f"headache escalation check of patient {patient_id}")
