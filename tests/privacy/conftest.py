"""A patient with a row of every kind the product holds about a patient, and text in every
free-text field, so that the export and the erasure can be checked against all of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from knox.models import AuthToken

from accounts.models import CareTeamMember, Invite, User
from assignments.models import Evaluation, PhaseChange, ProgramChange
from logs.models import DaySkip, DiarySettings, HeadacheLog, HeadacheMedication, SessionLog
from measures.models import Measure
from reminders.models import DeliveryAttempt, Notification, ReminderSettings
from tests.api_world import World, build_world
from tests.conftest import client_for
from tests.factories import TherapistFactory

FIRST, LAST, EMAIL = "Zebediah", "Quillfeather", "zebediah.quillfeather@a.test"
SESSION_NOTE = "Sore after the walk to Llanfair bakery"
HEADACHE_NOTE = "Started at my sister Morwenna's wedding"
SCREENING_NOTE = "Reports dizziness when reversing the tractor"
PHASE_REASON = "Managing the Wrexham marathon fine"
ACTIVITY = "Playing the bagpipes"
DELETED_NOTE = "Logged by mistake at the Portmeirion ferry"
# Everything that names the patient or is their own free text.
PERSONAL = (FIRST, LAST, EMAIL, SESSION_NOTE, HEADACHE_NOTE, SCREENING_NOTE, PHASE_REASON,
            ACTIVITY, DELETED_NOTE)


@dataclass
class Full:
    world: World
    patient: User
    therapist: User
    admin: User


@pytest.fixture
def full(db) -> Full:
    world = build_world()
    patient, therapist = world.owner, world.users["therapist"]
    User.objects.filter(pk=patient.pk).update(first_name=FIRST, last_name=LAST, email=EMAIL)
    patient.refresh_from_db()
    now = timezone.now()
    SessionLog.objects.filter(pk=world.session_log.pk).update(notes=SESSION_NOTE)
    HeadacheLog.objects.filter(pk=world.headache_log.pk).update(notes=HEADACHE_NOTE)
    HeadacheMedication.objects.create(log=world.headache_log, name="Sumatriptan",
                                      drug_class="triptan", dose="50 mg",
                                      taken_at=world.headache_log.started_at, relief_2h="some")
    DiarySettings.objects.create(patient=patient, track_menstruation=True)
    # An entry the patient deleted: no longer counted, still held (so exported and erased).
    HeadacheLog.all_objects.create(patient=patient, client_id=uuid.uuid4(),
                                   started_at=world.headache_log.started_at, peak_pain=3,
                                   local_date=world.headache_log.local_date,
                                   notes=DELETED_NOTE, deleted_at=timezone.now())
    world.extra["screening"].__class__.objects.filter(pk=world.extra["screening"].pk).update(
        notes=SCREENING_NOTE)
    PhaseChange.objects.create(assignment=world.assignment, from_phase=0, to_phase=0,
                               effective_date=patient.local_today(), changed_by=therapist,
                               reason=PHASE_REASON)
    ProgramChange.objects.create(assignment=world.assignment, kind="dose", phase=0,
                                 what="Hold 10 s to 12 s", before={"hold_seconds": 10},
                                 after={"hold_seconds": 12}, changed_by=therapist,
                                 reason=PHASE_REASON)
    Evaluation.objects.update_or_create(assignment=world.assignment, defaults={
        "state": "on_track", "phase": 0, "reasons": ["On track."],
        "evaluated_on": patient.local_today(), "evaluated_at": now})
    DaySkip.objects.create(patient=patient, date=patient.local_today() - timedelta(days=3),
                           reason="illness")
    Measure.objects.create(patient=patient, instrument="psfs", version=2,
                           answers=[{"activity": ACTIVITY, "score": 4}], score=Decimal(4),
                           taken_at=now, local_date=patient.local_today(), created_by=patient,
                           client_id=uuid.uuid4())
    Invite.objects.create(user=patient, token_digest="d" * 64, created_by=therapist,
                          expires_at=now + timedelta(days=1))
    colleague = TherapistFactory(clinic=world.clinic, email="colleague@a.test")
    CareTeamMember.objects.create(patient=patient, member=colleague, added_by=therapist)
    AuthToken.objects.create(patient)  # a signed-in device
    ReminderSettings.objects.update_or_create(user=patient, defaults={
        "times": ["08:00"], "channels": ["push", "email"], "next_due_at": now})
    DeliveryAttempt.objects.create(notification=world.extra["notification"], channel="email",
                                   target=EMAIL, outcome="ok")
    # What staff were told about the patient, and the Django admin's history.
    Notification.objects.update_or_create(
        user=therapist, kind="therapist_alert", slot_key=f"alert:{world.alert.pk}",
        defaults={"due_at": now, "payload": {"title": f"{FIRST} Q.: headache triggered by exercise",
                 "url": f"/therapist/patients/{patient.pk}", "alert": world.alert.pk}})
    Notification.objects.create(
        user=therapist, kind="therapist_digest", slot_key="digest:1", due_at=now,
        payload={"title": "Your daily summary",
                 "body": f"- Headache triggered by exercise: {FIRST} Q., Ann P."})
    LogEntry.objects.create(user=world.users["clinic_admin"],
                            content_type=ContentType.objects.get_for_model(User),
                            object_id=str(patient.pk), object_repr=EMAIL, action_flag=CHANGE,
                            change_message=f"Changed last_name of {FIRST} {LAST}.")
    # A staff read: the audit log now has a row about the patient.
    assert client_for(therapist).get(
        f"/api/v1/patients/{patient.pk}/adherence").status_code == 200
    return Full(world=world, patient=patient, therapist=therapist,
                admin=world.users["clinic_admin"])
