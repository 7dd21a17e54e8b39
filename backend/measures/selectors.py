"""Reads: a patient's measures, which questionnaires are due, and the outcomes summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet

from accounts.models import User
from accounts.selectors import visible_to
from assignments.models import Assignment
from measures.instruments import instruments
from measures.models import Measure
from measures.outcomes import Taken, headache_response, instrument_change, verdict_for
from measures.thresholds import instrument_thresholds, outcome_thresholds
from monitoring.diary import Diary, diaries_between
from monitoring.selectors import Baseline, adherence_report, headache_baseline, program_start


def measure_list(*, viewer: User, patient: User | None = None,
                 instrument: str | None = None) -> QuerySet[Measure]:
    """`patient` must already be one the viewer may see (accounts.selectors.patient_get)."""
    rows = visible_to(viewer, Measure.objects.all())
    if patient is not None:
        rows = rows.filter(patient=patient)
    if instrument:
        rows = rows.filter(instrument=instrument)
    return rows


@dataclass(frozen=True)
class MeasureDue:
    instrument: str
    due_on: date | None  # None: never taken and no program has started
    last_taken_at: datetime | None
    remeasure_days: int
    due: bool  # due_on has come
    overdue: bool  # due_on has passed


def measures_due(*, patient: User, on: date) -> list[MeasureDue]:
    """Each questionnaire the patient's clinic uses, with the local date it is next due.

    Never taken: due when the program starts (a baseline). Taken: due `remeasure_days` after
    the local date of the last one (HIT-6 28, NDI 14, MIDAS 90, PSFS 28 unless the clinic
    set its own). Reminders call this with the patient's local today.
    """
    start = program_start(patient)
    last = {row["instrument"]: row for row in Measure.objects.filter(patient=patient)
            .values("instrument").annotate(at=Max("taken_at"), on=Max("local_date"))
            .order_by()}
    schedule = []
    for slug, definition in instruments().items():
        thresholds = instrument_thresholds(instrument=definition, clinic=patient.clinic)
        if not thresholds.scheduled:
            continue
        taken = last.get(slug)
        due_on = taken["on"] + timedelta(days=thresholds.remeasure_days) if taken else start
        schedule.append(MeasureDue(
            instrument=slug, due_on=due_on, last_taken_at=taken["at"] if taken else None,
            remeasure_days=thresholds.remeasure_days,
            due=due_on is not None and due_on <= on,
            overdue=due_on is not None and due_on < on,
        ))
    return schedule


def outcomes_summary(*, patient: User, today: date | None = None) -> dict[str, Any]:
    """Headache days against the 4-week baseline, each questionnaire's first and latest
    score, and the verdict, as of `today` (the patient's local date).

    The clock runs per program (`programs`): a program added in week 7 is judged on its own
    weeks, against the diary of the 4 weeks before it began. The top-level verdict is the
    first program's, i.e. the whole course of care so far.
    """
    today = today or patient.local_today()
    report = adherence_report(patient=patient, weeks=1, today=today)
    start = program_start(patient)
    weeks = None if start is None else max((today - start).days, 0) // 7
    clinic = patient.clinic
    limits = outcome_thresholds(clinic=clinic)

    taken: dict[str, list[Taken]] = defaultdict(list)
    rows = (Measure.objects.filter(patient=patient, local_date__lte=today)
            .order_by("taken_at", "id")
            .values_list("instrument", "score", "band", "taken_at", "local_date", "version"))
    for slug, score, band, taken_at, local_date, version in rows:
        taken[slug].append(Taken(score=score, band=band, taken_at=taken_at,
                                 local_date=local_date, version=version))
    definitions = instruments()
    sections = {
        slug: instrument_change(
            instrument=definition, measures=taken[slug],
            thresholds=instrument_thresholds(instrument=definition, clinic=clinic))
        for slug, definition in definitions.items()
    }
    judged = {definitions[slug].short_name: sections[slug] for slug in definitions}

    def headache_section(baseline: Baseline) -> dict[str, Any]:
        return headache_response(
            baseline=baseline.days, last_28=report["headache_days_last_28"],
            days_recorded=report["days_recorded_last_28"],
            responder_drop_pct=limits.responder_drop_pct, baseline_source=baseline.source,
            baseline_days_recorded=baseline.days_recorded,
            min_recorded_days=settings.BASELINE_MIN_RECORDED_DAYS)

    headache_days = headache_section(Baseline(
        days=report["baseline_headache_days_28"], source=report["baseline_source"],
        days_recorded=report["baseline_days_recorded"]))
    overall = verdict_for(weeks_in_program=weeks, thresholds=limits,
                          headache_days=headache_days, measures=judged)

    programs = []
    assignments = list(Assignment.objects.filter(patient=patient, start_date__lte=today)
                       .order_by("start_date", "pk")
                       .values_list("pk", "start_date", "template__name"))
    diary = diaries_between([patient.pk], min((s for _, s, _ in assignments), default=today)
                            - timedelta(days=28), today).get(patient.pk, Diary())
    for index, (assignment_id, began, name) in enumerate(assignments):
        own_weeks = max((today - began).days, 0) // 7
        if began == start:
            judged_here = overall
        else:
            # Its own baseline: the diary before it began (the intake figure describes the
            # time before the first program, not the weeks of another one).
            baseline = headache_baseline(patient=patient, diary=diary, start=began,
                                         recalled_allowed=index == 0)
            judged_here = verdict_for(weeks_in_program=own_weeks, thresholds=limits,
                                      headache_days=headache_section(baseline), measures=judged)
        programs.append({"assignment": assignment_id, "name": name, "start_date": began,
                         "weeks": own_weeks, "verdict": judged_here.verdict,
                         "reasons": judged_here.reasons})
    return {
        "date": today,
        "program_start": start,
        "weeks_in_program": weeks,
        "headache_days": headache_days,
        **sections,
        "verdict": overall.verdict,
        "reasons": overall.reasons,
        "evidence_for": overall.evidence_for,
        "evidence_against": overall.evidence_against,
        "programs": programs,
        "too_early_weeks": limits.too_early_weeks,
    }
