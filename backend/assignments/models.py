"""A patient's assigned program: its items per phase, pauses and phase history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class ProgressionState(models.TextChoices):
    """Where an assignment's current phase stands on the logged evidence (the progression
    engine decides; `Evaluation` keeps its latest answer)."""

    ON_TRACK = "on_track", "On track"
    READY_TO_ADVANCE = "ready_to_advance", "Ready to advance"
    HOLD = "hold", "Hold"
    REGRESS_SUGGESTED = "regress_suggested", "Regress suggested"


class Assignment(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    template = models.ForeignKey(
        "library.ProgramTemplate", on_delete=models.PROTECT, related_name="assignments"
    )
    start_date = models.DateField()
    # Last day on which anything is due; empty while open-ended.
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    current_phase = models.PositiveSmallIntegerField(default=0)
    # The schedule's history, kept on the assignment so that "what is due on a date" needs
    # no other table: [[first paused day, first day back or null], ...] and
    # [[effective date, phase], ...] from the start. PhaseChange keeps who and why.
    pauses = models.JSONField(default=list, blank=True)
    phase_timeline = models.JSONField(default=list, blank=True)
    # Sessions due on each weekday in each phase, {"<phase>": [mon, ..., sun]}: derived from
    # the items and rewritten with them (assignments.services), so that counting a whole
    # clinic's prescribed sessions never reads every item of every patient.
    weekly_sessions = models.JSONField(default=dict, blank=True)
    # {exercise slug: {prescription field: value}} applied on top of the template's dose.
    overrides = models.JSONField(default=dict, blank=True)
    # The progression engine's thresholds for this patient, over the clinic's, the
    # template's and the defaults (library.rules; programs/schema/progression.schema.json).
    progression_settings = models.JSONField(default=dict, blank=True)
    # Move on as soon as the engine finds the patient ready, instead of proposing it to the
    # therapist; the phase change is recorded with no one as its author.
    auto_advance = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the program the patient does last changed (a dose, an exercise, the phase, the
    # status): the patient's Today says so for a week, read with the items at no cost.
    program_changed_at = models.DateTimeField(null=True, blank=True)
    # Who ended the program early and why (the End button asks); empty while it runs.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+"
    )
    ended_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["patient", "status"])]

    def __str__(self) -> str:
        return f"{self.template.name} for {self.patient}"


class AssignmentItem(models.Model):
    """One exercise of one phase with its dose, copied from the template when assigned."""

    PATIENT_PATH = "assignment__patient"  # accounts.selectors.visible_to

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="items")
    phase = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey("library.Exercise", on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    times_per_day = models.PositiveSmallIntegerField(default=1)
    days_of_week = models.JSONField(default=list, blank=True)  # empty: every day
    # Dose details the template names beyond the common fields (rest, RPE target, cuff mmHg).
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["phase", "position"]


class PhaseChange(models.Model):
    """Who moved an assignment to another phase, when and why."""

    PATIENT_PATH = "assignment__patient"  # accounts.selectors.visible_to

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="phase_changes"
    )
    from_phase = models.PositiveSmallIntegerField()
    to_phase = models.PositiveSmallIntegerField()
    effective_date = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["effective_date", "changed_at"]


class Evaluation(models.Model):
    """The progression engine's latest answer for an assignment, one row each, rewritten by
    `progression.services.progression_evaluate`. Kept here, beside the assignment, because
    every read of an assignment shows it; phase changes themselves (who, when, why) are
    `PhaseChange` rows."""

    PATIENT_PATH = "assignment__patient"  # accounts.selectors.visible_to

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE,
                                      related_name="evaluation")
    state = models.CharField(max_length=20, choices=ProgressionState.choices)
    phase = models.PositiveSmallIntegerField()  # the phase evaluated
    proposed_phase = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list)  # readable sentences, most important first
    evaluated_on = models.DateField()  # the patient's local date
    evaluated_at = models.DateTimeField()
    # The window's figures and the thresholds applied, for the record.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "progression_evaluation"  # created by the progression app, moved here


class CervicalArterial(models.TextChoices):
    CLEAR = "clear", "Clear"
    CONCERNS = "concerns", "Concerns"


class Screening(models.Model):
    """That a therapist screened the patient before neck loading (IFOMPT framework, shared
    clinical reference §6): red flags cleared, cervical arterial screening clear or not,
    when and by whom. The record that it was done, not the clinical judgement itself; kept
    as history (never edited), the newest deciding."""

    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="screenings")
    red_flags_clear = models.BooleanField()
    cervical_arterial = models.CharField(max_length=10, choices=CervicalArterial.choices)
    screened_on = models.DateField()
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_on", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["patient", "-screened_on"])]

    @property
    def is_clear(self) -> bool:
        return self.red_flags_clear and self.cervical_arterial == CervicalArterial.CLEAR


class ProgramChangeKind(models.TextChoices):
    DOSE = "dose", "Dose changed"
    EXERCISE_ADDED = "exercise_added", "Exercise added"
    EXERCISE_REMOVED = "exercise_removed", "Exercise removed"
    STATUS = "status", "Status changed"
    DATES = "dates", "Dates changed"


class ProgramChange(models.Model):
    """One change a therapist made to a patient's program other than its phase (phase moves
    are `PhaseChange`): who, when, what (a sentence, and the values before and after) and
    why. Kept as history, never edited; `GET assignments/{id}/history` shows both kinds."""

    PATIENT_PATH = "assignment__patient"  # accounts.selectors.visible_to

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="program_changes")
    kind = models.CharField(max_length=20, choices=ProgramChangeKind.choices)
    phase = models.PositiveSmallIntegerField(null=True, blank=True)
    exercise = models.ForeignKey("library.Exercise", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    what = models.TextField()  # "Chin nod with cuff: hold 10 s → 12 s"
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["assignment", "-changed_at"])]
