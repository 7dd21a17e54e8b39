"""Writes to the patient's diary. Every write is safe to replay from an offline phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from alerts.models import AlertKind
from alerts.services import alerts_for_headache, alerts_for_session
from assignments.models import Assignment
from library.models import Exercise
from logs.models import (
    DailyCheckin,
    HeadacheLog,
    RedEvent,
    SessionEntry,
    SessionLog,
    WeeklyCheckin,
)
from monitoring.adherence import week_start as week_start_of
from progression.rules import pain_red_above
from progression.tasks import evaluation_enqueue

T = TypeVar("T", SessionLog, HeadacheLog)

# Phones' clocks drift; a log a few minutes "ahead" of ours is not from the future.
CLOCK_SKEW = timedelta(minutes=5)


def _create_once(
    model: type[T], *, patient: User, client_id, create: Callable[[], T]
) -> tuple[T, bool]:
    """(record, created): a replayed client_id returns the first record, never a second one.

    The unique constraint decides, not a prior look-up, so two copies racing in from a
    phone that retried are still stored once.
    """
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        # Another request with the same client_id got there first.
        return model.objects.get(patient=patient, client_id=client_id), False


def pain_limit_for(patient: User, assignment: Assignment | None = None) -> int:
    """Pain during exercise above this is a red event; a clinic and an assignment may set
    their own (progression.rules)."""
    return pain_red_above(
        clinic_settings=patient.clinic.settings if patient.clinic_id else {},
        clinic_id=patient.clinic_id,
        assignment_settings=assignment.progression_settings if assignment else None,
    )


# A red event is remembered on the patient for a week: long enough for "today or yesterday"
# in any zone and for a therapist looking back a few days.
RED_EVENT_MEMORY = timedelta(days=7)
_RED_EVENT_OF_ALERT = {AlertKind.PAIN_ABOVE_LIMIT: RedEvent.PAIN,
                       AlertKind.TRIGGERED_HEADACHE: RedEvent.TRIGGERED}


def red_event_remember(*, patient: User, kind: str, at: datetime) -> None:
    """Keep the event on the patient (rare writes) so that every read of today's plan is
    free of it; the row lock keeps two red events logged at once from losing one."""
    current = User.objects.select_for_update().values_list(
        "recent_red_events", flat=True).get(pk=patient.pk)
    events = [*current, {"kind": str(kind), "at": at.isoformat()}]
    # Measured from the newest event, not the clock, so a log synced late still counts.
    newest = max(datetime.fromisoformat(e["at"]) for e in events)
    events = [e for e in events if datetime.fromisoformat(e["at"]) >= newest - RED_EVENT_MEMORY]
    User.objects.filter(pk=patient.pk).update(recent_red_events=events)
    patient.recent_red_events = events


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
    """`entries`: [{exercise: Exercise, sets, reps, hold_seconds, duration_minutes, rpe}]."""

    def create() -> SessionLog:
        session = SessionLog.objects.create(
            patient=patient, client_id=client_id, assignment=assignment,
            performed_at=performed_at, local_date=performed_at.astimezone(patient.zone).date(),
            pain_during=pain_during, soreness_after=soreness_after,
            headache_triggered=headache_triggered, notes=notes,
        )
        rows = SessionEntry.objects.bulk_create(SessionEntry(session=session, **e) for e in entries)
        # The entries are in hand: answer with them instead of reading them back.
        session._prefetched_objects_cache = {"entries": rows}
        raised = alerts_for_session(session=session, pain_limit=pain_limit_for(patient, assignment))
        for alert in raised:
            red_event_remember(patient=patient, kind=_RED_EVENT_OF_ALERT[alert.kind],
                               at=session.performed_at)
        evaluation_enqueue(assignment_id=assignment.pk)
        return session

    return _create_once(SessionLog, patient=patient, client_id=client_id, create=create)


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
    def create() -> HeadacheLog:
        log = HeadacheLog.objects.create(
            patient=patient, client_id=client_id, started_at=started_at, ended_at=ended_at,
            local_date=started_at.astimezone(patient.zone).date(), peak_pain=peak_pain,
            migraine=migraine, medication_taken=medication_taken,
            exercise_triggered=exercise_triggered, notes=notes,
        )
        if exercise_triggered:  # a red event for every program the patient follows
            alerts_for_headache(log=log)
            red_event_remember(patient=patient, kind=RedEvent.TRIGGERED, at=started_at)
            evaluation_enqueue(patient_id=patient.pk)
        return log

    return _create_once(HeadacheLog, patient=patient, client_id=client_id, create=create)


def daily_checkin_put(
    *, patient: User, on: date, neck_soreness: int | None, headache_free: bool | None
) -> tuple[DailyCheckin, bool]:
    """One check-in per date; the last write wins. The morning's soreness tells whether
    yesterday's amber pain settled, so progress is evaluated again."""
    checkin = DailyCheckin.objects.update_or_create(
        patient=patient, date=on,
        defaults={"neck_soreness": neck_soreness, "headache_free": headache_free},
    )
    evaluation_enqueue(patient_id=patient.pk)
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
