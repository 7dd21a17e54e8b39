"""Writes to the patient's diary. Every write is safe to replay from an offline phone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
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
from library.models import Exercise, ExerciseKind
from logs import red_events, urgent
from logs.models import (
    DailyCheckin,
    DaySkip,
    HeadacheLog,
    SessionEntry,
    SessionLog,
    WeeklyCheckin,
)
from logs.signals import evidence_logged, headache_logged

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
    reps, hold_seconds, duration_minutes, rpe, pain_during?, dizziness?}]."""
    assignment, program = _program_of(patient, assignment_id)
    not_in_future(performed_at, field="performed_at")
    if performed_at.astimezone(patient.zone).date() < assignment.start_date:
        raise ValidationError({"performed_at": ["Before this program started."]})
    missing = {e["exercise"] for e in entries} - set(program)
    if missing:
        known = set(exercises_by_slug(missing))
        raise ValidationError({
            f"entries.{index}.exercise": [
                f"'{e['exercise']}' is not part of this program." if e["exercise"] in known
                else f"Unknown exercise '{e['exercise']}'."]
            for index, e in enumerate(entries) if e["exercise"] in missing
        })
    if pain_during is None:
        # A resend of a log stored before the rating was required answers with that log.
        first = SessionLog.objects.filter(patient=patient, client_id=client_id).first()
        if first is not None:
            return first, False
    pain_rating_check(pain_during=pain_during, entries=[
        (program[e["exercise"]].kind, e.get("pain_during")) for e in entries])
    # The exercise by id with its slug: written without loading it, answered without
    # reading it back.
    rows = [{**e, "exercise": Exercise(pk=program[e["exercise"]].pk, slug=e["exercise"])}
            for e in entries]
    return session_log_create(
        patient=patient, client_id=client_id, assignment=assignment,
        performed_at=performed_at, entries=rows, pain_during=pain_during,
        soreness_after=soreness_after, headache_triggered=headache_triggered, notes=notes,
        allowances={item.pk: item.expected_discomfort_max for item in program.values()},
        effort_overshoot=effort_overshoot_of(entries, program))


@dataclass(frozen=True)
class _Prescribed:
    """What a session post needs to know of one exercise of the patient's program."""

    pk: int
    kind: str
    expected_discomfort_max: int | None
    rpe_target: str | None  # the current phase's Borg band, "14-16"


def pain_rating_check(*, pain_during: int | None, entries: list[tuple[str, int | None]]
                      ) -> None:
    """No silent pass on missing evidence: a session says how much it hurt, unless every
    entry is a checklist item (nothing to hurt) or rates its own pain. `entries`: (the
    exercise's kind, the entry's own pain rating)."""
    if pain_during is not None:
        return
    unrated = [kind for kind, pain in entries
               if kind != ExerciseKind.CHECKLIST and pain is None]
    if unrated or not entries:
        raise ValidationError({"pain_during": [
            "Please rate your pain during the exercises, from 0 (none) to 10 (worst)."]})


def _band_top(band: str | None) -> int | None:
    if not band:
        return None
    try:
        return int(band.split("-")[-1])
    except ValueError:
        return None


def effort_overshoot_of(entries: list[dict], program: dict[str, _Prescribed]) -> dict | None:
    """The first entry whose Borg effort was above its phase's target band: recorded on the
    session, shown to the therapist, and it holds advancing (clinical reference §1.4:
    build up to the trial's intensity, do not overshoot it)."""
    for entry in entries:
        prescribed = program[entry["exercise"]]
        top = _band_top(prescribed.rpe_target)
        rpe = entry.get("rpe")
        if top is not None and rpe is not None and rpe > top:
            return {"exercise": entry["exercise"], "rpe": rpe, "target": prescribed.rpe_target}
    return None


def _program_of(patient: User, assignment_id: int) -> tuple[Assignment, dict[str, _Prescribed]]:
    """The patient's assignment and its exercises {slug: _Prescribed}, in one query when it
    is theirs; otherwise 400 on `assignment`, whoever's it is (common.ownership)."""
    rows = list(AssignmentItem.objects
                .filter(assignment_id=assignment_id, assignment__patient=patient)
                .values_list("exercise__slug", "exercise_id", "exercise__kind",
                             "exercise__expected_discomfort_max", "phase", "extra",
                             "assignment__current_phase", "assignment__start_date",
                             "assignment__progression_settings"))
    if not rows:
        assignment = resolve_reference(
            visible=visible_to(patient, Assignment.objects.all()), value=assignment_id,
            field="assignment", missing="No such program of yours.")
        return assignment, {}
    # What the write and the red-event rule read of the assignment, without loading it.
    *_, current_phase, start_date, progression_settings = rows[0]
    assignment = Assignment(pk=assignment_id, patient=patient, start_date=start_date,
                            progression_settings=progression_settings)
    program: dict[str, _Prescribed] = {}
    for slug, pk, kind, expected, phase, extra, *_ in rows:
        if slug not in program or phase == current_phase:
            target = (extra or {}).get("rpe_target") if phase == current_phase else None
            program[slug] = _Prescribed(pk, kind, expected, target)
    return assignment, program


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
    allowances: dict[int, int | None] | None = None,
    effort_overshoot: dict | None = None,
) -> tuple[SessionLog, bool]:
    """Store a session (once per `client_id`, common.replay), raise its red events and
    announce it to the engine. `entries`: [{exercise or exercise_id, sets, reps,
    hold_seconds, duration_minutes, rpe, pain_during?, dizziness?}]. `allowances`: each
    exercise's `expected_discomfort_max` by id, when the caller has them (else read)."""

    def create() -> SessionLog:
        session = SessionLog.objects.create(
            patient=patient, client_id=client_id, assignment=assignment,
            performed_at=performed_at, local_date=performed_at.astimezone(patient.zone).date(),
            pain_during=pain_during, soreness_after=soreness_after,
            headache_triggered=headache_triggered, effort_overshoot=effort_overshoot,
            notes=notes,
        )
        rows = SessionEntry.objects.bulk_create(SessionEntry(session=session, **e) for e in entries)
        # The entries are in hand: answer with them instead of reading them back.
        # Django's prefetch cache: private, so the stubs leave it out.
        session._prefetched_objects_cache = {"entries": rows}  # type: ignore[attr-defined]
        known = allowances if allowances is not None else dict(
            Exercise.objects.filter(pk__in={row.exercise_id for row in rows})
            .values_list("pk", "expected_discomfort_max"))
        safe_max, limit = red_events.pain_bands_for(
            patient=patient, progression_settings=assignment.progression_settings)
        counted = red_events.pain_that_counts(
            session_pain=pain_during, safe_max=safe_max,
            entries=[(row.pain_during, known.get(row.exercise_id)) for row in rows])
        day = session.local_date.isoformat()
        for kind in red_events.session_red_events(
                pain=counted, headache_triggered=headache_triggered, limit=limit):
            details = ({"pain_during": counted, "limit": limit, "date": day}
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
    triggered_by_session: int | None = None,
    red_flags: list[str] | None = None,
    notes: str = "",
) -> tuple[HeadacheLog, bool]:
    """Store a headache (once per `client_id`). Brought on by exercise: a red event, for the
    program of the session that brought it on (`triggered_by_session`, or the latest
    session in the trigger window before it started) or, without one, every program. A red
    flag: an `urgent_symptoms` alert of its own (logs.urgent); the answer carries the
    urgent message (`urgent_message`)."""
    not_in_future(started_at, field="started_at")
    not_in_future(ended_at, field="ended_at")
    if ended_at and ended_at < started_at:
        raise ValidationError({"ended_at": ["Must not be before started_at."]})
    red_flags = sorted(set(red_flags or []))
    session = None
    if triggered_by_session is not None:
        if not exercise_triggered:
            raise ValidationError({"triggered_by_session": [
                "Name the session only when exercise brought the headache on."]})
        session = resolve_reference(
            visible=SessionLog.objects.filter(patient=patient), value=triggered_by_session,
            field="triggered_by_session", missing="No such session of yours.")
        if session.performed_at > started_at + CLOCK_SKEW:
            raise ValidationError({"triggered_by_session": [
                "This session was logged after the headache started."]})

    def create() -> HeadacheLog:
        nonlocal session
        if exercise_triggered and session is None:
            # Sent without one (an older app, or offline before the session had an id):
            # the session the question was about, the latest in the window.
            session = red_events.session_before(patient=patient, at=started_at)
        log = HeadacheLog.objects.create(
            patient=patient, client_id=client_id, started_at=started_at, ended_at=ended_at,
            local_date=started_at.astimezone(patient.zone).date(), peak_pain=peak_pain,
            migraine=migraine, medication_taken=medication_taken,
            exercise_triggered=exercise_triggered, triggered_by_session=session,
            red_flags=red_flags, notes=notes,
        )
        if exercise_triggered:
            red_events.headache_red_event_record(patient=patient, log=log, session=session)
        if red_flags:
            urgent.urgent_record(patient=patient, headache_log_id=log.pk, red_flags=red_flags,
                                 peak_pain=peak_pain, day=log.local_date.isoformat())
        headache_logged.send(HeadacheLog, patient_id=patient.pk)
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
        headache_logged.send(DailyCheckin, patient_id=patient.pk)
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


def day_skip_put(*, patient: User, on: date, reason: str) -> tuple[DaySkip, bool]:
    """The patient rests on `on` (logs.excused): one skip per local date, the last reason
    wins. Nothing is prescribed that day any more, so progress is evaluated again."""
    with transaction.atomic():
        skip = DaySkip.objects.update_or_create(patient=patient, date=on,
                                                defaults={"reason": reason})
        evidence_logged.send(DaySkip, patient_id=patient.pk, assignment_id=None)
    return skip


def day_skip_delete(*, patient: User, on: date) -> bool:
    """Undo a skip (the patient exercised after all); False when there was none."""
    with transaction.atomic():
        deleted, _ = DaySkip.objects.filter(patient=patient, date=on).delete()
        if deleted:
            evidence_logged.send(DaySkip, patient_id=patient.pk, assignment_id=None)
    return bool(deleted)
