"""A month of the headache diary as a clinician counts it (clinical reference section 7).

- A headache counts on every calendar day it touched in the patient's zone, an open one
  on at most `HEADACHE_OPEN_MAX_DAYS` (logs.headache_days, the one home of that rule).
- Migraine days (an attack of kind migraine touched the day) are counted apart from
  headache days (every migraine day is also a headache day).
- A day is known when a headache touched it or a daily check-in answered it; a day with
  no word is `unknown`, never headache-free.
- Acute-medication days by class: the local day each medication was taken (the attack's
  start day when no time was given); "took something" without a name is class `unknown`.
- Rule used for a headache day: any recorded headache, whatever its length.

Deleted entries are not read (`HeadacheLog.objects`).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from logs.headache_days import (
    HEADACHE_DAY_RULE,
    LONGEST_ATTACK_DAYS,
    attack_days,
    open_max_days,
)
from logs.models import DailyCheckin, HeadacheKind, HeadacheLog, SessionLog

UNKNOWN_CLASS = "unknown"


def month_bounds(month: date) -> tuple[date, date]:
    first = month.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def diary_month(*, patient: User, month: date) -> dict[str, Any]:
    """{days: [{date, status, peak_pain, medication_classes, sessions}], totals: {...}}."""
    zone = patient.zone
    first, last = month_bounds(month)
    today = timezone.now().astimezone(zone).date()
    open_max = open_max_days()
    # Attacks that may reach into the month: started at most a month before it (longer
    # ones are not a headache diary's case) up to its last day.
    since = datetime.combine(first - timedelta(days=LONGEST_ATTACK_DAYS), time.min, tzinfo=zone)
    until = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    logs = (HeadacheLog.objects.filter(patient=patient, started_at__gte=since,
                                       started_at__lt=until)
            .prefetch_related("medications"))
    peak: dict[date, int] = {}
    migraine: set[date] = set()
    classes: dict[date, set[str]] = defaultdict(set)
    for log in logs:
        for day in attack_days(started_at=log.started_at, ended_at=log.ended_at,
                               still_going=log.still_going, zone=zone,
                               today=today, open_max=open_max):
            peak[day] = max(peak.get(day, 0), log.peak_pain)
            if log.kind == HeadacheKind.MIGRAINE or log.migraine:
                migraine.add(day)
        rows = list(log.medications.all())
        start_day = log.started_at.astimezone(zone).date()
        for row in rows:
            day = row.taken_at.astimezone(zone).date() if row.taken_at else start_day
            classes[day].add(row.drug_class)
        if log.medication_taken and not rows:
            classes[start_day].add(UNKNOWN_CLASS)

    answered = dict(DailyCheckin.objects.filter(
        patient=patient, date__gte=first, date__lte=last, headache_free__isnull=False,
    ).values_list("date", "headache_free"))
    sessions = dict(SessionLog.objects.filter(
        patient=patient, local_date__gte=first, local_date__lte=last,
    ).values_list("local_date").annotate(n=Count("id")).order_by())

    days: list[dict[str, Any]] = []
    medication_days: dict[str, int] = defaultdict(int)
    headache_days = migraine_days = unknown_days = 0
    for n in range((last - first).days + 1):
        day = first + timedelta(days=n)
        if day in migraine:
            status = "migraine"
        elif day in peak or answered.get(day) is False:
            status = "headache"
        elif answered.get(day) is True:
            status = "free"
        else:
            status = "unknown"
        if day <= today:
            headache_days += status in ("migraine", "headache")
            migraine_days += status == "migraine"
            unknown_days += status == "unknown"
            for drug_class in classes.get(day, ()):
                medication_days[drug_class] += 1
        days.append({"date": day.isoformat(), "status": status, "peak_pain": peak.get(day),
                     "medication_classes": sorted(classes.get(day, ())),
                     "sessions": sessions.get(day, 0)})
    any_class = sum(1 for day, found in classes.items() if first <= day <= min(last, today)
                    and found)
    return {
        "month": first.strftime("%Y-%m"), "days": days,
        "totals": {"headache_days": headache_days, "migraine_days": migraine_days,
                   "unknown_days": unknown_days,
                   "acute_medication_days": dict(sorted(medication_days.items())),
                   "any_acute_medication_days": any_class},
        "rules": {"headache_day": HEADACHE_DAY_RULE, "open_max_days": open_max},
    }
