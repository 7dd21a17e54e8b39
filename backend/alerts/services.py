"""Raising and resolving therapist alerts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import NEVER_MERGED, Alert, AlertStatus


def alert_raise(*, patient: User, kind: str, details: dict,
                session_log_id: int | None = None) -> Alert:
    """One open alert per patient and kind: a repeat adds to it instead of piling up.

    A therapist wants "Jonas is flaring (4 sessions since Monday)", not four alerts.
    Kinds in `NEVER_MERGED` (urgent symptoms) are an alert each time.
    """
    if patient.clinic_id is None:  # an alert is for a clinic's therapists (column not null)
        raise ValueError("A patient without a clinic has no one to alert.")
    with transaction.atomic():
        alert = None if kind in NEVER_MERGED else (
            Alert.objects.select_for_update()
            .filter(patient=patient, kind=kind, status=AlertStatus.OPEN).first())
        if alert is None:
            return Alert.objects.create(
                patient=patient, clinic_id=patient.clinic_id, kind=kind,
                session_log_id=session_log_id,
                details={**details, "occurrences": 1},
            )
        alert.details = {**alert.details, **details,
                         "occurrences": alert.details.get("occurrences", 1) + 1}
        alert.save(update_fields=["details"])
        return alert


def alert_resolve(*, alert: Alert, by: User) -> Alert:
    if alert.status != AlertStatus.RESOLVED:
        alert.status = AlertStatus.RESOLVED
        alert.resolved_at = timezone.now()
        alert.resolved_by = by
        alert.save(update_fields=["status", "resolved_at", "resolved_by"])
    return alert
