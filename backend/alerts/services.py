"""Raising and resolving therapist alerts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import NEVER_MERGED, Alert, AlertKind, AlertOutcome, AlertStatus
from common.errors import FieldErrors, Refused


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


NOTE_MAX = 2000


def _close(alert: Alert, *, by: User, outcome: str, note: str) -> Alert:
    alert.status = AlertStatus.RESOLVED
    alert.resolved_at = timezone.now()
    alert.resolved_by = by
    alert.outcome = outcome
    alert.note = note
    alert.save(update_fields=["status", "resolved_at", "resolved_by", "outcome", "note"])
    return alert


def alert_resolve(*, alert: Alert, by: User, note: str = "") -> Alert:
    """Close the alert as dealt with, with an optional note. Resolving it again changes
    nothing: the first who resolved it, when, and their note stay."""
    if alert.status != AlertStatus.RESOLVED:
        _close(alert, by=by, outcome=AlertOutcome.RESOLVED, note=note.strip())
    return alert


def alert_decline(*, alert: Alert, by: User, reason: str) -> Alert:
    """Decline a progression proposal: the phase stays, and who declined it and why is
    kept on the alert (shown with the program). Only an open proposal can be declined."""
    if alert.kind != AlertKind.PROGRESSION_PROPOSAL:
        raise Refused("Only a progression proposal can be declined; resolve this alert instead.",
                      code="not_a_proposal",
                      fields={"reason": ["Only a progression proposal can be declined."]})
    if alert.status == AlertStatus.RESOLVED:
        raise Refused("This proposal has already been answered.", code="already_answered",
                      fields={"reason": ["This proposal has already been answered."]})
    reason = reason.strip()
    if not reason:
        raise FieldErrors({"reason": ["Say why you decline the proposal."]},
                          labels={"reason": "the reason for declining"})
    return _close(alert, by=by, outcome=AlertOutcome.DECLINED, note=reason)
