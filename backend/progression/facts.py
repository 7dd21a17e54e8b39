"""Gather the facts the engine reads, for one assignment on one date, from the database.

A fixed number of queries however long the program has run: the window's sessions with
their entries, exercise-triggered headache days, the check-ins the next-morning rule
compares, and the excused days (logs.excused; the assignment's items come prefetched).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q

from assignments.models import Assignment, AssignmentItem
from assignments.schedule import Plan
from common.dates import days
from library.rules import Rules
from logs.excused import excused_days_of
from logs.models import DailyCheckin, HeadacheLog, SessionLog
from logs.red_events import pain_that_counts
from progression.engine import Dose, Facts, PhaseInfo, SessionFact, window_first_day

_DOSE = ("sets", "reps", "hold_seconds", "duration_minutes")


def phase_began(plan: Plan, on: date) -> date:
    """The first day of the phase in force on `on` (phase_timeline is in date order)."""
    began, in_force = plan.start_date, None
    for effective, phase in plan.phase_timeline:
        if effective > on:
            break
        if phase != in_force:
            began, in_force = effective, phase
    return began


def _dose(item: AssignmentItem) -> Dose:
    return Dose(**{name: getattr(item, name) for name in _DOSE})


def _phase_info(assignment: Assignment, items: list[AssignmentItem], index: int
                ) -> PhaseInfo | None:
    phases = assignment.template.phases
    if not 0 <= index < len(phases):
        return None
    targets = [item.extra["target_mmhg"] for item in items
               if item.phase == index and "target_mmhg" in item.extra]
    return PhaseInfo(index=index, name=phases[index]["name"],
                     target=f"{targets[0]} mmHg" if targets else None,
                     requires_signoff=bool(phases[index].get("requires_signoff")))


def key_items(items: list[AssignmentItem], phase: int, rules: Rules) -> list[AssignmentItem]:
    in_phase = sorted((item for item in items if item.phase == phase),
                      key=lambda item: item.position)
    chosen = [item for item in in_phase if item.exercise.slug in rules.key_exercises]
    return chosen or in_phase[:1]


def facts_gather(*, assignment: Assignment, plan: Plan, phase: int, rules: Rules, on: date
                 ) -> Facts:
    # Plan.of(assignment) holds the AssignmentItems, with their exercise, prefetched.
    items: list[AssignmentItem] = list(plan.items)
    since = phase_began(plan, on)
    current = _phase_info(assignment, items, phase)
    if current is None:  # current_phase is kept within the template's phases
        raise ValueError(f"Phase {phase} is not one of the template's phases.")
    facts = Facts(
        phase=current,
        phase_since=since,
        previous_phase=_phase_info(assignment, items, phase - 1),
        next_phase=_phase_info(assignment, items, phase + 1),
        key_doses=tuple((item.exercise.slug, _dose(item))
                        for item in key_items(items, phase, rules)),
        sessions_due={}, sessions=(),
    )
    first = window_first_day(facts, rules, on)
    if first > on:
        return facts

    entries: dict[int, list[tuple[str, Dose]]] = defaultdict(list)
    ratings: dict[int, list[tuple[int | None, int | None]]] = defaultdict(list)
    dizzy: dict[int, list[int]] = defaultdict(list)
    heads: dict[int, tuple[date, int | None, bool, dict | None]] = {}
    rows = (SessionLog.objects
            .filter(assignment=assignment, local_date__gte=first, local_date__lte=on)
            .order_by("local_date", "id")
            .values_list("id", "local_date", "pain_during", "headache_triggered",
                         "effort_overshoot", "entries__exercise__slug",
                         "entries__exercise__expected_discomfort_max", "entries__pain_during",
                         "entries__dizziness", *(f"entries__{name}" for name in _DOSE)))
    for (session_id, day, pain, triggered, overshoot, slug, allowance, entry_pain, dizziness,
         *dose) in rows:
        heads[session_id] = (day, pain, triggered, overshoot)
        if slug is not None:
            entries[session_id].append((slug, Dose(*dose)))
            ratings[session_id].append((entry_pain, allowance))
            if dizziness is not None:
                dizzy[session_id].append(dizziness)
    sessions = tuple(
        SessionFact(day=day, headache_triggered=triggered, entries=tuple(entries[session_id]),
                    pain_during=pain_that_counts(session_pain=pain, safe_max=rules.pain_safe_max,
                                                 entries=ratings[session_id]),
                    dizziness=max(dizzy[session_id]) if dizzy[session_id] else None,
                    effort_overshoot=overshoot)
        for session_id, (day, pain, triggered, overshoot) in heads.items())

    # A headache the patient tied to a session counts for that session's program only.
    # all_objects: a red event stays on record when the patient deletes the entry.
    triggered_days = frozenset(HeadacheLog.all_objects.filter(
        Q(triggered_by_session=None) | Q(triggered_by_session__assignment=assignment),
        patient_id=assignment.patient_id, exercise_triggered=True,
        local_date__gte=first, local_date__lte=on,
    ).values_list("local_date", flat=True))
    # Amber on `first` is judged on the next morning against the days before it.
    soreness = {day: value for day, value in DailyCheckin.objects.filter(
        patient_id=assignment.patient_id, neck_soreness__isnull=False,
        date__gte=first + timedelta(days=1 - rules.usual_soreness_days), date__lte=on,
    ).values_list("date", "neck_soreness") if value is not None}

    excusing = plan.excusing(excused_days_of(assignment.patient_id, first, on))
    return Facts(
        phase=facts.phase, phase_since=since, previous_phase=facts.previous_phase,
        next_phase=facts.next_phase, key_doses=facts.key_doses,
        # Excused days (logs.excused) prescribe nothing: resting is not missing sessions.
        sessions_due={day: excusing.sessions_due_on(day) for day in days(first, on)},
        sessions=sessions, triggered_headache_days=triggered_days, soreness=soreness,
    )
