"""Evaluations a log makes due are recorded with the log, so they survive a broker that is
down when the log commits: the sweep evaluates them once the worker runs again."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from assignments.models import Evaluation
from hep.celery import app
from logs.services import daily_checkin_put, headache_log_create
from progression import tasks
from progression.models import PendingEvaluation
from tests.factories import assign
from tests.progression.conftest import START, at

pytestmark = pytest.mark.django_db

EVENING_DAY_5 = datetime(2026, 3, 6, 20, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def broker_down(monkeypatch):
    """Tasks go to a real Redis transport on a port where nothing listens, as in an outage,
    with the production settings' publish limits (the test settings otherwise run tasks
    eagerly, without a broker)."""
    outage = {"task_always_eager": False, "broker_url": "redis://127.0.0.1:9/0",
              "broker_transport_options": settings.BROKER_PUBLISH_RETRY}
    before = {key: app.conf.get(key) for key in outage}
    app.conf.update(outage)
    # Fresh pools, so connections go to the unreachable broker; the originals come back.
    monkeypatch.setattr(app, "_pool", None)
    monkeypatch.setattr(app.amqp, "_producer_pool", None)
    yield
    app.conf.update(before)


def post_session(client, assignment):
    return client.post("/api/v1/session-logs", {
        "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
        "performed_at": "2026-03-06T18:00:00+00:00", "pain_during": 2,
        "entries": [{"exercise": "ccf-pressure-biofeedback", "reps": 10, "hold_seconds": 10}],
    }, format="json")


def test_a_session_posted_while_the_broker_is_down_is_stored_and_evaluated_by_the_sweep(
        patient_client, assignment, broker_down, django_capture_on_commit_callbacks):
    with time_machine.travel(EVENING_DAY_5, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        response = post_session(patient_client, assignment)
    assert response.status_code == 201  # the log is stored: the outage is not the phone's
    assert PendingEvaluation.objects.filter(assignment=assignment).exists()
    assert not Evaluation.objects.exists()

    with time_machine.travel(EVENING_DAY_5, tick=False):
        assert tasks.sweep_pending() == 1
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert evaluation.evaluated_on.isoformat() == "2026-03-06"
    assert not PendingEvaluation.objects.exists()
    assert tasks.sweep_pending() == 0


def test_with_the_worker_running_the_evaluation_follows_the_commit_and_nothing_is_left(
        patient_client, assignment, django_capture_on_commit_callbacks):
    with time_machine.travel(EVENING_DAY_5, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        assert post_session(patient_client, assignment).status_code == 201
    assert Evaluation.objects.filter(assignment=assignment).exists()
    assert not PendingEvaluation.objects.exists()


def test_a_headache_or_a_check_in_makes_every_active_program_due_once(
        patient, assignment, cuff_program, django_capture_on_commit_callbacks):
    other = assign(patient, cuff_program, START)
    with django_capture_on_commit_callbacks(execute=False):
        headache_log_create(patient=patient, client_id=uuid.uuid4(),
                            started_at=at(patient, START), peak_pain=5, exercise_triggered=True)
        first_since = PendingEvaluation.objects.get(assignment=assignment).since
        daily_checkin_put(patient=patient, on=START, neck_soreness=3, headache_free=False)
    owed = dict(PendingEvaluation.objects.values_list("assignment_id", "since"))
    assert set(owed) == {assignment.pk, other.pk}
    assert owed[assignment.pk] == first_since  # the longest wait is kept, not reset


def test_the_sweep_is_on_the_beat_schedule():
    entry = app.conf.beat_schedule["progression-sweep-pending"]
    assert entry["task"] == "progression.tasks.sweep_pending"
    assert entry["task"] in app.tasks
