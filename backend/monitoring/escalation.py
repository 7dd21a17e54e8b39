"""Headache escalation: the therapist is told when headache days climb.

An alert `headache_escalation` when headache days in the last 28 reach
`ESCALATION_HEADACHE_DAYS` (15: the chronic range, ICHD-3) or rise at least
`ESCALATION_RISE_PCT` (50) percent over the patient's baseline. Both are settings a clinic
may set again (`library.rules`). The figures are the ones the adherence report shows
(`adherence_report`: same headache-day rule, same baseline), so the alert never disagrees
with the chart the therapist opens.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from alerts.models import Alert, AlertKind
from alerts.services import alert_raise
from library.rules import escalation_headache_days, escalation_rise_pct
from monitoring.selectors import adherence_report

# One alert per 28-day window: the therapist has been told; each new headache day in the
# same window would only repeat it.
QUIET_FOR = timedelta(days=28)


def escalation_reasons(*, last_28: int, baseline: int | None, reach_days: int,
                       rise_pct: int) -> list[str]:
    """Readable reasons, none when headache days are not escalating. A baseline of 0 has
    no percentage rise: only the day count applies then."""
    reasons = []
    if last_28 >= reach_days:
        reasons.append(f"{last_28} headache days in the last 28 (alert at {reach_days}).")
    if baseline and last_28 * 100 >= baseline * (100 + rise_pct):
        rise = round((last_28 - baseline) * 100 / baseline)
        reasons.append(f"{last_28} headache days in the last 28 against a baseline of "
                       f"{baseline}: {rise}% more (alert at {rise_pct}%).")
    return reasons


def escalation_check(*, patient: User) -> Alert | None:
    """Raise `headache_escalation` when due and not raised in the last 28 days."""
    if Alert.objects.filter(patient=patient, kind=AlertKind.HEADACHE_ESCALATION,
                            created_at__gte=timezone.now() - QUIET_FOR).exists():
        return None
    clinic_settings = patient.clinic.settings if patient.clinic else {}
    report = adherence_report(patient=patient, weeks=1)
    last_28, baseline = report["headache_days_last_28"], report["baseline_headache_days_28"]
    reasons = escalation_reasons(last_28=last_28, baseline=baseline,
                                 reach_days=escalation_headache_days(clinic_settings),
                                 rise_pct=escalation_rise_pct(clinic_settings))
    if not reasons:
        return None
    return alert_raise(patient=patient, kind=AlertKind.HEADACHE_ESCALATION, details={
        "date": report["date"].isoformat(), "headache_days_last_28": last_28,
        "baseline_headache_days_28": baseline, "reasons": reasons})
