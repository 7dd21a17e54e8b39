"""Writes to assignments: assign a template, change the dose, pause, resume, end, change phase."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assignments.dose import change_words, dose_fields, dose_problems, with_change
from assignments.models import (
    WEEKDAYS,
    Assignment,
    AssignmentItem,
    AssignmentStatus,
    PhaseChange,
    ProgramChange,
    ProgramChangeKind,
    Screening,
)
from assignments.schedule import weekly_sessions_of
from assignments.signals import program_changed
from common.errors import Conflict, FieldErrors, Refused
from library.models import Exercise, ProgramTemplate
from library.rules import screening_required_slugs
from library.validation import progression_settings_problems

# Prescription keys stored as columns; any other key in a template's prescription is kept
# in `extra` (rest seconds, cuff pressure, RPE target...).
DOSE_FIELDS = ("sets", "reps", "hold_seconds", "duration_minutes", "times_per_day",
               "days_of_week")
# Prescription choices the therapist makes at assignment, kept in the item's `extra`: the
# self-SNAG's side (toward the side the flexion-rotation test found restricted, Hall 2007).
SIDES = ("left", "right", "both")
CHOICE_FIELDS = {"side": SIDES}
# Each dose field as the form labels it, for messages in words ("Minutes must be a whole
# number from 1 to 240"), never a field path.
DOSE_WORDS = {"sets": "Sets", "reps": "Reps", "hold_seconds": "Hold (seconds)",
              "duration_minutes": "Minutes", "times_per_day": "Times a day",
              "days_of_week": "Days", "side": "Side"}


def _exercise_names(slugs) -> dict[str, str]:
    return dict(Exercise.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def _dose_label(field: str, exercise: str) -> str:
    words = DOSE_WORDS.get(field, field.replace("_", " ").capitalize())
    return f"{words.lower()} for {exercise}"


def _dose_limits(field: str) -> tuple[int, int] | None:
    """The limits of a numeric dose column an assignment may set: the ones the program
    editor checks too (assignments.dose, from programs/schema/prescription.schema.json)."""
    if field not in DOSE_FIELDS or field == "days_of_week":
        return None
    spec = dose_fields()[field]
    assert spec.minimum is not None and spec.maximum is not None  # the schema bounds them
    return spec.minimum, spec.maximum


def validate_overrides(overrides: Any, *, exercise_slugs: set[str]) -> dict[str, dict]:
    """{exercise slug: {dose field: value}}. Each error is keyed by its path
    (`overrides.<slug>.<field>`: the form shows it next to that input) and says in words
    what is wrong ("Minutes must be a whole number from 1 to 240")."""
    if not isinstance(overrides, dict):
        raise FieldErrors({"overrides": ["The dose changes must be given per exercise."]},
                          labels={"overrides": "dose changes"})
    names = _exercise_names(exercise_slugs)
    errors: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    for slug, dose in overrides.items():
        path = f"overrides.{slug}"
        exercise = names.get(slug, str(slug))
        if slug not in exercise_slugs:
            errors[path] = ["This exercise is not part of the program."]
            labels[path] = f"dose changes for {exercise}"
            continue
        if not isinstance(dose, dict) or not dose:
            errors[path] = [f"Give the dose changes for {exercise} field by field."]
            labels[path] = f"dose changes for {exercise}"
            continue
        for field, value in dose.items():
            key, words = f"{path}.{field}", DOSE_WORDS.get(field, "This dose field")
            labels[key] = _dose_label(field, exercise)
            if field == "days_of_week":
                if (not isinstance(value, list) or not value
                        or any(day not in WEEKDAYS for day in value)
                        or len(set(value)) != len(value)):
                    errors[key] = ["Choose one or more days of the week, each once."]
            elif field in CHOICE_FIELDS:
                if value not in CHOICE_FIELDS[field]:
                    errors[key] = [f"{words} must be one of {', '.join(CHOICE_FIELDS[field])}."]
            elif (limits := _dose_limits(field)) is not None:
                low, high = limits
                whole = isinstance(value, int) and not isinstance(value, bool)
                if not whole or not low <= value <= high:
                    errors[key] = [f"{words} must be a whole number from {low} to {high}."]
            else:
                known = ", ".join(DOSE_WORDS[f].lower() for f in [*DOSE_FIELDS, *CHOICE_FIELDS])
                errors[key] = [f"“{field}” is not a dose field; use {known}."]
                labels[key] = f"dose changes for {exercise}"
    if errors:
        raise FieldErrors(errors, labels={k: v for k, v in labels.items() if k in errors})
    return overrides


def _apply_dose(item: AssignmentItem, prescription: dict) -> None:
    for field in DOSE_FIELDS:
        if field in prescription:
            setattr(item, field, prescription[field])
    if item.times_per_day is None:
        item.times_per_day = 1
    if "side" in prescription:
        # "both": the holds are done on each side, which is what the guided session reads.
        item.extra = {**item.extra, "side": prescription["side"],
                      "per_side": prescription["side"] == "both"}


def _required_prescription_check(exercises: dict[str, Exercise], template: ProgramTemplate,
                                 overrides: dict) -> None:
    """Keys an exercise needs set by the therapist (`required_prescription`), in the
    template's dose or in the overrides; 400 naming `overrides.<slug>.<key>` otherwise."""
    errors, labels = {}, {}
    for phase in template.phases:
        for entry in phase["items"]:
            slug = entry["exercise"]
            for key in exercises[slug].required_prescription:
                chosen = {**entry.get("prescription", {}), **overrides.get(slug, {})}
                if key not in chosen:
                    choices = " or ".join(CHOICE_FIELDS.get(key, ()))
                    errors[f"overrides.{slug}.{key}"] = [
                        f"Choose the {key} for {exercises[slug].name}: {choices}."]
                    labels[f"overrides.{slug}.{key}"] = _dose_label(key, exercises[slug].name)
    if errors:
        raise FieldErrors(errors, labels=labels)


# --- Screening before loading the neck (shared clinical reference §6, IFOMPT) --------------

def screening_record(*, patient: User, recorded_by: User, red_flags_clear: bool,
                     cervical_arterial: str, screened_on: date, notes: str = "") -> Screening:
    """Record that the therapist screened the patient: a new row each time (history)."""
    if screened_on > patient.local_today():
        raise ValidationError({"screened_on": ["Cannot be in the future."]})
    return Screening.objects.create(
        patient=patient, recorded_by=recorded_by, red_flags_clear=red_flags_clear,
        cervical_arterial=cervical_arterial, screened_on=screened_on, notes=notes)


def exercises_needing_screening(*, patient: User, exercises) -> list[Exercise]:
    """Those whose file says `requires_screening`, or that the clinic (or the settings)
    lists in `screening_required_exercises`."""
    listed = screening_required_slugs(patient.clinic.settings if patient.clinic else {})
    return sorted({e for e in exercises if e.requires_screening or e.slug in listed},
                  key=lambda e: e.name)


def screening_problem(*, patient: User, exercises) -> str | None:
    """Why `exercises` may not be prescribed to the patient yet, or None when they may."""
    needing = exercises_needing_screening(patient=patient, exercises=exercises)
    if not needing:
        return None
    newest = Screening.objects.filter(patient=patient).first()  # Meta.ordering: newest first
    if newest is not None and newest.is_clear:
        return None
    names = ", ".join(e.name for e in needing)
    if newest is None:
        why = "no screening is recorded for this patient"
    else:
        found = [] if newest.red_flags_clear else ["red flags not cleared"]
        if newest.cervical_arterial != "clear":
            found.append("cervical arterial concerns")
        why = f"the latest screening ({newest.screened_on.isoformat()}) found " + \
            " and ".join(found)
    return (f"{names} needs a clear screening first (red flags and cervical arterial "
            f"screening), and {why}. Record a screening before prescribing it.")


def screening_required_check(*, patient: User, exercises, field: str) -> None:
    """400 `screening_required` on `field` when `exercises` need a clear screening that
    the patient's newest screening is not."""
    problem = screening_problem(patient=patient, exercises=exercises)
    if problem:
        raise Refused(problem, code="screening_required", fields={field: [problem]})


def _template_exercise_slugs(template: ProgramTemplate) -> set[str]:
    return {entry["exercise"] for phase in template.phases for entry in phase["items"]}


def _days_chosen_check(template: ProgramTemplate, overrides: dict) -> None:
    """An item prescribed `days_per_week` (aerobic exercise 3 times a week) is due on days
    the therapist chooses with the patient, never on weekdays fixed by the template."""
    errors: dict[str, list[str]] = {}
    labels: dict[str, str] = {}
    names = _exercise_names(_template_exercise_slugs(template))
    for phase in template.phases:
        for entry in phase["items"]:
            wanted = entry.get("prescription", {}).get("days_per_week")
            if wanted is None or entry.get("prescription", {}).get("days_of_week"):
                continue
            chosen = overrides.get(entry["exercise"], {}).get("days_of_week")
            path = f"overrides.{entry['exercise']}.days_of_week"
            # How many is the therapist's call (the template says how many it expects).
            if not chosen:
                errors[path] = [f"Choose the days of the week for this exercise with the "
                                f"patient ({wanted} a week in this program)."]
                labels[path] = _dose_label("days_of_week",
                                           names.get(entry["exercise"], entry["exercise"]))
    if errors:
        raise FieldErrors(errors, labels=labels)


@transaction.atomic
def assignment_create(
    *,
    patient: User,
    template: ProgramTemplate,
    start_date: date,
    end_date: date | None = None,
    overrides: dict | None = None,
    created_by: User | None = None,
) -> Assignment:
    """Copy the template's items into the assignment so later template edits leave it alone."""
    slugs = _template_exercise_slugs(template)
    overrides = validate_overrides(overrides or {}, exercise_slugs=slugs)
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": ["The end date must not be before the start date."]})
    assignment = Assignment.objects.create(
        patient=patient, template=template, start_date=start_date, end_date=end_date,
        overrides=overrides, created_by=created_by,
        phase_timeline=[[start_date.isoformat(), 0]],
    )
    _days_chosen_check(template, overrides)
    exercises = {e.slug: e for e in Exercise.objects.filter(slug__in=slugs)}
    screening_required_check(patient=patient, exercises=exercises.values(), field="template")
    _required_prescription_check(exercises, template, overrides)
    items = []
    for phase_index, phase in enumerate(template.phases):
        for position, entry in enumerate(phase["items"]):
            prescription = dict(entry.get("prescription", {}))
            item = AssignmentItem(
                assignment=assignment, phase=phase_index, position=position,
                exercise=exercises[entry["exercise"]],
                extra={k: v for k, v in prescription.items() if k not in DOSE_FIELDS},
            )
            _apply_dose(item, prescription)
            _apply_dose(item, overrides.get(entry["exercise"], {}))
            items.append(item)
    AssignmentItem.objects.bulk_create(items)
    assignment.weekly_sessions = weekly_sessions_of(items)
    assignment.save(update_fields=["weekly_sessions"])
    return assignment


def _set_overrides(assignment: Assignment, overrides: dict) -> None:
    slugs = set(assignment.items.values_list("exercise__slug", flat=True))
    validate_overrides(overrides, exercise_slugs=slugs)
    items = list(assignment.items.select_related("exercise"))
    for item in items:
        if item.exercise.slug in overrides:
            _apply_dose(item, overrides[item.exercise.slug])
            item.save(update_fields=[*DOSE_FIELDS, "extra"])
    assignment.overrides = {**assignment.overrides, **overrides}
    assignment.weekly_sessions = weekly_sessions_of(items)


def _set_status(assignment: Assignment, status: str, today: date, *, by: User | None = None,
                reason: str = "") -> None:
    pauses = [list(p) for p in assignment.pauses]
    open_pause = pauses[-1] if pauses and pauses[-1][1] is None else None
    if status == AssignmentStatus.PAUSED and open_pause is None:
        pauses.append([today.isoformat(), None])
    elif status != AssignmentStatus.PAUSED and open_pause is not None:
        if date.fromisoformat(open_pause[0]) >= today:
            pauses.pop()  # paused and resumed the same day: nothing was missed
        else:
            open_pause[1] = today.isoformat()
    assignment.pauses = pauses
    if status == AssignmentStatus.ENDED:
        # Ending stops everything from today on; a planned earlier end stays.
        last_day = today - timedelta(days=1)
        if assignment.end_date is None or assignment.end_date > last_day:
            assignment.end_date = last_day
        assignment.ended_by = by
        assignment.ended_reason = reason
    assignment.status = status


def assignment_locked(assignment_id: int) -> Assignment:
    """The assignment as it is now, its row locked until the transaction ends. Every phase
    or status change reads and writes under this lock, so concurrent changes queue instead
    of each saving the copy it read before the other wrote (a skipped phase, a phase
    history whose changes start from phases the assignment had left)."""
    return (Assignment.objects.select_related("patient", "template")
            .select_for_update(of=("self",)).get(pk=assignment_id))


def phase_name(assignment: Assignment, phase: int) -> str:
    return assignment.template.phases[phase]["name"]


def phase_seen_check(*, assignment: Assignment, from_phase: int | None) -> None:
    """A change the caller decided on the phase they saw (`from_phase`) is made only if the
    assignment is still in it: call under `assignment_locked`. None: the caller did not say
    (older clients); the change applies to wherever the assignment is."""
    if from_phase is None:
        return
    phase_count = len(assignment.template.phases)
    if not 0 <= from_phase < phase_count:
        raise ValidationError({"from_phase": [f"Must be from 0 to {phase_count - 1}."]})
    current = assignment.current_phase
    if from_phase != current:
        raise Conflict(
            f"This program is now in “{phase_name(assignment, current)}” (phase "
            f"{current + 1} of {phase_count}), not the phase you saw: someone changed it "
            f"meanwhile. Reload to see the change, then decide again.",
            code="phase_moved",
            fields={"from_phase": [f"Now phase {current + 1} of {phase_count}."]})


def phase_exercises(assignment: Assignment, phase: int) -> list[Exercise]:
    return list(Exercise.objects.filter(
        pk__in=AssignmentItem.objects.filter(assignment=assignment, phase=phase)
        .values("exercise_id")))


@transaction.atomic
def phase_change(
    *, assignment: Assignment, to_phase: int, changed_by: User | None, reason: str = "",
    effective_date: date | None = None,
) -> PhaseChange:
    phase_count = len(assignment.template.phases)
    if not 0 <= to_phase < phase_count:
        raise ValidationError({"current_phase": [f"Must be from 0 to {phase_count - 1}."]})
    # Reaching a phase that holds an exercise needing screening checks it again: the
    # newest screening may have found concerns since the program was assigned.
    screening_required_check(patient=assignment.patient, exercises=phase_exercises(
        assignment, to_phase), field="to_phase")
    # The phase and timeline as they are now, under the row lock: the caller's copy may
    # have been read before a colleague's change.
    assignment.current_phase, assignment.phase_timeline = (
        Assignment.objects.select_for_update().filter(pk=assignment.pk)
        .values_list("current_phase", "phase_timeline").get())
    effective = effective_date or assignment.patient.local_today()
    change = PhaseChange.objects.create(
        assignment=assignment, from_phase=assignment.current_phase, to_phase=to_phase,
        effective_date=effective, changed_by=changed_by, reason=reason,
    )
    # A change rules from its date on: entries after that date are superseded by it.
    timeline = [entry for entry in assignment.phase_timeline if entry[0] <= effective.isoformat()]
    assignment.phase_timeline = [*timeline, [effective.isoformat(), to_phase]]
    assignment.current_phase = to_phase
    assignment.program_changed_at = timezone.now()
    assignment.save(update_fields=["current_phase", "phase_timeline", "program_changed_at",
                                   "updated_at"])
    return change


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    changed_by: User,
    status: str | None = None,
    end_date: date | None | object = ...,
    overrides: dict | None = None,
    current_phase: int | None = None,
    from_phase: int | None = None,
    reason: str = "",
    auto_advance: bool | None = None,
    progression_settings: dict | None = None,
    item_doses: list[dict] | None = None,
    add_items: list[dict] | None = None,
    remove_items: list[int] | None = None,
) -> Assignment:
    """Apply a therapist's change. `end_date=...` means "not given" (None clears it).
    `progression_settings` replaces the assignment's thresholds as a whole (`{}` clears).
    `from_phase`: the phase the therapist saw; given, nothing changes unless the
    assignment is still in it (409)."""
    assignment = assignment_locked(assignment.pk)
    phase_seen_check(assignment=assignment, from_phase=from_phase)
    today = assignment.patient.local_today()
    if assignment.status == AssignmentStatus.ENDED and status not in (None, "ended"):
        raise ValidationError(
            {"status": ["An ended assignment cannot be restarted; assign again."]}
        )
    if progression_settings is not None:
        assignment.progression_settings = validate_progression_settings(progression_settings)
    if auto_advance is not None:
        assignment.auto_advance = auto_advance
    if overrides:
        _set_overrides(assignment, overrides)
    if item_doses or add_items or remove_items:
        program_items_change(assignment=assignment, changed_by=changed_by,
                             item_doses=item_doses or [], add_items=add_items or [],
                             remove_items=remove_items or [], reason=reason)
    before = {"status": assignment.status, "end_date": _iso(assignment.end_date)}
    if end_date is None or isinstance(end_date, date):  # `...`: leave it as it is
        if end_date is not None and end_date < assignment.start_date:
            raise ValidationError({"end_date": ["The end date must not be before the start date."]})
        assignment.end_date = end_date
    if status is not None and status != assignment.status:
        _set_status(assignment, status, today, by=changed_by, reason=reason)
    if _record_status_and_dates(assignment, before, changed_by=changed_by, reason=reason):
        assignment.program_changed_at = timezone.now()
    assignment.save()
    if current_phase is not None and current_phase != assignment.current_phase:
        phase_change(assignment=assignment, to_phase=current_phase, changed_by=changed_by,
                     reason=reason or "Changed by the therapist.")
    # The dose, the phase or the thresholds may have changed: the progression engine
    # evaluates again before this is answered.
    program_changed.send(Assignment, assignment=assignment)
    return assignment


def validate_progression_settings(value: Any) -> dict:
    """Thresholds over the clinic's and the template's; errors name the exact path."""
    problems = progression_settings_problems(document=value)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            path = ".".join(["progression_settings", *map(str, problem.path)])
            errors.setdefault(path, []).append(problem.message)
        raise ValidationError(errors)
    return value


# --- Editing a running program: doses per item, exercises added or removed ----------------

def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _record_status_and_dates(assignment: Assignment, before: dict, *, changed_by: User | None,
                             reason: str) -> ProgramChange | None:
    after = {"status": assignment.status, "end_date": _iso(assignment.end_date)}
    if after["status"] != before["status"]:
        words = {"paused": "Paused the program", "active": "Resumed the program",
                 "ended": "Ended the program"}[str(after["status"])]
        return ProgramChange.objects.create(
            assignment=assignment, kind=ProgramChangeKind.STATUS, what=f"{words}.",
            before={"status": before["status"]}, after={"status": after["status"]},
            reason=reason, changed_by=changed_by)
    elif after["end_date"] != before["end_date"]:
        return ProgramChange.objects.create(
            assignment=assignment, kind=ProgramChangeKind.DATES,
            what=f"End date {before['end_date'] or 'none'} → {after['end_date'] or 'none'}.",
            before={"end_date": before["end_date"]}, after={"end_date": after["end_date"]},
            reason=reason, changed_by=changed_by)
    return None


def item_prescription(item: AssignmentItem) -> dict:
    """The item's whole dose: the columns and the extras, as the template names them."""
    return {**item.extra, **{field: getattr(item, field) for field in DOSE_FIELDS}}


def _store_prescription(item: AssignmentItem, prescription: dict) -> None:
    for field in DOSE_FIELDS:
        setattr(item, field, prescription.get(field))
    if item.times_per_day is None:
        item.times_per_day = 1
    if item.days_of_week is None:
        item.days_of_week = []
    item.extra = {k: v for k, v in prescription.items() if k not in DOSE_FIELDS}


def _dose_change_of(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k not in ("id", "phase", "exercise")}


def program_items_change(*, assignment: Assignment, changed_by: User | None,
                         item_doses: list[dict], add_items: list[dict],
                         remove_items: list[int], reason: str = "") -> list[ProgramChange]:
    """A therapist's change to the items of a running program: new doses per item (phase
    by phase), exercises added to a phase or removed from one. Checked as a whole first
    (errors name `item_doses.<n>.<field>`, `add_items.<n>.<field>`, `remove_items.<n>` in
    the therapist's words); then applied, each change kept as a `ProgramChange`. Call under
    `assignment_locked`."""
    items = {i.pk: i for i in assignment.items.select_related("exercise")}
    phases = assignment.template.phases
    errors: dict[str, list[str]] = {}
    doses: list[tuple[AssignmentItem, dict, dict]] = []
    for index, entry in enumerate(item_doses):
        item_id = entry.get("id") if isinstance(entry, dict) else None
        item = items.get(item_id) if isinstance(item_id, int) else None
        if item is None:
            errors[f"item_doses.{index}.id"] = ["This exercise is not part of the program."]
            continue
        change = _dose_change_of(entry)
        if not change:
            errors[f"item_doses.{index}"] = ["Nothing to change: give the new dose."]
            continue
        current = item_prescription(item)
        problems = dose_problems(change, kind=item.exercise.kind, current=current)
        for field, message in problems.items():
            errors[f"item_doses.{index}.{field}"] = [message]
        if not problems:
            doses.append((item, current, with_change(current, change)))
    removing = []
    for index, item_id in enumerate(remove_items):
        item = items.get(item_id) if isinstance(item_id, int) else None
        if item is None:
            errors[f"remove_items.{index}"] = ["This exercise is not part of the program."]
        else:
            removing.append(item)
    additions: list[tuple[int, Exercise, dict]] = []
    screened: list[tuple[int, Exercise]] = []
    for index, entry in enumerate(add_items):
        path = f"add_items.{index}"
        if not isinstance(entry, dict):
            errors[path] = ["Give the phase and the exercise to add."]
            continue
        phase = entry.get("phase")
        if not isinstance(phase, int) or isinstance(phase, bool) or not 0 <= phase < len(phases):
            errors[f"{path}.phase"] = [f"Choose a phase from 1 to {len(phases)}."]
            continue
        exercise = (Exercise.objects.filter(slug=entry.get("exercise")).first()
                    if isinstance(entry.get("exercise"), str) else None)
        if exercise is None:
            errors[f"{path}.exercise"] = ["Choose an exercise from the library."]
            continue
        screened.append((index, exercise))
        if any(i.phase == phase and i.exercise_id == exercise.pk for i in items.values()
               if i not in removing):
            errors[f"{path}.exercise"] = [
                f"{exercise.name} is already in “{phases[phase]['name']}”."]
            continue
        given = entry.get("prescription") or {}
        if not isinstance(given, dict):
            errors[f"{path}.prescription"] = ["Give the dose as fields."]
            continue
        chosen = {k: v for k, v in given.items() if k not in CHOICE_FIELDS}
        base = dict(exercise.default_prescription)
        problems = dose_problems(chosen, kind=exercise.kind, current=base)
        for field, message in problems.items():
            errors[f"{path}.prescription.{field}"] = [message]
        for key, options in CHOICE_FIELDS.items():
            if key in given and given[key] not in options:
                errors[f"{path}.prescription.{key}"] = [
                    f"Choose the {key}: {' or '.join(options)}."]
        prescription = {**with_change(base, chosen),
                        **{k: v for k, v in given.items() if k in CHOICE_FIELDS}}
        for key in exercise.required_prescription:
            if key not in prescription:
                choices = " or ".join(CHOICE_FIELDS.get(key, ()))
                errors[f"{path}.prescription.{key}"] = [
                    f"Choose the {key} for {exercise.name}: {choices}."]
        if prescription.get("days_per_week") and not prescription.get("days_of_week"):
            errors[f"{path}.prescription.days_of_week"] = [
                f"Choose the days of the week for this exercise with the patient "
                f"({prescription['days_per_week']} a week)."]
        if not problems:
            additions.append((phase, exercise, prescription))
    for phase in {item.phase for item in removing}:
        left = [i for i in items.values() if i.phase == phase and i not in removing]
        if not left and not any(p == phase for p, _, _ in additions):
            index = next(n for n, i in enumerate(remove_items) if items[i].phase == phase)
            errors[f"remove_items.{index}"] = [
                f"“{phases[phase]['name']}” needs at least one exercise: add another "
                f"before removing this one."]
    # The one screening check (assign time, advancing, and here): an exercise that needs a
    # clear screening is added only when the newest screening is clear. It comes before the
    # dose's details: no side to choose for an exercise that may not be prescribed yet.
    for index, exercise in screened:
        screening_required_check(patient=assignment.patient, exercises=[exercise],
                                 field=f"add_items.{index}.exercise")
    if errors:
        raise ValidationError(errors)

    changes: list[ProgramChange] = []

    def record(kind: str, item: AssignmentItem, what: str, before: dict, after: dict) -> None:
        # One row each (post_save tells the patient: reminders.signals).
        changes.append(ProgramChange.objects.create(
            assignment=assignment, kind=kind, phase=item.phase, exercise=item.exercise,
            what=what, before=before, after=after, reason=reason, changed_by=changed_by))

    for item, before, after in doses:
        words = change_words(before, after)
        if not words:
            continue  # the same dose again: nothing changed
        _store_prescription(item, after)
        item.save(update_fields=[*DOSE_FIELDS, "extra"])
        record(ProgramChangeKind.DOSE, item,
               f"{item.exercise.name} ({phases[item.phase]['name']}): {words}.", before, after)
    for item in removing:
        record(ProgramChangeKind.EXERCISE_REMOVED, item,
               f"Removed {item.exercise.name} from “{phases[item.phase]['name']}”.",
               item_prescription(item), {})
        items.pop(item.pk)
        item.delete()
    for phase, exercise, prescription in additions:
        position = 1 + max((i.position for i in items.values() if i.phase == phase), default=-1)
        item = AssignmentItem(assignment=assignment, phase=phase, position=position,
                              exercise=exercise)
        _store_prescription(item, prescription)
        if "side" in prescription:
            _apply_dose(item, {"side": prescription["side"]})
        item.save()
        items[item.pk] = item
        record(ProgramChangeKind.EXERCISE_ADDED, item,
               f"Added {exercise.name} to “{phases[phase]['name']}”.", {},
               item_prescription(item))
    assignment.weekly_sessions = weekly_sessions_of(list(items.values()))
    if changes:
        assignment.program_changed_at = timezone.now()
    return changes
