"""Monitoring acts on what the diary announces (logs.signals), and keeps the patient list's
summaries (monitoring.services) stale-marked by every write they are made of."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Clinic, User
from alerts.models import Alert
from assignments.models import Assignment, AssignmentItem, PhaseChange
from common.tasks import send_after_commit
from logs.models import DailyCheckin, DaySkip, HeadacheLog, SessionLog
from logs.signals import headache_logged
from monitoring import services
from monitoring.tasks import check_escalation


@receiver(headache_logged)
def _headache_days_changed(sender, patient_id: int, **kwargs) -> None:
    # After the commit, in the worker: the check reads the adherence report's figures
    # (tens of milliseconds), which the patient's headache post need not wait for. A lost
    # message only delays the alert to the patient's next headache or check-in.
    send_after_commit(lambda: check_escalation.delay(patient_id),
                      what=f"headache escalation check of patient {patient_id}")


# What a patient's list row is made of: their logs, skipped days, alerts and programs.
_PATIENT_ROWS = (SessionLog, HeadacheLog, DailyCheckin, DaySkip, Alert, Assignment)


def _patient_row_changed(sender, instance, **kwargs) -> None:
    services.summary_mark_stale(patient_ids=[instance.patient_id])


def _program_part_changed(sender, instance, **kwargs) -> None:
    patient_id = (Assignment.objects.filter(pk=instance.assignment_id)
                  .values_list("patient_id", flat=True).first())
    if patient_id is not None:
        services.summary_mark_stale(patient_ids=[patient_id])


_model: type
for _model in _PATIENT_ROWS:
    post_save.connect(_patient_row_changed, sender=_model, dispatch_uid=f"summary-{_model}")
    post_delete.connect(_patient_row_changed, sender=_model, dispatch_uid=f"summary-d-{_model}")
for _part in (AssignmentItem, PhaseChange):
    post_save.connect(_program_part_changed, sender=_part, dispatch_uid=f"summary-{_part}")
    post_delete.connect(_program_part_changed, sender=_part, dispatch_uid=f"summary-d-{_part}")


@receiver(post_save, sender=User, dispatch_uid="summary-user")
def _person_saved(sender, instance: User, raw: bool = False, **kwargs) -> None:
    if not raw:
        services.summary_patient_saved(patient=instance)


@receiver(post_save, sender=Clinic, dispatch_uid="summary-clinic")
def _clinic_saved(sender, instance: Clinic, created: bool = False, **kwargs) -> None:
    # The clinic's settings (pain limits, thresholds) shape every patient's figures.
    if not created:
        services.summary_mark_stale(clinic_id=instance.pk)
