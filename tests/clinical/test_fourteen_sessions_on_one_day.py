"""A keen patient logs 14 full sessions of the chin nod on one day. The stage moves on after
3 full-dose sessions on different days: practice spread over days, not crammed into one, is
the evidence (Jull protocol as taught). 14 logs on one day are one day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assignments.models import ProgressionState
from progression.services import progression_evaluate
from tests.clinical.conftest import post_session
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

NOD = {"reps": 10, "hold_seconds": 10}


@pytest.fixture
def stage(patient):
    nod = ExerciseFactory(slug="chin-nod", name="Chin nod")
    template = program(
        phase(item(nod, times_per_day=14, **NOD), name="Stage 1: 22 mmHg", min_days=0),
        phase(item(nod, times_per_day=2, **NOD), name="Stage 2: 24 mmHg"))
    return assign(patient, template, patient.local_today())


def test_fourteen_full_sessions_on_one_day_count_as_one_day(patient, stage):
    for n in range(14):  # every 4 minutes from midnight, so none is in the future
        post_session(patient, stage, hour=0, minute=n * 4,
                     entries=[{"exercise": "chin-nod", **NOD}], pain_during=1)

    evaluation = progression_evaluate(assignment=stage)

    assert evaluation.state == ProgressionState.ON_TRACK
    assert evaluation.summary["sessions_logged"] == 14
    assert evaluation.summary["full_dose_sessions"] == 1
    assert ("1 day at the full dose (all 10 holds of 10 s); 3 different days needed to move "
            "on.") in evaluation.reasons
    stage.refresh_from_db()
    assert stage.current_phase == 0


def test_full_sessions_on_three_different_days_are_ready_to_move_on(patient):
    nod = ExerciseFactory(slug="chin-nod", name="Chin nod")
    template = program(phase(item(nod, **NOD), name="Stage 1: 22 mmHg", min_days=0),
                       phase(item(nod, **NOD), name="Stage 2: 24 mmHg"))
    assignment = assign(patient, template, patient.local_today() - timedelta(days=2))
    for days_ago in (2, 1, 0):
        post_session(patient, assignment, days_ago=days_ago, hour=0,
                     entries=[{"exercise": "chin-nod", **NOD}], pain_during=1)

    evaluation = progression_evaluate(assignment=assignment)

    assert evaluation.summary["full_dose_sessions"] == 3
    assert evaluation.state == ProgressionState.READY_TO_ADVANCE
