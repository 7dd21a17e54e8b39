"""Raising and resolving therapist alerts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, AlertKind, AlertStatus
from logs.models import HeadacheLog, SessionLog


def alert_raise(*, patient: User, kind: str, details: dict,
                session: SessionLog | None = None) -> Alert:
    """One open alert per patient and kind: a repeat adds to it instead of piling up.

    A therapist wants "Jonas is flaring (4 sessions since Monday)", not four alerts.
    """
    with transaction.atomic():
        alert = (Alert.objects.select_for_update()
                 .filter(patient=patient, kind=kind, status=AlertStatus.OPEN).first())
        if alert is None:
            return Alert.objects.create(
                patient=patient, clinic_id=patient.clinic_id, kind=kind, session_log=session,
                details={**details, "occurrences": 1},
            )
        alert.details = {**alert.details, **details,
                         "occurrences": alert.details.get("occurrences", 1) + 1}
        alert.save(update_fields=["details"])
        return alert


def alerts_for_session(*, session: SessionLog, pain_limit: int) -> list[Alert]:
    """Red events in a logged session (pain-monitoring model, shared reference §4)."""
    raised = []
    day = session.local_date.isoformat()
    if session.pain_during is not None and session.pain_during > pain_limit:
        raised.append(alert_raise(
            patient=session.patient, kind=AlertKind.PAIN_ABOVE_LIMIT, session=session,
            details={"pain_during": session.pain_during, "limit": pain_limit, "date": day},
        ))
    if session.headache_triggered:
        raised.append(alert_raise(patient=session.patient, kind=AlertKind.TRIGGERED_HEADACHE,
                                  session=session, details={"date": day}))
    return raised


def alerts_for_headache(*, log: HeadacheLog) -> list[Alert]:
    """A headache logged as brought on by exercise is a red event of its own (§4)."""
    if not log.exercise_triggered:
        return []
    return [alert_raise(patient=log.patient, kind=AlertKind.TRIGGERED_HEADACHE, details={
        "date": log.local_date.isoformat(), "headache_log": log.pk})]


def alert_resolve(*, alert: Alert, by: User) -> Alert:
    if alert.status != AlertStatus.RESOLVED:
        alert.status = AlertStatus.RESOLVED
        alert.resolved_at = timezone.now()
        alert.resolved_by = by
        alert.save(update_fields=["status", "resolved_at", "resolved_by"])
    return alert
