"""A patient's erasure (GDPR article 17): asked for by the patient, confirmed by a clinic
administrator (the account is deactivated at once), carried out after the clinic's grace
period by `privacy.tasks.erasures_due`. What is removed and what is kept is in
docs/privacy.md; each kind of record's fate is declared in privacy.registry."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from accounts import clinic_settings
from accounts.models import SignInFailure, User
from accounts.services import _account_digest
from accounts.staff import sign_out_everywhere
from audit.chain import Entry, append, forget_key
from audit.models import AuditAction, PatientAuditKey
from common.errors import Conflict
from monitoring.models import PatientSummary
from privacy.models import ErasureRequest, ErasureStatus
from privacy.registry import PATIENT_DATA
from reminders.models import Notification, ReminderSettings


def erasure_request(*, patient: User) -> ErasureRequest:
    """The patient asks; the clinic's administrators confirm. Asking twice is one request."""
    request, _ = ErasureRequest.objects.get_or_create(
        patient=patient, defaults={"requested_at": timezone.now(), "requested_by": patient})
    return request


@transaction.atomic
def erasure_confirm(*, patient: User, by: User) -> ErasureRequest:
    """A clinic administrator confirms (the patient's request, or one the patient made to the
    clinic another way): the account is deactivated and signed out everywhere, reminders
    stop, and the data goes after the clinic's grace period."""
    patient = User.objects.select_for_update().get(pk=patient.pk)
    now = timezone.now()
    request, _ = ErasureRequest.objects.select_for_update().get_or_create(
        patient=patient, defaults={"requested_at": now, "requested_by": by})
    if request.status != ErasureStatus.REQUESTED:
        raise Conflict("This patient's erasure is already confirmed.", code="erasure_confirmed")
    grace = int(clinic_settings.value_of(patient.clinic, clinic_settings.ERASURE_GRACE_DAYS))
    request.status = ErasureStatus.CONFIRMED
    request.confirmed_at, request.confirmed_by = now, by
    request.due_at = now + timedelta(days=grace)
    request.save()
    patient.is_active = False
    patient.save(update_fields=["is_active"])
    sign_out_everywhere(patient)
    ReminderSettings.objects.filter(user=patient).update(enabled=False, next_due_at=None,
                                                         next_slot="")
    Notification.objects.filter(user=patient, sent_at=None, abandoned_at=None).update(
        abandoned_at=now)
    return request


def _personal_strings(patient: User, *, parts: bool) -> list[str]:
    """How other rows may name the patient, longest first (a full name before its parts).
    `parts`: the first and last name alone too, only where the row is about this patient."""
    names = {patient.email, patient.get_full_name(), patient.first_name_and_initial}
    if parts:
        names |= {patient.first_name, patient.last_name}
    return sorted((n for n in names if n and len(n) >= 2), key=len, reverse=True)


def _without(text: str, strings: list[str]) -> str:
    for s in strings:
        text = re.sub(rf"(?<!\w){re.escape(s)}(?!\w)", "a former patient", text,
                      flags=re.IGNORECASE)
    return text


def _scrub_json(value: Any, strings: list[str]) -> Any:
    if isinstance(value, str):
        return _without(value, strings)
    if isinstance(value, list):
        return [_scrub_json(v, strings) for v in value]
    if isinstance(value, dict):
        return {k: _scrub_json(v, strings) for k, v in value.items()}
    return value


def _about(payload: Any, patient: User) -> bool:
    return isinstance(payload, dict) and (
        payload.get("url") == f"/therapist/patients/{patient.pk}"
        or payload.get("patient") == patient.pk)


def _names_elsewhere(patient: User) -> None:
    """Rows that are not the patient's yet may name them: staff notifications about their
    alerts ("Anna B.: ..."), the therapist's digest, the Django admin's history."""
    strict = _personal_strings(patient, parts=False)
    loose = _personal_strings(patient, parts=True)
    pattern = re.compile("|".join(re.escape(s) for s in loose), re.IGNORECASE)
    # Only the clinic's people were ever told about the patient.
    told = Notification.objects.filter(user__clinic=patient.clinic).exclude(user=patient)
    for notification in told.iterator():
        if pattern.search(json.dumps(notification.payload, ensure_ascii=False)):
            strings = loose if _about(notification.payload, patient) else strict
            Notification.objects.filter(pk=notification.pk).update(
                payload=_scrub_json(notification.payload, strings))
    for entry in LogEntry.objects.all().iterator():
        if pattern.search(entry.object_repr) or pattern.search(entry.change_message):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=_without(entry.object_repr, strict),
                change_message=_without(entry.change_message, strict))
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User),
                            object_id=str(patient.pk)).update(object_repr="A former patient")


@transaction.atomic
def erasure_carry_out(*, request: ErasureRequest) -> None:
    """Remove or pseudonymise everything personal about the patient, now."""
    patient = User.objects.select_for_update().get(pk=request.patient_id)
    keep_clinical = bool(clinic_settings.value_of(
        patient.clinic, clinic_settings.ERASURE_KEEPS_CLINICAL_RECORD))
    _names_elsewhere(patient)
    sign_out_everywhere(patient)
    SignInFailure.objects.filter(account_digest=_account_digest(patient.email)).delete()
    # Children first: deleting a program takes its items with it.
    for entry in reversed(PATIENT_DATA):
        rows = entry.rows(patient.pk)
        if entry.on_erasure == "delete" or (entry.on_erasure == "clinical" and not keep_clinical):
            rows.delete()
        elif entry.on_erasure == "clinical":
            if entry.free_text:
                rows.update(**dict.fromkeys(entry.free_text, ""))
            if entry.scrub is not None:
                for row in rows.iterator():
                    entry.model._default_manager.filter(pk=row.pk).update(**entry.scrub(row))
    clinic = patient.clinic
    patient.email = f"erased-{patient.pk}@erased.invalid"
    patient.first_name = patient.last_name = ""
    patient.set_unusable_password()
    patient.is_active = False
    patient.recent_red_events = []
    patient.timezone = clinic.timezone if clinic else "UTC"
    if not keep_clinical:
        patient.baseline_headache_days_28 = None
        patient.primary_therapist = None
    # Not save(): its password signal would look for devices that are already gone.
    User.objects.filter(pk=patient.pk).update(
        email=patient.email, first_name="", last_name="", password=patient.password,
        is_active=False, recent_red_events=[], timezone=patient.timezone,
        baseline_headache_days_28=patient.baseline_headache_days_28,
        primary_therapist=patient.primary_therapist)
    # Crypto-shredding: the address hashes of the patient's audit rows match nothing now.
    PatientAuditKey.objects.filter(patient_id=patient.pk).delete()
    forget_key(patient.pk)
    # The patient list's figures copy the name; they are recomputed from what is left.
    PatientSummary.objects.filter(patient_id=patient.pk).delete()
    now = timezone.now()
    ErasureRequest.objects.filter(pk=request.pk).update(
        status=ErasureStatus.DONE, done_at=now, kept_clinical_record=keep_clinical)
    if patient.clinic_id is not None:
        append(Entry(clinic_id=patient.clinic_id, patient_id=patient.pk, actor_id=None,
                     action=AuditAction.ERASURE, record="patient",
                     note="clinical_record=kept" if keep_clinical else "clinical_record=deleted"))


def erasures_due(*, now=None) -> int:
    """Carry out every confirmed erasure whose grace period is over; the count."""
    now = now or timezone.now()
    done = 0
    for request in ErasureRequest.objects.filter(status=ErasureStatus.CONFIRMED,
                                                 due_at__lte=now).order_by("due_at"):
        erasure_carry_out(request=request)
        done += 1
    return done

