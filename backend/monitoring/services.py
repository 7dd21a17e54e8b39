"""Writes of monitoring: the patient list's summaries (models.PatientSummary).

A summary is right until one of three things happens, and each one makes it stale:
- a write that changes what it is made of (a session, a headache, a check-in, a skipped
  day, an alert, a program, the patient's name or zone, the clinic's rules):
  `summary_mark_stale`, called by monitoring.receivers in the write's transaction, sets
  `valid_until` to the epoch; after the commit the worker recomputes the row;
- the patient's local midnight (the last 7 days and the weeks move): `valid_until` is that
  instant, and beat's `refresh_due` recomputes every row past it each minute;
- the ATTENTION_* settings changing (a deploy): `rules` no longer matches `rules_key()`.
Whatever the worker has not reached yet, the list recomputes itself before it answers
(`summaries_refresh_due(clinic_id=...)`), so a page never shows a stale figure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import Role, User
from common.tasks import send_after_commit
from monitoring.models import PatientSummary
from monitoring.selectors import attention_rows

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
REFRESH_BATCH = 500
_RULES = ("ATTENTION_ADHERENCE_BELOW_PCT", "ATTENTION_INACTIVE_DAYS",
          "ATTENTION_SORENESS_AT_LEAST", "ATTENTION_FALLING_DROP_POINTS",
          "ATTENTION_FALLING_BEFORE_WEEKS", "ATTENTION_TREND_WEEKS")


def rules_key() -> str:
    """The settings the attention reasons and the trend are computed with, as one key."""
    text = ",".join(f"{name}={getattr(settings, name)}" for name in _RULES)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def summary_mark_stale(*, patient_ids: Iterable[int] | QuerySet | None = None,
                       clinic_id: int | None = None) -> None:
    """The summaries of these patients (or of a whole clinic) no longer hold: the list
    recomputes them before it shows them, and the worker does so after the commit."""
    rows = PatientSummary.objects.all()
    if clinic_id is not None:
        rows = rows.filter(clinic_id=clinic_id)
    if patient_ids is not None:
        ids = patient_ids if isinstance(patient_ids, QuerySet) else list(patient_ids)
        rows = rows.filter(patient_id__in=ids)
    rows.update(valid_until=EPOCH, changes=F("changes") + 1)
    if patient_ids is not None and not isinstance(patient_ids, QuerySet):
        # Imported here: tasks imports this module.
        from monitoring.tasks import refresh_summary

        for patient_id in ids:
            send_after_commit(partial(refresh_summary.delay, patient_id),
                              what=f"patient summary of patient {patient_id}")


def summary_patient_saved(*, patient: User) -> None:
    """A patient was created or changed (name, zone, clinic, baseline): their row exists,
    carries their clinic and name, and is stale."""
    if patient.role != Role.PATIENT:
        PatientSummary.objects.filter(patient=patient).delete()
        return
    PatientSummary.objects.get_or_create(patient=patient, defaults={
        "clinic_id": patient.clinic_id, "valid_until": EPOCH,
        "last_name": patient.last_name, "first_name": patient.first_name})
    PatientSummary.objects.filter(patient=patient).update(
        clinic_id=patient.clinic_id, last_name=patient.last_name,
        first_name=patient.first_name)
    summary_mark_stale(patient_ids=[patient.pk])


def summaries_ensure() -> int:
    """A (stale) row for every patient who has none: users made past the app's write
    paths (a bulk import). How many were made."""
    missing = (User.objects.filter(role=Role.PATIENT, summary__isnull=True)
               .values_list("pk", "clinic_id", "last_name", "first_name"))
    made = PatientSummary.objects.bulk_create(
        (PatientSummary(patient_id=pk, clinic_id=clinic_id, last_name=last, first_name=first,
                        valid_until=EPOCH) for pk, clinic_id, last, first in missing.iterator()),
        batch_size=1000, ignore_conflicts=True)
    return len(made)


def _next_midnight(patient: User, local_date) -> datetime:
    return datetime.combine(local_date + timedelta(days=1), time(0), tzinfo=patient.zone)


def summaries_refresh(patient_ids: Iterable[int]) -> int:
    """Recompute these patients' summaries; the number recomputed."""
    ids = list(patient_ids)
    if not ids:
        return 0
    seen = dict(PatientSummary.objects.filter(patient_id__in=ids)
                .values_list("patient_id", "changes"))
    now = timezone.now()
    key = rules_key()
    rows = []
    for patient in attention_rows(User.objects.filter(pk__in=ids, role=Role.PATIENT)):
        summary = patient.adherence
        pct = summary["last_7_days_pct"]
        local_date = now.astimezone(patient.zone).date()
        rows.append(PatientSummary(
            patient_id=patient.pk, clinic_id=patient.clinic_id,
            last_7_days_pct=pct, weekly_pct=list(summary["weekly_pct"]),
            last_log_at=summary["last_log_at"], open_alerts=summary["open_alerts"],
            needs_attention=list(patient.needs_attention),
            reasons=len(patient.needs_attention), sort_pct=101 if pct is None else pct,
            last_name=patient.last_name, first_name=patient.first_name,
            local_date=local_date, valid_until=_next_midnight(patient, local_date),
            changes=seen.get(patient.pk, 0), rules=key, updated_at=now))
    with transaction.atomic():
        PatientSummary.objects.bulk_create(
            rows, batch_size=REFRESH_BATCH, update_conflicts=True, unique_fields=["patient"],
            update_fields=["clinic", "last_7_days_pct", "weekly_pct", "last_log_at",
                           "open_alerts", "needs_attention", "reasons", "sort_pct",
                           "last_name", "first_name", "local_date", "valid_until", "rules",
                           "updated_at"])
    # A write that landed while the figures were computed counted itself in `changes`:
    # its row stays stale for the next refresh.
    moved = [pid for pid, changes in PatientSummary.objects.filter(patient_id__in=ids)
             .values_list("patient_id", "changes") if changes != seen.get(pid, 0)]
    if moved:
        PatientSummary.objects.filter(patient_id__in=moved).update(valid_until=EPOCH)
    return len(rows)


def stale_summaries(*, clinic_id: int | None = None, now: datetime | None = None
                    ) -> QuerySet[PatientSummary]:
    """Rows that no longer hold: marked stale, past the patient's midnight, computed "in the
    future" (the clock went back), or with other rules. Index range scans each."""
    now = now or timezone.now()
    key = rules_key()
    rows = PatientSummary.objects.filter(Q(valid_until__lte=now) | Q(updated_at__gt=now)
                                         | Q(rules__lt=key) | Q(rules__gt=key)
                                         | Q(updated_at=None))
    return rows.filter(clinic_id=clinic_id) if clinic_id is not None else rows


def summaries_refresh_due(*, clinic_id: int | None = None) -> int:
    """Recompute every summary that no longer holds (of one clinic, or all); how many."""
    done = 0
    while True:
        ids = list(stale_summaries(clinic_id=clinic_id).order_by()
                   .values_list("patient_id", flat=True)[:REFRESH_BATCH])
        if not ids:
            return done
        refreshed = summaries_refresh(ids)
        done += refreshed
        if refreshed < len(ids):  # rows whose user is no longer a patient
            PatientSummary.objects.filter(patient_id__in=ids).exclude(
                patient__role=Role.PATIENT).delete()
        if len(ids) < REFRESH_BATCH:
            return done
