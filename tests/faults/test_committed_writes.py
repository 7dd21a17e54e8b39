"""A write that committed answers 2xx whatever happens to the work sent after it: the
broker being unreachable is the phone's problem no more than the therapist's."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from alerts.models import Alert
from logs.models import SessionLog
from progression.models import PendingEvaluation
from reminders.models import Notification

pytestmark = pytest.mark.django_db

EVENING_DAY_5 = datetime(2026, 3, 6, 20, tzinfo=ZoneInfo("UTC"))


def red_session(client, assignment):
    return client.post("/api/v1/session-logs", {
        "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
        "performed_at": "2026-03-06T18:00:00+00:00", "pain_during": 9,
        "entries": [{"exercise": "ccf-pressure-biofeedback", "reps": 10, "hold_seconds": 10}],
    }, format="json")


def test_a_red_session_posted_while_the_broker_is_down_is_stored_and_its_alert_kept(
        patient_client, assignment, broker_down,
        django_capture_on_commit_callbacks):
    # The red session raises an alert, whose delivery to the therapist is enqueued after the
    # commit: on main that enqueue raised out of the commit hook and the stored log got a 500.
    with time_machine.travel(EVENING_DAY_5, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        response = red_session(patient_client, assignment)
    assert response.status_code == 201, response.content
    assert SessionLog.objects.filter(pk=response.json()["id"]).exists()
    alert = Alert.objects.get(patient=assignment.patient)
    # The therapist's notification waits in the database for the tick to re-enqueue it.
    notification = Notification.objects.get(slot_key=f"alert:{alert.pk}")
    assert notification.sent_at is None
    assert PendingEvaluation.objects.filter(assignment=assignment).exists()
