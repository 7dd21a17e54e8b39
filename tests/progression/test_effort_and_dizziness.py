"""Aerobic effort above the phase's Borg band is an overshoot that holds advancing; gaze
stabilisation moves on by the dizziness it provokes, not by neck pain (issue 10 items 3
and 10)."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest

from assignments.models import ProgressionState
from library.models import ExerciseKind
from logs.services import session_log_submit
from progression.services import progression_evaluate
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db


def post(patient, assignment, days_ago, entries, pain=1):
    day = patient.local_today() - timedelta(days=days_ago)
    return session_log_submit(
        patient=patient, client_id=uuid.uuid4(), assignment_id=assignment.pk,
        performed_at=datetime.combine(day, time(0), tzinfo=patient.zone), entries=entries,
        pain_during=pain)[0]


def test_a_session_above_the_effort_band_is_recorded_and_holds_advancing(therapist_client,
                                                                          patient):
    walk = ExerciseFactory(slug="walk", name="Brisk walk", kind=ExerciseKind.AEROBIC)
    template = program(
        phase(item(walk, duration_minutes=25, rpe_target="12-13"), name="Start gently",
              min_days=0),
        phase(item(walk, duration_minutes=32, rpe_target="14-15"), name="Build up"))
    assignment = assign(patient, template, patient.local_today() - timedelta(days=2))
    post(patient, assignment, 2, [{"exercise": "walk", "duration_minutes": 25, "rpe": 13}])
    post(patient, assignment, 1, [{"exercise": "walk", "duration_minutes": 25, "rpe": 13}])
    over = post(patient, assignment, 0, [{"exercise": "walk", "duration_minutes": 25, "rpe": 17}])

    assert over.effort_overshoot == {"exercise": "walk", "rpe": 17, "target": "12-13"}
    evaluation = progression_evaluate(assignment=assignment)
    assert evaluation.state == ProgressionState.HOLD
    assert evaluation.reasons[0].startswith("Effort 17 on the Borg scale on ")
    assert evaluation.reasons[0].endswith("above this phase's target of 12-13.")
    therapist_view = therapist_client.get(f"/api/v1/session-logs/{over.pk}").json()
    assert therapist_view["effort_overshoot"]["rpe"] == 17


def test_effort_is_rated_on_the_borg_scale(patient_client, patient):
    walk = ExerciseFactory(slug="walk", kind=ExerciseKind.AEROBIC)
    assignment = assign(patient, program(phase(item(walk, duration_minutes=25))),
                        patient.local_today())
    answer = patient_client.post("/api/v1/session-logs", {
        "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
        "performed_at": datetime.now().astimezone().isoformat(), "pain_during": 0,
        "entries": [{"exercise": "walk", "duration_minutes": 25, "rpe": 4}]}, format="json")
    assert answer.status_code == 400
    assert "entries" in " ".join(answer.json()["fields"])


def test_gaze_stabilisation_moves_on_by_dizziness_not_pain(patient):
    gaze = ExerciseFactory(slug="gaze", name="Gaze stabilisation", kind=ExerciseKind.TIMED)
    rule = {"key_exercises": ["gaze"], "window_days": 7, "progress_on": "dizziness",
            "advance": {"min_adherence_pct": 80, "min_full_dose_sessions": 3,
                        "max_dizziness": 4}}
    template = program({**phase(item(gaze, duration_minutes=1), name="One minute",
                                min_days=0), "progression": rule},
                       phase(item(gaze, duration_minutes=2), name="Two minutes"))
    assignment = assign(patient, template, patient.local_today() - timedelta(days=2))
    # Neck pain 3 but dizziness mild: moving on is judged by the dizziness.
    for days_ago, dizzy in ((2, 3), (1, 2), (0, 6)):
        post(patient, assignment, days_ago,
             [{"exercise": "gaze", "duration_minutes": 1, "dizziness": dizzy}], pain=3)

    evaluation = progression_evaluate(assignment=assignment)
    assert evaluation.state == ProgressionState.ON_TRACK
    assert ("Dizziness reached 6 during the exercise; moving on needs dizziness at most 4."
            in evaluation.reasons)
    assert not any(reason.startswith("Pain reached") for reason in evaluation.reasons)
