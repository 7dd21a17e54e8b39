"""Writes to the patient's diary. Every write is safe to replay from an offline phone."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import visible_to
from assignments.models import Assignment, AssignmentItem
from common.dates import week_start as week_start_of
from common.errors import Conflict
from common.ownership import resolve_reference
from common.replay import create_once
from library.models import Exercise, ExerciseKind, Medication, MedicationClass
from logs import red_events, urgent
from logs.models import (
    DailyCheckin,
    DaySkip,
    DiarySettings,
    HeadacheKind,
    HeadacheLog,
    HeadacheMedication,
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


_NOT_GIVEN: Any = object()

# What a patient may change in an entry (PATCH headache-logs/{id}). The red-flag and
# exercise answers are not among them: what they raised (an urgent alert, a red event)
# stays as it was.
EDITABLE = ("started_at", "ended_at", "peak_pain", "migraine", "kind", "aura",
            "neck_pain_first", "symptoms", "medication_taken", "medications", "disability",
            "triggers", "menstruation", "notes")
_KIND_CONFLICT = ("The type says one thing and \"migraine\" another: choose the type again.")


def _kind_and_migraine(kind: Any, migraine: Any, *, current_kind: str,
                       current_migraine: bool) -> tuple[str, bool]:
    """`migraine: true` means kind migraine; either answer alone sets the other."""
    if kind is not _NOT_GIVEN and migraine is not _NOT_GIVEN:
        if migraine is not None and (kind == HeadacheKind.MIGRAINE) != migraine:
            raise ValidationError({"kind": [_KIND_CONFLICT]})
        return kind or "", kind == HeadacheKind.MIGRAINE
    if kind is not _NOT_GIVEN:
        return kind or "", kind == HeadacheKind.MIGRAINE
    if migraine is not _NOT_GIVEN and migraine is not None:
        if migraine:
            return HeadacheKind.MIGRAINE, True
        return ("" if current_kind == HeadacheKind.MIGRAINE else current_kind), False
    return current_kind, current_migraine


def _medication_rows(medications: list[dict]) -> list[dict]:
    """Each taken medication as a HeadacheMedication's fields: a catalogue slug gives its
    name and class; a typed-in name is class `other`."""
    slugs = {m["medication"] for m in medications if m.get("medication")}
    known = {m.slug: m for m in Medication.objects.filter(slug__in=slugs)}
    rows, problems = [], {}
    for index, given in enumerate(medications):
        not_in_future(given.get("taken_at"), field=f"medications.{index}.taken_at")
        slug = given.get("medication")
        if slug:
            medication = known.get(slug)
            if medication is None:
                problems[f"medications.{index}.medication"] = [
                    "This medication is not in the list: type its name instead."]
                continue
            name, drug_class = medication.name, medication.drug_class
        else:
            medication, name, drug_class = None, given["name"].strip(), MedicationClass.OTHER
        rows.append({"medication": medication, "name": name, "drug_class": drug_class,
                     "dose": (given.get("dose") or "").strip(),
                     "taken_at": given.get("taken_at"),
                     "relief_2h": given.get("relief_2h") or ""})
    if problems:
        raise ValidationError(problems)
    return rows


def _medication_taken(given: Any, rows: list[dict] | None, *, current: bool) -> bool:
    if rows:
        if given is False:
            raise ValidationError({"medication_taken": [
                "You listed a medication: say you took one, or remove it from the list."]})
        return True
    if given is not _NOT_GIVEN and given is not None:
        return bool(given)
    return False if rows is not None else current


def _state(log: HeadacheLog) -> dict[str, Any]:
    """An entry as a patient sees it, to tell a replayed edit from a new one."""
    return {**{name: getattr(log, name) for name in EDITABLE if name != "medications"},
            "medications": [(m.medication_id, m.name, m.drug_class, m.dose, m.taken_at,
                             m.relief_2h) for m in log.medications.all()]}


def _resulting(log: HeadacheLog, changes: dict[str, Any], patient: User,
               ) -> tuple[dict[str, Any], list[dict] | None]:
    """The entry's fields once `changes` apply, and its medication rows when they change
    (None: kept as they are). Raises the 400 a bad combination deserves."""
    fields = {name: changes[name] for name in EDITABLE
              if name in changes and name not in ("migraine", "kind", "medication_taken",
                                                  "medications")}
    for name in ("symptoms", "triggers"):
        if name in fields:
            fields[name] = sorted(set(fields[name] or []))
    for name in ("notes", "disability"):  # "": not said
        if name in fields:
            fields[name] = fields[name] or ""
    started_at = fields.get("started_at", log.started_at)
    ended_at = fields.get("ended_at", log.ended_at)
    not_in_future(fields.get("started_at"), field="started_at")
    not_in_future(fields.get("ended_at"), field="ended_at")
    if ended_at and ended_at < started_at:
        raise ValidationError({"ended_at": ["The end must not be before the start."]})
    fields["local_date"] = started_at.astimezone(patient.zone).date()
    if "ended_at" in changes:  # an answer about the end: null is "still going"
        fields["still_going"] = changes["ended_at"] is None
    fields["kind"], fields["migraine"] = _kind_and_migraine(
        changes.get("kind", _NOT_GIVEN), changes.get("migraine", _NOT_GIVEN),
        current_kind=log.kind, current_migraine=log.migraine)
    rows = None
    if changes.get("medications") is not None:
        rows = _medication_rows(changes["medications"])
    elif changes.get("medication_taken") is False:
        rows = []
    fields["medication_taken"] = _medication_taken(
        changes.get("medication_taken", _NOT_GIVEN), rows, current=log.medication_taken)
    return fields, rows


def _medications_write(log: HeadacheLog, rows: list[dict]) -> None:
    log.medications.all().delete()
    HeadacheMedication.objects.bulk_create(HeadacheMedication(log=log, **row) for row in rows)


def headache_log_create(
    *,
    patient: User,
    client_id,
    started_at: datetime,
    peak_pain: int,
    ended_at: Any = _NOT_GIVEN,
    migraine: bool | None = None,
    medication_taken: bool | None = None,
    exercise_triggered: bool = False,
    triggered_by_session: int | None = None,
    red_flags: list[str] | None = None,
    notes: str = "",
    kind: Any = _NOT_GIVEN,
    medications: list[dict] | None = None,
    **diary: Any,
) -> tuple[HeadacheLog, bool]:
    """Store a headache (once per `client_id`). Brought on by exercise: a red event, for the
    program of the session that brought it on (`triggered_by_session`, or the latest
    session in the trigger window before it started) or, without one, every program. A red
    flag: an `urgent_symptoms` alert of its own (logs.urgent); the answer carries the
    urgent message (`urgent_message`). `diary`: aura, neck_pain_first, symptoms,
    disability, triggers, menstruation; `medications`: [{medication (slug) or name, dose?,
    taken_at?, relief_2h?}]. An entry started long ago is accepted (a phone's outbox may
    send it days late)."""
    blank = HeadacheLog(started_at=started_at, migraine=False, kind="",
                        medication_taken=False)
    # `ended_at` left out: the end was not asked (start day only); None: still going.
    changes = {"started_at": started_at, "peak_pain": peak_pain, "notes": notes, **diary}
    if ended_at is not _NOT_GIVEN:
        changes["ended_at"] = ended_at
    if kind is not _NOT_GIVEN:
        changes["kind"] = kind
    if migraine is not None:
        changes["migraine"] = migraine
    if medication_taken is not None:
        changes["medication_taken"] = medication_taken
    if medications is not None:
        changes["medications"] = medications
    fields, rows = _resulting(blank, changes, patient)
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
            patient=patient, client_id=client_id, exercise_triggered=exercise_triggered,
            triggered_by_session=session, red_flags=red_flags, **fields,
        )
        if rows:
            _medications_write(log, rows)
        if exercise_triggered:
            red_events.headache_red_event_record(patient=patient, log=log, session=session)
        if red_flags:
            urgent.urgent_record(patient=patient, headache_log_id=log.pk, red_flags=red_flags,
                                 peak_pain=peak_pain, day=log.local_date.isoformat())
        headache_logged.send(HeadacheLog, patient_id=patient.pk)
        return log

    return create_once(HeadacheLog, client_id=client_id, owner={"patient": patient},
                       create=create)


def _changed(patient: User) -> None:
    headache_logged.send(HeadacheLog, patient_id=patient.pk)
    evidence_logged.send(HeadacheLog, patient_id=patient.pk, assignment_id=None)


def headache_log_update(*, patient: User, log_id: int, version: int,
                        changes: dict[str, Any]) -> HeadacheLog | None:
    """Correct one of the patient's own entries; None when there is no such entry.

    `version` is the one the edit was made on: it must be the entry's current one (then
    the version goes up by one), or the one before with nothing left to change (the same
    edit sent again from the outbox: applied once). Anything else is stale: 409."""
    with transaction.atomic():
        log = (HeadacheLog.objects.select_for_update()
               .filter(patient=patient, pk=log_id).first())
        if log is None:
            return None
        fields, rows = _resulting(log, changes, patient)
        before = _state(log)
        after = {**before, **{name: value for name, value in fields.items() if name in before}}
        if rows is not None:
            after["medications"] = [(r["medication"].pk if r["medication"] else None,
                                     r["name"], r["drug_class"], r["dose"], r["taken_at"],
                                     r["relief_2h"]) for r in rows]
        if version != log.version:
            if version == log.version - 1 and after == before:
                return log  # this edit, sent again: already applied
            raise Conflict(
                "This entry was changed since you opened it, maybe on another device. "
                "Open it again to see the latest, then make your change.",
                code="stale_version",
                fields={"version": [f"The entry is at version {log.version}, not {version}."]})
        for name, value in fields.items():
            setattr(log, name, value)
        log.version += 1
        log.save()
        if rows is not None:
            _medications_write(log, rows)
        _changed(patient)
    return log


def headache_log_delete(*, patient: User, log_id: int) -> bool:
    """Soft delete (kept for the audit trail, no longer counted); False when the patient has
    no such entry. Deleting again changes nothing. What the entry raised (alerts, red
    events) stays on record."""
    with transaction.atomic():
        log = (HeadacheLog.all_objects.select_for_update()
               .filter(patient=patient, pk=log_id).first())
        if log is None:
            return False
        if log.deleted_at is None:
            log.deleted_at = timezone.now()
            log.version += 1
            log.save(update_fields=["deleted_at", "version"])
            _changed(patient)
    return True


def diary_settings_put(*, patient: User, track_menstruation: bool) -> DiarySettings:
    settings, _ = DiarySettings.objects.update_or_create(
        patient=patient, defaults={"track_menstruation": track_menstruation})
    return settings


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
