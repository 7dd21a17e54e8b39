"""Writes to the patient's diary. Every write is safe to replay from an offline phone."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import visible_to
from assignments.models import Assignment, AssignmentItem
from common.dates import week_start as week_start_of
from common.ownership import resolve_reference
from common.replay import create_once
from library.models import Exercise
from logs import red_events
from logs.models import (
    DailyCheckin,
    HeadacheLog,
    SessionEntry,
    SessionLog,
    WeeklyCheckin,
)
from logs.signals import evidence_logged

# Phones' clocks drift; a log a few minutes "ahead" of ours is not from the future.
CLOCK_SKEW = timedelta(minutes=5)


def not_in_future(value: datetime | None, *, field: str) -> None:
    if value is not None and value > timezone.now() + CLOCK_SKEW:
        raise ValidationError({field: ["Cannot be in the future."]})


def session_log_submit(
    *,
    patient: User,
    client_id: uuid.UUID,
    assignment_id: int,
    performed_at: datetime,
    entries: list[dict],
    pain_during: int | None = None,
    soreness_after: int | None = None,
    headache_triggered: bool = False,
    notes: str = "",
) -> tuple[SessionLog, bool]:
    """A session as the phone sends it: the program by id and its exercises by slug,
    checked against what the patient was prescribed. `entries`: [{exercise: slug, sets,
    reps, hold_seconds, duration_minutes, rpe}]."""
    assignment, exercise_ids = _program_of(patient, assignment_id)
    not_in_future(performed_at, field="performed_at")
    if performed_at.astimezone(patient.zone).date() < assignment.start_date:
        raise ValidationError({"performed_at": ["Before this program started."]})
    missing = {e["exercise"] for e in entries} - set(exercise_ids)
    if missing:
        known = set(exercises_by_slug(missing))
        raise ValidationError({
            f"entries.{index}.exercise": [
                f"'{e['exercise']}' is not part of this program." if e["exercise"] in known
                else f"Unknown exercise '{e['exercise']}'."]
            for index, e in enumerate(entries) if e["exercise"] in missing
        })
    # The exercise by id with its slug: written without loading it, answered without
    # reading it back.
    rows = [{**e, "exercise": Exercise(pk=exercise_ids[e["exercise"]], slug=e["exercise"])}
            for e in entries]
    return session_log_create(
        patient=patient, client_id=client_id, assignment=assignment,
        performed_at=performed_at, entries=rows, pain_during=pain_during,
        soreness_after=soreness_after, headache_triggered=headache_triggered, notes=notes)


def _program_of(patient: User, assignment_id: int) -> tuple[Assignment, dict[str, int]]:
    """The patient's assignment and its exercises {slug: id}, in one query when it is
    theirs; otherwise 400 on `assignment`, whoever's it is (common.ownership)."""
    rows = list(AssignmentItem.objects
                .filter(assignment_id=assignment_id, assignment__patient=patient)
                .values_list("exercise__slug", "exercise_id", "assignment__start_date",
                             "assignment__progression_settings"))
    if not rows:
        assignment = resolve_reference(
            visible=visible_to(patient, Assignment.objects.all()), value=assignment_id,
            field="assignment", missing="No such program of yours.")
        return assignment, {}
    # What the write and the red-event rule read of the assignment, without loading it.
    _, _, start_date, progression_settings = rows[0]
    assignment = Assignment(pk=assignment_id, patient=patient, start_date=start_date,
                            progression_settings=progression_settings)
    return assignment, {slug: pk for slug, pk, _, _ in rows}


def session_log_create(
    *,
    patient: User,
    client_id,
    assignment: Assignment,
    performed_at: datetime,
    entries: list[dict],
    pain_during: int | None = None,
    soreness_after: int | None = None,
    headache_triggered: bool = False,
    notes: str = "",
) -> tuple[SessionLog, bool]:
    """Store a session (once per `client_id`, common.replay), raise its red events and
    announce it to the engine. `entries`: [{exercise or exercise_id, sets, reps,
    hold_seconds, duration_minutes, rpe}]."""

    def create() -> SessionLog:
        session = SessionLog.objects.create(
            patient=patient, client_id=client_id, assignment=assignment,
            performed_at=performed_at, local_date=performed_at.astimezone(patient.zone).date(),
            pain_during=pain_during, soreness_after=soreness_after,
            headache_triggered=headache_triggered, notes=notes,
        )
        rows = SessionEntry.objects.bulk_create(SessionEntry(session=session, **e) for e in entries)
        # The entries are in hand: answer with them instead of reading them back.
        # Django's prefetch cache: private, so the stubs leave it out.
        session._prefetched_objects_cache = {"entries": rows}  # type: ignore[attr-defined]
        limit = red_events.pain_limit_for(patient=patient,
                                          progression_settings=assignment.progression_settings)
        day = session.local_date.isoformat()
        for kind in red_events.session_red_events(session, limit=limit):
            details = ({"pain_during": pain_during, "limit": limit, "date": day}
                       if kind == red_events.RedEvent.PAIN else {"date": day})
            red_events.red_event_record(patient=patient, kind=kind, at=performed_at,
                                        details=details, session_log_id=session.pk)
        evidence_logged.send(SessionLog, patient_id=patient.pk, assignment_id=assignment.pk)
        return session

    return create_once(SessionLog, client_id=client_id, owner={"patient": patient},
                       create=create)


def headache_log_create(
    *,
    patient: User,
    client_id,
    started_at: datetime,
    peak_pain: int,
    ended_at: datetime | None = None,
    migraine: bool = False,
    medication_taken: bool = False,
    exercise_triggered: bool = False,
    notes: str = "",
) -> tuple[HeadacheLog, bool]:
    not_in_future(started_at, field="started_at")
    not_in_future(ended_at, field="ended_at")
    if ended_at and ended_at < started_at:
        raise ValidationError({"ended_at": ["Must not be before started_at."]})

    def create() -> HeadacheLog:
        log = HeadacheLog.objects.create(
            patient=patient, client_id=client_id, started_at=started_at, ended_at=ended_at,
            local_date=started_at.astimezone(patient.zone).date(), peak_pain=peak_pain,
            migraine=migraine, medication_taken=medication_taken,
            exercise_triggered=exercise_triggered, notes=notes,
        )
        if exercise_triggered:  # a red event for every program the patient follows
            red_events.red_event_record(
                patient=patient, kind=red_events.RedEvent.TRIGGERED, at=started_at,
                details={"date": log.local_date.isoformat(), "headache_log": log.pk})
            evidence_logged.send(HeadacheLog, patient_id=patient.pk, assignment_id=None)
        return log

    return create_once(HeadacheLog, client_id=client_id, owner={"patient": patient},
                       create=create)


def daily_checkin_put(
    *, patient: User, on: date, neck_soreness: int | None, headache_free: bool | None
) -> tuple[DailyCheckin, bool]:
    """One check-in per date; the last write wins. The morning's soreness tells whether
    yesterday's amber pain settled, so progress is evaluated again."""
    with transaction.atomic():
        checkin = DailyCheckin.objects.update_or_create(
            patient=patient, date=on,
            defaults={"neck_soreness": neck_soreness, "headache_free": headache_free},
        )
        evidence_logged.send(DailyCheckin, patient_id=patient.pk, assignment_id=None)
    return checkin


def checkin_week_validate(*, patient: User, week_start: date) -> None:
    """A week is named by its Monday in the patient's zone, and must have begun: the
    Sunday-evening prompt asks about the week ending, so the current week is allowed."""
    if week_start.weekday() != 0:
        raise ValidationError({"week_start": ["Must be a Monday: weeks start on Monday."]})
    # A phone a few minutes ahead at midnight on Sunday already lives in the next week.
    latest = week_start_of((timezone.now() + CLOCK_SKEW).astimezone(patient.zone).date())
    if week_start > latest:
        raise ValidationError({"week_start": ["Cannot be a week that has not started yet."]})


def weekly_checkin_put(
    *, patient: User, week_start: date, sessions_done: int
) -> tuple[WeeklyCheckin, bool]:
    """One answer per local week; the last write wins, so a resend from the phone's outbox
    or a corrected answer just sets the number again. Progress is not evaluated again:
    what the patient reports is shown beside the logs, never taken as evidence."""
    checkin_week_validate(patient=patient, week_start=week_start)
    return WeeklyCheckin.objects.update_or_create(
        patient=patient, week_start=week_start, defaults={"sessions_done": sessions_done})


def exercises_by_slug(slugs: set[str]) -> dict[str, Exercise]:
    return {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
