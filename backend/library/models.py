"""The exercise library and program templates, loaded from the data files in `programs/`.

Templates are versioned: loading an edited file adds a new version and marks it current;
assignments keep pointing at the version they were made from (and copy its items), so an
edit never silently changes a patient's active program.
"""

from __future__ import annotations

from django.db import models


class ExerciseKind(models.TextChoices):
    HOLD = "hold", "Hold"  # timed holds, e.g. 10 x 10 s
    REPS = "reps", "Repetitions"
    TIMED = "timed", "Timed"  # minutes of continuous work (breathing, gaze stabilisation)
    AEROBIC = "aerobic", "Aerobic"  # minutes and effort (RPE)
    CHECKLIST = "checklist", "Checklist"  # ticked, not timed


class Exercise(models.Model):
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    region = models.CharField(max_length=50)
    kind = models.CharField(max_length=20, choices=ExerciseKind.choices)
    instructions = models.TextField()
    what_to_feel = models.TextField(blank=True)
    stop_if = models.TextField(blank=True)
    cues = models.JSONField(default=list, blank=True)  # errors the patient watches for
    media = models.JSONField(default=list, blank=True)
    # Key poses of a drawn figure and their timing ({view, poses, props, text, ...}), or
    # {none: reason} for a checklist item; empty when the file gives none.
    # Shape: programs/schema/exercise.schema.json, docs/demonstrations.md.
    demonstration = models.JSONField(null=True, blank=True)
    default_prescription = models.JSONField(default=dict, blank=True)
    # Discomfort the exercise itself asks for (tender-point pressure: up to about 4 of 10):
    # pain during it up to this is green, never a red event (logs.red_events).
    expected_discomfort_max = models.PositiveSmallIntegerField(null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    # Needs a recorded clear screening (red flags, cervical arterial) before it is assigned
    # (shared clinical reference §6): upper-cervical self-mobilisation, loaded neck work.
    requires_screening = models.BooleanField(default=False)
    # After it the patient rates the dizziness it brought on (gaze stabilisation, which
    # progresses on dizziness, not pain): the PWA asks, the entry carries `dizziness`.
    rates_dizziness = models.BooleanField(default=False)
    # Prescription keys the therapist must set when assigning it (the self-SNAG's `side`).
    required_prescription = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramTemplate(models.Model):
    slug = models.SlugField(max_length=100)
    version = models.PositiveIntegerField(default=1)
    # Empty for the shared library; set for a clinic's own copy.
    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, blank=True, on_delete=models.CASCADE,
        related_name="program_templates",
    )
    name = models.CharField(max_length=200)
    summary = models.TextField()
    weeks = models.PositiveSmallIntegerField()
    # [{name, min_days?, items: [{exercise, prescription}], advance_when?}] as in the file.
    phases = models.JSONField()
    evidence = models.TextField(blank=True)
    sources = models.JSONField(default=list, blank=True)
    disclaimer = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    is_current = models.BooleanField(default=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "slug", "version"],
                                    name="template_version_unique"),
        ]
        indexes = [models.Index(fields=["slug", "is_current"])]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class MedicationClass(models.TextChoices):
    """The classes acute-medication days are counted under (ICHD-3 8.2). `other`: a
    medication the patient typed in; `unknown`: "took something" without naming it."""

    TRIPTAN = "triptan", "Triptan"
    ERGOT = "ergot", "Ergot"
    OPIOID = "opioid", "Opioid"
    COMBINATION_ANALGESIC = "combination_analgesic", "Combination analgesic"
    SIMPLE_ANALGESIC = "simple_analgesic", "Simple analgesic"
    GEPANT = "gepant", "Gepant"
    LASMIDITAN = "lasmiditan", "Lasmiditan"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Not named"


class Medication(models.Model):
    """An acute headache medication from `programs/medications/<group>.yaml`, with the
    ICHD-3 overuse limit of its class as the file states it."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    drug_class = models.CharField(max_length=32, choices=MedicationClass.choices)
    group = models.SlugField(max_length=100)  # the file it comes from
    also_known_as = models.JSONField(default=list, blank=True)
    overuse_days_per_month = models.PositiveSmallIntegerField()
    overuse_months = models.PositiveSmallIntegerField()
    ichd3 = models.CharField(max_length=20)
    content_hash = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
