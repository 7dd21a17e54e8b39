"""Every kind of record the product holds about a patient, declared once.

The export (privacy.export) writes one JSON file per entry; the erasure (privacy.erasure)
deletes, keeps or empties each entry's rows by what it says here. A model that reaches a
person and is in neither `PATIENT_DATA` nor `NOT_EXPORTED` fails
`tests/privacy/test_registry.py`: a new kind of patient data cannot be forgotten by both.

This app sits above every data app (pyproject.toml layers), so it may import their models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model

from accounts.models import CareTeamMember, Device, Invite, User
from alerts.models import Alert
from assignments.models import (
    Assignment,
    AssignmentItem,
    Evaluation,
    PhaseChange,
    ProgramChange,
    Screening,
)
from audit.models import AuditEvent
from logs.models import (
    DailyCheckin,
    DaySkip,
    DiarySettings,
    HeadacheLog,
    HeadacheMedication,
    SessionEntry,
    SessionLog,
    WeeklyCheckin,
)
from measures.models import Measure
from privacy.models import ErasureRequest
from reminders.models import DeliveryAttempt, Notification, PushSubscription, ReminderSettings

# What an erasure does with an entry's rows:
# - "delete": gone.
# - "clinical": part of the clinical record. Kept (free text emptied, `scrub` applied) when
#   the clinic must retain it (setting erasure_keeps_clinical_record), deleted otherwise.
# - "keep": the profile (emptied of everything personal by privacy.erasure), the audit log
#   (append-only; holds ids only) and the erasure request itself: the record of the erasure.
OnErasure = Literal["delete", "clinical", "keep"]


def _no_activity_names(row: Any) -> dict[str, Any]:
    """PSFS answers name the patient's own activities: kept as scores only."""
    answers = row.answers
    if isinstance(answers, list):
        answers = [{**a, "activity": ""} if isinstance(a, dict) and "activity" in a else a
                   for a in answers]
    return {"answers": answers}


@dataclass(frozen=True)
class PatientData:
    name: str  # the export's file, <name>.json
    title: str  # how the readable summary names it
    model: type[Model]
    # The lookup from a row to the patient's id ("pk" for the patient's own row).
    path: str
    on_erasure: OnErasure
    # Never exported: secrets of the account, not data about the person.
    omit: tuple[str, ...] = ()
    # Emptied when a clinical row is kept after an erasure.
    free_text: tuple[str, ...] = ()
    # Further changes to a kept clinical row: {field: new value}.
    scrub: Callable[[Any], dict[str, Any]] | None = field(default=None)

    def rows(self, patient_id: int):
        # The base manager: rows a default manager hides (headaches the patient deleted,
        # kept for the audit trail) are still held, so exported and erased.
        return self.model._base_manager.filter(**{self.path: patient_id}).order_by("pk")


PATIENT_DATA: tuple[PatientData, ...] = (
    PatientData("profile", "Your profile", User, "pk", "keep",
                omit=("password", "is_superuser", "is_staff")),
    PatientData("invites", "Invitations to set a password", Invite, "user", "delete",
                omit=("token_digest",)),
    PatientData("care_team", "Your care team", CareTeamMember, "patient", "delete"),
    PatientData("devices", "Signed-in devices", Device, "token__user", "delete",
                omit=("token",)),
    PatientData("programs", "Your programs", Assignment, "patient", "clinical"),
    PatientData("program_exercises", "Exercises and doses of your programs", AssignmentItem,
                "assignment__patient", "clinical"),
    PatientData("phase_changes", "Changes of phase", PhaseChange, "assignment__patient",
                "clinical", free_text=("reason",)),
    PatientData("program_changes", "Changes your therapist made to your programs",
                ProgramChange, "assignment__patient", "clinical", free_text=("reason",)),
    PatientData("progression", "Progress evaluations", Evaluation, "assignment__patient",
                "clinical"),
    PatientData("screenings", "Screenings before neck exercise", Screening, "patient",
                "clinical", free_text=("notes",)),
    PatientData("session_logs", "Exercise sessions", SessionLog, "patient", "clinical",
                free_text=("notes",)),
    PatientData("session_exercises", "Exercises done in each session", SessionEntry,
                "session__patient", "clinical"),
    PatientData("headache_logs", "Headaches", HeadacheLog, "patient", "clinical",
                free_text=("notes",)),
    PatientData("headache_medications", "Medication taken for each headache",
                HeadacheMedication, "log__patient", "clinical"),
    PatientData("diary_settings", "Your diary settings", DiarySettings, "patient", "delete"),
    PatientData("daily_checkins", "Daily check-ins", DailyCheckin, "patient", "clinical"),
    PatientData("weekly_checkins", "Weekly check-ins", WeeklyCheckin, "patient", "clinical"),
    PatientData("day_skips", "Days you chose to rest", DaySkip, "patient", "clinical"),
    PatientData("alerts", "Alerts your therapist was sent", Alert, "patient", "clinical"),
    PatientData("measures", "Questionnaires", Measure, "patient", "clinical",
                scrub=_no_activity_names),
    PatientData("reminder_settings", "Reminder settings", ReminderSettings, "user", "delete"),
    PatientData("notifications", "Notifications sent to you", Notification, "user", "delete"),
    PatientData("delivery_attempts", "Deliveries of your notifications", DeliveryAttempt,
                "notification__user", "delete"),
    PatientData("push_subscriptions", "Devices receiving push notifications",
                PushSubscription, "user", "delete", omit=("p256dh", "auth")),
    PatientData("erasure_request", "Your erasure request", ErasureRequest, "patient", "keep"),
    PatientData("audit_log", "Who read or changed your record", AuditEvent, "patient_id",
                "keep", omit=("prev_hash", "hash")),
)

# Models that reach a person but are not the patient's data to export, each with why.
NOT_EXPORTED: dict[str, str] = {
    "knox.AuthToken": "the secret half of a sign-in; what a person sees of it is `devices`",
    "admin.LogEntry": "the Django admin's record of staff actions (patients never sign in "
                      "there); erasure removes the patient's name and email from it",
    "accounts.TotpDevice": "staff only: two-step sign-in secrets",
    "accounts.RecoveryCode": "staff only: digests of one-time codes",
    "audit.PatientAuditKey": "the key of the address hashes, a secret; destroyed at erasure",
    "monitoring.PatientSummary": "the patient list's figures, computed from the logs that "
                                 "are exported; deleted at erasure (it copies the name)",
    "progression.PendingEvaluation": "the progression engine's work queue: an assignment id "
                                     "and a time, nothing of its own",
}


def patient_data_models() -> set[str]:
    return {entry.model._meta.label for entry in PATIENT_DATA}


def reaches_a_person(models: Iterable[type[Model]] | None = None) -> set[str]:
    """Labels of the models whose rows lead to a person: a foreign key to the user model or
    to a model that does, or a plain `patient_id` column (the audit log's way)."""
    user = get_user_model()
    candidates = list(models if models is not None else apps.get_models())
    reaching = {user._meta.label}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            label = model._meta.label
            if label in reaching:
                continue
            for f in model._meta.concrete_fields:
                target = f.related_model if f.is_relation else None
                if (f.name == "patient_id" or (target is not None and not isinstance(target, str)
                                               and target._meta.label in reaching)):
                    reaching.add(label)
                    changed = True
                    break
    return reaching


def unaccounted(models: Iterable[type[Model]] | None = None) -> set[str]:
    """Models leading to a person that are neither exported nor excluded with a reason."""
    return reaches_a_person(models) - patient_data_models() - set(NOT_EXPORTED)
