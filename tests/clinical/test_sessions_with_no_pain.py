"""Sessions logged without a pain rating. Missing evidence is never a silent pass: the post
is refused with the question in the patient's words (a checklist alone has nothing to
rate), and a full-dose session stored without one (an older app) is not counted as
evidence that moving on is safe."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.models import ProgressionState
from library.models import ExerciseKind
from logs.models import SessionEntry, SessionLog
from logs.services import session_log_create
from progression.services import progression_evaluate
from tests.clinical.conftest import post_session
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

NOD = {"reps": 10, "hold_seconds": 10}


@pytest.fixture
def stage(patient):
    nod = ExerciseFactory(slug="chin-nod", name="Chin nod")
    desk = ExerciseFactory(slug="desk-check", name="Desk set-up", kind=ExerciseKind.CHECKLIST)
    template = program(phase(item(nod, **NOD), item(desk), name="Stage 1", min_days=0),
                       phase(item(nod, **NOD), name="Stage 2"))
    return assign(patient, template, patient.local_today() - timedelta(days=2))


def test_a_session_without_a_pain_rating_is_refused_in_the_patients_words(patient, stage):
    with pytest.raises(ValidationError) as refused:
        post_session(patient, stage, hour=0, entries=[{"exercise": "chin-nod", **NOD}])
    assert refused.value.message_dict == {"pain_during": [
        "Please rate your pain during the exercises, from 0 (none) to 10 (worst)."]}
    assert not SessionLog.objects.exists()


def test_the_api_names_the_missing_field(patient_client, stage):
    answer = patient_client.post("/api/v1/session-logs", {
        "client_id": str(uuid.uuid4()), "assignment": stage.pk,
        "performed_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "entries": [{"exercise": "chin-nod", **NOD}]}, format="json")
    assert answer.status_code == 400
    assert list(answer.json()["fields"]) == ["pain_during"]
    assert "rate your pain" in answer.json()["fields"]["pain_during"][0]


def test_a_checklist_alone_needs_no_pain_rating(patient, stage):
    session = post_session(patient, stage, hour=0, entries=[{"exercise": "desk-check"}])
    assert session.pain_during is None


def test_an_exercise_rating_its_own_pain_answers_the_question(patient, stage):
    session = post_session(patient, stage, hour=0,
                           entries=[{"exercise": "chin-nod", "pain_during": 1, **NOD}])
    assert SessionEntry.objects.get(session=session).pain_during == 1


def test_full_sessions_stored_without_pain_are_no_evidence_for_moving_on(patient, stage):
    nod = stage.items.get(phase=0, exercise__slug="chin-nod").exercise
    for days_ago in (2, 1, 0):  # stored by an older app that did not ask
        day = patient.local_today() - timedelta(days=days_ago)
        session_log_create(
            patient=patient, client_id=uuid.uuid4(), assignment=stage,
            performed_at=datetime.combine(day, time(0), tzinfo=patient.zone),
            entries=[{"exercise": nod, **NOD}])

    evaluation = progression_evaluate(assignment=stage)

    assert evaluation.state == ProgressionState.ON_TRACK
    assert evaluation.summary["full_dose_sessions"] == 0
    assert "3 full-dose sessions without a pain rating: not counted." in evaluation.reasons
