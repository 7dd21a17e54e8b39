"""A migraine starts 3 hours after a home session; the patient answers "yes, exercise
brought it on". That is a red event for that session's program, exactly like answering
"yes" in the session: an alert to the therapist, the stop-and-rest notice, the engine
holding that program (and not the patient's other one)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert, AlertKind
from logs.red_events import stop_and_rest_notices
from logs.services import headache_log_create, session_log_create
from progression.models import PendingEvaluation
from progression.services import progression_evaluate
from tests.conftest import client_for
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db


def _two_programs(patient):
    start = patient.local_today() - timedelta(days=10)
    neck = assign(patient, program(phase(item(ExerciseFactory(), reps=10, hold_seconds=10))),
                  start)
    other = assign(patient, program(phase(item(ExerciseFactory(), reps=5))), start)
    return neck, other


def _session(patient, assignment, hours_ago: float):
    log, _ = session_log_create(
        patient=patient, client_id=uuid.uuid4(), assignment=assignment,
        performed_at=timezone.now() - timedelta(hours=hours_ago), entries=[], pain_during=1)
    return log


def test_the_attack_is_a_red_event_for_the_sessions_program(patient):
    neck, other = _two_programs(patient)
    session = _session(patient, neck, hours_ago=4)
    PendingEvaluation.objects.all().delete()

    headache, _ = headache_log_create(
        patient=patient, client_id=uuid.uuid4(), peak_pain=7, migraine=True,
        started_at=timezone.now() - timedelta(hours=1), exercise_triggered=True,
        triggered_by_session=session.pk)

    alert = Alert.objects.get(patient=patient, kind=AlertKind.TRIGGERED_HEADACHE)
    assert alert.session_log_id == session.pk
    assert alert.details["assignment"] == neck.pk and alert.details["hours_after_session"] == 3
    assert headache.triggered_by_session_id == session.pk
    [notice] = stop_and_rest_notices(patient=patient, on=patient.local_today())
    assert "brought on by exercise" in notice["message"]
    # The engine owes that program an evaluation, and steps it back; the other is untouched.
    assert set(PendingEvaluation.objects.values_list("assignment_id", flat=True)) == {neck.pk}
    neck_now = progression_evaluate(assignment=neck)
    assert neck_now.state == "hold" and neck_now.summary["red_events"]
    assert not progression_evaluate(assignment=other).summary["red_events"]


def test_without_the_session_named_the_latest_in_the_window_is_taken(patient):
    neck, other = _two_programs(patient)
    _session(patient, other, hours_ago=5)
    latest = _session(patient, neck, hours_ago=3.5)

    headache, _ = headache_log_create(
        patient=patient, client_id=uuid.uuid4(), peak_pain=6,
        started_at=timezone.now() - timedelta(minutes=30), exercise_triggered=True)

    assert headache.triggered_by_session_id == latest.pk


def test_another_patients_session_is_refused_like_a_missing_one(patient):
    from tests.factories import PatientFactory

    stranger = PatientFactory(clinic=patient.clinic)
    theirs = _session(stranger, _two_programs(stranger)[0], hours_ago=2)
    body = {"client_id": str(uuid.uuid4()), "peak_pain": 6, "exercise_triggered": True,
            "started_at": (timezone.now() - timedelta(hours=1)).isoformat()}
    client = client_for(patient)
    answers = [client.post("/api/v1/headache-logs", {**body, "triggered_by_session": ref,
                                                     "client_id": str(uuid.uuid4())},
                           format="json") for ref in (theirs.pk, theirs.pk + 1000)]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["fields"] == answers[1].json()["fields"] == {
        "triggered_by_session": ["No such session of yours."]}
    assert not Alert.objects.filter(patient=patient).exists()
