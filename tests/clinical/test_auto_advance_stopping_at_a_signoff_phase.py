"""A patient on automatic advance meets the evidence for a phase that needs the therapist's
sign-off (the aerobic program's vigorous full sessions, for one). The engine does not move
them into it: it asks the therapist, and the proposal says why."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alerts.models import Alert, AlertKind
from assignments.models import ProgressionState
from assignments.services import assignment_update
from progression.services import progression_evaluate, progression_phase_move
from tests.clinical.conftest import post_session
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

NOD = {"reps": 10, "hold_seconds": 10}


@pytest.fixture
def course(patient, therapist):
    nod = ExerciseFactory(slug="chin-nod", name="Chin nod")
    signed = phase(item(nod, **NOD), name="Loaded stage", min_days=0)
    template = program(phase(item(nod, **NOD), name="Learn the nod", min_days=0),
                       {**signed, "requires_signoff": True})
    assignment = assign(patient, template, patient.local_today() - timedelta(days=2))
    assignment_update(assignment=assignment, changed_by=therapist, auto_advance=True)
    for days_ago in (2, 1, 0):
        post_session(patient, assignment, days_ago=days_ago, hour=0,
                     entries=[{"exercise": "chin-nod", **NOD}], pain_during=1)
    return assignment


def test_auto_advance_stops_at_a_phase_that_needs_sign_off(course, therapist):
    evaluation = progression_evaluate(assignment=course)

    course.refresh_from_db()
    assert course.current_phase == 0  # not entered automatically
    assert evaluation.state == ProgressionState.READY_TO_ADVANCE
    assert ("“Loaded stage” needs the therapist's sign-off: it is never entered "
            "automatically.") in evaluation.reasons
    proposal = Alert.objects.get(kind=AlertKind.PROGRESSION_PROPOSAL)
    assert proposal.details["to_phase"] == 1
    assert proposal.details["requires_signoff"] is True
    assert proposal.details["why"] == [
        "“Loaded stage” needs the therapist's sign-off: it is never entered automatically."]

    progression_phase_move(assignment=course, direction="advance", by=therapist)
    course.refresh_from_db()
    assert course.current_phase == 1
