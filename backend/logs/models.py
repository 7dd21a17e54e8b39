"""What the patient records: exercise sessions, headaches, daily and weekly check-ins.

Every write carries a client-made UUID so an offline phone can resend safely: the unique
constraint on (patient, client_id) makes a replay find the first record, never a second.
Each row also stores its local date in the patient's zone at the time of logging, so
daily and weekly figures stay put if the patient later travels.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SessionLog(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_logs"
    )
    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.CASCADE, related_name="session_logs"
    )
    client_id = models.UUIDField()
    performed_at = models.DateTimeField()
    local_date = models.DateField()
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True)
    soreness_after = models.PositiveSmallIntegerField(null=True, blank=True)
    headache_triggered = models.BooleanField(default=False)
    # Aerobic effort above the phase's target band: {"exercise", "rpe", "target"}; shown to
    # the therapist and holds advancing (progression.engine). Null: within the band.
    effort_overshoot = models.JSONField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "client_id"], name="session_log_replay"),
        ]
        indexes = [
            models.Index(fields=["patient", "local_date"]),
            models.Index(fields=["assignment", "local_date"]),
            models.Index(fields=["patient", "-performed_at"]),
        ]


class SessionEntry(models.Model):
    PATIENT_PATH = "session__patient"  # accounts.selectors.visible_to

    session = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="entries")
    exercise = models.ForeignKey("library.Exercise", on_delete=models.PROTECT, related_name="+")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    rpe = models.PositiveSmallIntegerField(null=True, blank=True)  # Borg 6-20
    # This exercise's own rating, when the patient gave one (it wins over the session's).
    pain_during = models.PositiveSmallIntegerField(null=True, blank=True)
    # Dizziness the exercise provoked (0-10): gaze stabilisation progresses on it.
    dizziness = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class HeadacheKind(models.TextChoices):
    MIGRAINE = "migraine", "Migraine"
    TENSION = "tension", "Tension-type"
    NECK = "neck", "Neck headache"
    OTHER = "other", "Other"
    UNSURE = "unsure", "Not sure"


class HeadacheSymptom(models.TextChoices):
    NAUSEA = "nausea", "Nausea"
    VOMITING = "vomiting", "Vomiting"
    LIGHT = "light", "Bothered by light"
    SOUND = "sound", "Bothered by sound"
    SMELL = "smell", "Bothered by smells"
    DIZZINESS = "dizziness", "Dizziness"
    VISUAL = "visual", "Changes in vision"
    NUMBNESS = "numbness", "Tingling or numbness"
    NECK_PAIN = "neck_pain", "Neck pain"


class Disability(models.TextChoices):
    NONE = "none", "None: did everything as usual"
    MILD = "mild", "Mild: could do most things"
    MODERATE = "moderate", "Moderate: had to cut down"
    SEVERE = "severe", "Severe: could not work or do usual things"


class Relief(models.TextChoices):
    NONE = "none", "No relief"
    SOME = "some", "Some relief"
    FULL = "full", "Pain gone"


class CountedHeadacheLogs(models.Manager):
    """Entries the patient has not deleted: every count, list and verdict reads these."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class HeadacheLog(models.Model):
    """One headache attack in the patient's diary.

    Deleting is soft (`deleted_at`): `objects` (the default manager, and the one behind
    `patient.headache_logs`) leaves deleted entries out, so they are no longer counted
    anywhere; `all_objects` keeps them, for the audit trail, an export and erasure. The
    alerts and red events an entry raised stay on record. Each edit raises `version`.
    """

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="headache_logs"
    )
    client_id = models.UUIDField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    # The patient answered "still going" (ended_at null). An entry with no end and no such
    # answer (an app that never asked, or a headache logged once it was over) counts on its
    # start day only; an open attack on at most HEADACHE_OPEN_MAX_DAYS (logs.headache_days).
    still_going = models.BooleanField(default=False)
    local_date = models.DateField()
    peak_pain = models.PositiveSmallIntegerField()
    # The older yes/no answer; kept in step with `kind` (migraine <=> kind migraine).
    migraine = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=HeadacheKind.choices, blank=True)  # "": not said
    aura = models.BooleanField(null=True, blank=True)
    neck_pain_first = models.BooleanField(null=True, blank=True)
    symptoms = models.JSONField(default=list, blank=True)  # HeadacheSymptom values
    # Any acute medication; true without `medications` rows: a medication day of class
    # "unknown".
    medication_taken = models.BooleanField(default=False)
    disability = models.CharField(max_length=10, choices=Disability.choices, blank=True)
    triggers = models.JSONField(default=list, blank=True)  # slugs of the clinic's list
    menstruation = models.BooleanField(null=True, blank=True)
    # Started during or within hours of exercise: a red event on its own (§4).
    exercise_triggered = models.BooleanField(default=False)
    # The session the patient said brought it on: the red event belongs to its program.
    triggered_by_session = models.ForeignKey(
        SessionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Red-flag answers (logs.urgent.RedFlag): any of them sends the patient to emergency care.
    red_flags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CountedHeadacheLogs()
    all_objects = models.Manager()  # noqa: DJ012 - the second manager, after the default

    class Meta:
        ordering = ["-started_at"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["patient", "client_id"], name="headache_log_replay"),
        ]
        indexes = [
            models.Index(fields=["patient", "local_date"]),
            models.Index(fields=["patient", "-started_at"]),
        ]


class HeadacheMedication(models.Model):
    """An acute medication taken for a headache: from the catalogue (`medication`, its
    class copied at the time) or typed in (`name` only, class `other`)."""

    PATIENT_PATH = "log__patient"  # accounts.selectors.visible_to

    log = models.ForeignKey(HeadacheLog, on_delete=models.CASCADE, related_name="medications")
    medication = models.ForeignKey("library.Medication", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    drug_class = models.CharField(max_length=32)  # library.MedicationClass
    dose = models.CharField(max_length=100, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    relief_2h = models.CharField(max_length=4, choices=Relief.choices, blank=True)

    class Meta:
        ordering = ["taken_at", "id"]


class DiarySettings(models.Model):
    """What the patient chose for their own diary (`PATCH me/diary-settings`)."""

    patient = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="diary_settings")
    # Asked about menstruation with each headache (only when the patient opts in).
    track_menstruation = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)


class DailyCheckin(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="daily_checkins"
    )
    date = models.DateField()
    neck_soreness = models.PositiveSmallIntegerField(null=True, blank=True)
    headache_free = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="one_checkin_per_day"),
        ]


# Ten sessions a day, every day: above what any program here prescribes even combined, so
# a larger number is a typo, not a very keen week.
WEEKLY_SESSIONS_MAX = 70


class WeeklyCheckin(models.Model):
    """The patient's own count of sessions in a local week (Monday to Sunday), answered
    to the Sunday-evening prompt. Kept beside the logged sessions, never mixed into them:
    adherence is computed from logs only; the therapist reads the two side by side."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_checkins"
    )
    week_start = models.DateField()  # a Monday in the patient's zone
    sessions_done = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "week_start"],
                                    name="one_weekly_checkin_per_week"),
        ]


class SkipReason(models.TextChoices):
    REST_AFTER_RED_EVENT = "rest_after_red_event", "Resting after pain or a headache from exercise"
    MIGRAINE = "migraine", "Migraine"
    ILLNESS = "illness", "Illness"
    OTHER = "other", "Something else"


class DaySkip(models.Model):
    """A day the patient chose not to exercise, with the reason: an excused day
    (`logs.excused`), so it never counts against adherence. One per local date; the last
    answer wins."""

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_skips"
    )
    date = models.DateField()
    reason = models.CharField(max_length=32, choices=SkipReason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="one_skip_per_day"),
        ]
