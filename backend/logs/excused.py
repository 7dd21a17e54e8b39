"""Excused days: the one place that decides which days do not count against a patient.

Rest is not failure (issue 10, item 8). A day is excused when
- the patient skipped it with a reason (`DaySkip`: rest after a red event, migraine,
  illness, other);
- a red event happened on it or the day before (the stop-and-rest notice covers both:
  pain above the limit during exercise, a headache brought on by exercise);
- the patient logged a migraine on it.
An excused day leaves adherence's denominator everywhere (the schedule's `Plan.excusing`,
so the engine, the patient list, the streak and the charts all follow), raises no
inactivity alert or nudge, gets no exercise reminder, and is not a monitoring data day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q

from library.rules import pain_red_above
from logs.models import DaySkip, HeadacheLog, SessionLog

# A red event stops exercise for the day it happened and the next (stop_and_rest_notices).
RED_EVENT_REST_DAYS = 2


def excused_days_between(patient_ids, first: date, last: date) -> dict[int, frozenset[date]]:
    """{patient: excused local dates in [first, last]}; three queries for any number of
    patients (`patient_ids` may be a subquery)."""
    found: dict[int, set[date]] = defaultdict(set)
    for patient_id, day in DaySkip.objects.filter(
            patient_id__in=patient_ids, date__gte=first, date__lte=last
    ).values_list("patient_id", "date"):
        found[patient_id].add(day)

    for patient_id, day in HeadacheLog.objects.filter(
            patient_id__in=patient_ids, local_date__gte=first, local_date__lte=last,
            migraine=True).values_list("patient_id", "local_date").distinct().order_by():
        found[patient_id].add(day)

    red_days: dict[int, set[date]] = defaultdict(set)
    since = first - timedelta(days=RED_EVENT_REST_DAYS - 1)
    # all_objects: a red event stays on record when the patient deletes the entry.
    for patient_id, day in HeadacheLog.all_objects.filter(
            patient_id__in=patient_ids, local_date__gte=since, local_date__lte=last,
            exercise_triggered=True).values_list("patient_id", "local_date"):
        red_days[patient_id].add(day)
    limits: dict[int, int] = {}
    for (patient_id, assignment_id, day, pain, triggered, clinic_id, clinic_settings,
         assignment_settings) in SessionLog.objects.filter(
            Q(headache_triggered=True) | Q(pain_during__isnull=False),
            patient_id__in=patient_ids, local_date__gte=since, local_date__lte=last,
    ).values_list("patient_id", "assignment_id", "local_date", "pain_during",
                  "headache_triggered", "patient__clinic_id", "patient__clinic__settings",
                  "assignment__progression_settings"):
        if assignment_id not in limits:
            # The same limit the session write used (logs.red_events.pain_limit_for).
            limits[assignment_id] = pain_red_above(
                clinic_settings=clinic_settings or {}, clinic_id=clinic_id,
                assignment_settings=assignment_settings)
        if triggered or (pain is not None and pain > limits[assignment_id]):
            red_days[patient_id].add(day)
    for patient_id, days in red_days.items():
        for day in days:
            for offset in range(RED_EVENT_REST_DAYS):
                rest = day + timedelta(days=offset)
                if first <= rest <= last:
                    found[patient_id].add(rest)
    return {patient_id: frozenset(days) for patient_id, days in found.items()}


def excused_days_of(patient_id: int, first: date, last: date) -> frozenset[date]:
    return excused_days_between([patient_id], first, last).get(patient_id, frozenset())


def is_excused(patient_id: int, day: date) -> bool:
    return day in excused_days_of(patient_id, day, day)
