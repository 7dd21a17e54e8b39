"""Two clinics with one of everything, for the permission matrix and the API fuzz tests.

Clinic A holds the objects under test, all belonging to `owner`: an assignment, a session
log (which raised an alert), a headache log, yesterday's check-in and last week's weekly
check-in, plus the clinic's own copy of a program template. Clinic B has its own therapist,
patient, assignment and its own template copy, so every cross-clinic reference has
something real to point at.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone
from knox.models import AuthToken

from accounts.models import CareTeamMember, Clinic, Invite, RecoveryCode, TotpDevice, User
from alerts.models import Alert, AlertKind
from alerts.services import alert_raise
from assignments.models import Assignment, AssignmentItem, PhaseChange, ProgramChange, Screening
from assignments.services import screening_record
from common.dates import week_start
from library.models import Exercise, ExerciseKind, Medication, ProgramTemplate
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
from logs.services import (
    daily_checkin_put,
    headache_log_create,
    session_log_create,
    weekly_checkin_put,
)
from privacy.models import ErasureRequest
from reminders.models import Notification, PushSubscription
from tests.factories import (
    ClinicAdminFactory,
    ClinicFactory,
    ExerciseFactory,
    PatientFactory,
    ProgramTemplateFactory,
    TherapistFactory,
    assign,
    item,
    phase,
)

# The roles of the permission matrix, in the order of its columns.
ANON, OWNER, PEER, THERAPIST, ADMIN, OTHER_THERAPIST, OTHER_PATIENT = ROLES = (
    "anonymous", "owner", "peer", "therapist", "clinic_admin", "other_therapist",
    "other_patient",
)

SHARED_SLUG = "shared-program"
OWN_COPY_SLUG = "clinic-a-program"  # exists only as clinic A's own copy
OTHER_COPY_SLUG = "clinic-b-program"  # exists only as clinic B's own copy

# What the template JSON Schema requires beyond the factory's defaults, so that copying
# and editing through the API validate.
TEMPLATE_TEXT = {"evidence": "Test evidence.", "sources": ["Test source (unverified)."],
                 "disclaimer": "Test disclaimer."}


def template(*, slug: str, clinic=None, based_on=None, exercise: Exercise) -> ProgramTemplate:
    return ProgramTemplateFactory(
        slug=slug, clinic=clinic, based_on=based_on, weeks=6,
        phases=[phase(item(exercise, reps=10, hold_seconds=5), name="Phase 1", min_days=7)],
        **TEMPLATE_TEXT,
    )


@dataclass
class World:
    clinic: object
    other_clinic: object
    users: dict[str, User | None]
    exercise: Exercise
    shared: ProgramTemplate
    own_copy: ProgramTemplate
    other_copy: ProgramTemplate
    assignment: Assignment  # the owner's
    peer_assignment: Assignment
    other_assignment: Assignment  # clinic B's patient's
    session_log: SessionLog
    headache_log: HeadacheLog
    checkin: DailyCheckin
    weekly_checkin: WeeklyCheckin
    alert: Alert
    extra: dict = field(default_factory=dict)

    @property
    def owner(self) -> User:
        return self.users[OWNER]

    @property
    def checkin_day(self) -> str:
        return self.checkin.date.isoformat()

    @property
    def checkin_week(self) -> str:
        return self.weekly_checkin.week_start.isoformat()


def build_world() -> World:
    clinic, other_clinic = ClinicFactory(name="Clinic A"), ClinicFactory(name="Clinic B")
    therapist = TherapistFactory(clinic=clinic, email="therapist@a.test")
    admin = ClinicAdminFactory(clinic=clinic, email="admin@a.test")
    owner = PatientFactory(clinic=clinic, primary_therapist=therapist, email="owner@a.test")
    # Invited but not yet signed up, so that a fresh invite link can be made for them.
    owner.set_unusable_password()
    owner.save(update_fields=["password"])
    peer = PatientFactory(clinic=clinic, primary_therapist=therapist, email="peer@a.test")
    other_therapist = TherapistFactory(clinic=other_clinic, email="therapist@b.test")
    other_patient = PatientFactory(clinic=other_clinic, primary_therapist=other_therapist,
                                   email="patient@b.test")

    exercise = ExerciseFactory(slug="chin-nod", kind=ExerciseKind.HOLD)
    shared = template(slug=SHARED_SLUG, exercise=exercise)
    own_copy = template(slug=OWN_COPY_SLUG, clinic=clinic, based_on=shared, exercise=exercise)
    other_copy = template(slug=OTHER_COPY_SLUG, clinic=other_clinic, based_on=shared,
                          exercise=exercise)

    start = owner.local_today() - timedelta(days=7)
    assignment = assign(owner, shared, start, created_by=therapist)
    peer_assignment = assign(peer, shared, start, created_by=therapist)
    other_assignment = assign(other_patient, other_copy, start, created_by=other_therapist)

    now = timezone.now()
    session_log, _ = session_log_create(
        patient=owner, client_id=uuid.uuid4(), assignment=assignment,
        performed_at=now - timedelta(hours=1),
        entries=[{"exercise": exercise, "reps": 10, "hold_seconds": 5}],
        pain_during=2, headache_triggered=True,  # raises the alert
    )
    headache_log, _ = headache_log_create(patient=owner, client_id=uuid.uuid4(),
                                          started_at=now - timedelta(hours=3), peak_pain=4)
    checkin, _ = daily_checkin_put(patient=owner, on=owner.local_today() - timedelta(days=1),
                                   neck_soreness=3, headache_free=True)
    weekly_checkin, _ = weekly_checkin_put(
        patient=owner, week_start=week_start(owner.local_today()) - timedelta(weeks=1),
        sessions_done=4)
    alert = Alert.objects.get(session_log=session_log)

    users = {ANON: None, OWNER: owner, PEER: peer, THERAPIST: therapist, ADMIN: admin,
             OTHER_THERAPIST: other_therapist, OTHER_PATIENT: other_patient}
    subscription = PushSubscription.objects.create(
        user=owner, endpoint="https://push.example.test/owner", auth="tBHItJI5svbpez7KI4CCXg",
        p256dh="BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM")
    notification = Notification.objects.create(user=owner, kind="exercise_reminder",
                                               slot_key="world", due_at=now)
    medication = Medication.objects.create(
        slug="sumatriptan", name="Sumatriptan", drug_class="triptan", group="triptans",
        overuse_days_per_month=10, overuse_months=3, ichd3="8.2.2", content_hash="x")
    world = World(clinic=clinic, other_clinic=other_clinic, users=users, exercise=exercise,
                 shared=shared, own_copy=own_copy, other_copy=other_copy,
                 assignment=assignment, peer_assignment=peer_assignment,
                 other_assignment=other_assignment, session_log=session_log,
                 headache_log=headache_log, checkin=checkin,
                 weekly_checkin=weekly_checkin, alert=alert,
                 extra={"subscription": subscription, "notification": notification,
                        "medication": medication,
                        "screening": screening_record(
                            patient=owner, recorded_by=users["therapist"],
                            red_flags_clear=True, cervical_arterial="clear",
                            screened_on=owner.local_today())})
    # A progression proposal on the owner's program, to decline (alerts/{id}/decline).
    world.extra["proposal"] = alert_raise(
        patient=owner, kind=AlertKind.PROGRESSION_PROPOSAL, details={
            "assignment": assignment.pk, "program": shared.name, "direction": "advance",
            "from_phase": 0, "to_phase": 1, "to_phase_name": "Phase 2",
            "date": owner.local_today().isoformat(), "reason": "Ready."})
    return world


def snapshot() -> dict[str, list]:
    """Everything a request could change, as plain values, keyed by the kind of record."""

    def rows(queryset, *fields):
        return list(queryset.order_by("pk").values_list(*fields))

    return {
        "users": rows(User.objects, "pk", "email", "first_name", "last_name", "timezone",
                      "clinic_id", "role", "primary_therapist_id", "baseline_headache_days_28",
                      "password", "is_active"),
        "invites": rows(Invite.objects, "pk", "user_id", "revoked_at", "used_at"),
        "clinics": rows(Clinic.objects, "pk", "name", "timezone", "settings"),
        "care_team": rows(CareTeamMember.objects, "pk", "patient_id", "member_id"),
        "tokens": rows(AuthToken.objects, "pk", "user_id"),
        "two_step": [*rows(TotpDevice.objects, "pk", "user_id", "secret", "confirmed_at",
                           "last_used_step"),
                     *rows(RecoveryCode.objects, "pk", "user_id", "used_at")],
        "assignments": [
            *rows(Assignment.objects, "pk", "patient_id", "template_id", "status",
                  "current_phase", "start_date", "end_date", "overrides", "pauses",
                  "phase_timeline"),
            *rows(AssignmentItem.objects, "pk", "assignment_id", "sets", "reps",
                  "hold_seconds", "duration_minutes", "times_per_day", "days_of_week"),
            *rows(PhaseChange.objects, "pk", "assignment_id", "to_phase"),
            *rows(ProgramChange.objects, "pk", "assignment_id", "kind", "what"),
        ],
        "session_logs": [*rows(SessionLog.objects, "pk", "patient_id", "assignment_id",
                               "client_id", "pain_during"),
                         *rows(SessionEntry.objects, "pk", "session_id", "exercise_id")],
        "headache_logs": [*rows(HeadacheLog.all_objects, "pk", "patient_id", "client_id",
                                "peak_pain", "version", "deleted_at"),
                          *rows(HeadacheMedication.objects, "pk", "log_id", "medication_id")],
        "diary_settings": rows(DiarySettings.objects, "pk", "patient_id", "track_menstruation"),
        "checkins": rows(DailyCheckin.objects, "pk", "patient_id", "date", "neck_soreness",
                         "headache_free"),
        "weekly_checkins": rows(WeeklyCheckin.objects, "pk", "patient_id", "week_start",
                                "sessions_done"),
        "skips": rows(DaySkip.objects, "pk", "patient_id", "date", "reason"),
        "alerts": rows(Alert.objects, "pk", "patient_id", "status", "resolved_by_id",
                       "outcome", "note"),
        "screenings": rows(Screening.objects, "pk", "patient_id", "recorded_by_id",
                           "cervical_arterial"),
        "templates": rows(ProgramTemplate.objects, "pk", "clinic_id", "slug", "version",
                          "is_current", "name", "phases"),
        "exercises": rows(Exercise.objects, "pk", "slug", "content_hash"),
        "notifications": rows(Notification.objects, "pk", "user_id", "kind", "slot_key",
                              "due_at", "sent_at", "abandoned_at"),
        "push_subscriptions": rows(PushSubscription.objects, "pk", "user_id", "endpoint",
                                   "p256dh", "auth", "disabled_at"),
        "erasures": rows(ErasureRequest.objects, "pk", "patient_id", "status", "confirmed_at"),
    }


def changed_parts(before: dict[str, list], after: dict[str, list]) -> set[str]:
    return {part for part in before if before[part] != after[part]}


def is_error_shape(body) -> bool:
    """The one error shape: {code: str, detail: str, fields: {name: [messages]}}."""
    return (
        isinstance(body, dict)
        and isinstance(body.get("code"), str) and bool(body["code"])
        and isinstance(body.get("detail"), str)
        and isinstance(body.get("fields"), dict)
        and all(isinstance(name, str) and isinstance(messages, list)
                and all(isinstance(m, str) for m in messages)
                for name, messages in body["fields"].items())
    )
