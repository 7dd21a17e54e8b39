"""Reads of the audit log: a clinic's events for its administrators, a patient's own."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from audit.models import AuditAction, AuditEvent


def clinic_events(*, clinic_id: int, patient: int | None = None, actor: int | None = None,
                  action: str | None = None, start: date | None = None,
                  end: date | None = None) -> QuerySet[AuditEvent]:
    rows = AuditEvent.objects.filter(clinic_id=clinic_id)
    if patient is not None:
        rows = rows.filter(patient_id=patient)
    if actor is not None:
        rows = rows.filter(actor_id=actor)
    if action:
        rows = rows.filter(action=action)
    if start:
        rows = rows.filter(at__gte=_start_of(start))
    if end:
        rows = rows.filter(at__lt=_start_of(end + timedelta(days=1)))
    return rows.order_by("-seq")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.get_current_timezone())


def access_log(*, patient_id: int) -> QuerySet[AuditEvent]:
    """Who looked at or changed the patient's record, other than the patient."""
    return (AuditEvent.objects.filter(patient_id=patient_id)
            .exclude(actor_id=patient_id).exclude(actor_id=None)
            .exclude(action=AuditAction.CHECKPOINT).order_by("-seq"))
