"""Nudges, the weekly check-in, re-measure prompts and therapist alerts."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from alerts.models import Alert, AlertKind
from alerts.services import alert_raise
from logs.services import session_log_create
from reminders import kinds
from reminders.models import Notification, NotificationKind
from tests.reminders.conftest import subscribe, with_program

pytestmark = pytest.mark.django_db


def test_missed_days_nudge_once_per_gap_and_kind(patient):
    assignment, exercise = with_program(patient)  # started 3 days ago, nothing logged
    assert NotificationKind.MISSED_DAYS_NUDGE in kinds.daily_for(patient)
    assert NotificationKind.MISSED_DAYS_NUDGE not in kinds.daily_for(patient)  # once
    nudge = Notification.objects.get(kind=NotificationKind.MISSED_DAYS_NUDGE)
    assert "still counts" in nudge.payload["body"]
    session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                       performed_at=timezone.now(), entries=[{"exercise": exercise}])
    later = patient.local_today() + timedelta(days=3)
    assert NotificationKind.MISSED_DAYS_NUDGE in kinds.daily_for(patient, today=later)
    assert Notification.objects.filter(kind=NotificationKind.MISSED_DAYS_NUDGE).count() == 2


def test_no_nudge_while_logging(patient):
    assignment, exercise = with_program(patient)
    session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                       performed_at=timezone.now() - timedelta(days=1),
                       entries=[{"exercise": exercise}])
    assert NotificationKind.MISSED_DAYS_NUDGE not in kinds.daily_for(patient)


def test_no_log_for_five_days_alerts_the_therapist(patient, therapist, receiver):
    subscribe(therapist, receiver, "therapist-phone")
    with_program(patient, start=patient.local_today() - timedelta(days=10))
    assert "no_recent_log_alert" in kinds.daily_for(patient)
    assert "no_recent_log_alert" not in kinds.daily_for(patient)
    alert = Alert.objects.get(kind=AlertKind.NO_RECENT_LOG)
    assert Notification.objects.filter(user=therapist, kind="therapist_alert").count() == 1
    assert alert.details["days"] >= 5


def test_a_flare_reaches_the_therapist_at_once(patient, therapist, receiver,
                                               django_capture_on_commit_callbacks):
    subscribe(therapist, receiver, "therapist-phone")
    with django_capture_on_commit_callbacks(execute=True):
        alert_raise(patient=patient, kind=AlertKind.TRIGGERED_HEADACHE, details={})
        alert_raise(patient=patient, kind=AlertKind.TRIGGERED_HEADACHE, details={})  # repeat
    [(name, payload)] = receiver.received
    assert name == "therapist-phone"
    assert "headache brought on by exercise" in payload["title"]
    assert patient.last_name not in payload["title"]  # first name and initial only
    assert payload["url"] == f"/therapist/patients/{patient.pk}"  # the app's patient page


def test_remeasure_prompt_once_per_due_date(patient, clinic):
    with_program(patient)
    raised = kinds.daily_for(patient)
    prompts = Notification.objects.filter(kind=NotificationKind.REMEASURE_PROMPT)
    if not prompts:
        pytest.skip("no questionnaire scheduled for this clinic's defaults")
    assert NotificationKind.REMEASURE_PROMPT in raised
    count = prompts.count()
    kinds.daily_for(patient)
    assert prompts.count() == count


def test_weekly_checkin_on_sunday_evening_local(patient):
    patient.timezone = "Asia/Tokyo"
    patient.save()
    with_program(patient)
    # Sunday 2026-05-10 18:00 in Tokyo is 09:00 UTC.
    with time_machine.travel(datetime(2026, 5, 10, 8, 0, tzinfo=UTC), tick=False) as clock:
        assert kinds.weekly_checkin() == 0
        clock.move_to(datetime(2026, 5, 10, 9, 0, tzinfo=UTC))
        assert kinds.weekly_checkin() == 1
        assert kinds.weekly_checkin() == 0  # once a week
    checkin = Notification.objects.get(kind=NotificationKind.WEEKLY_CHECKIN)
    assert checkin.payload["body"] == "How many sessions did you manage this week?"
    assert checkin.slot_key == "week:2026-W19"
    assert checkin.payload["url"] == "/checkin/weekly?week=2026-05-04"  # the PWA's screen
