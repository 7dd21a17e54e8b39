"""A patient presses a tender point as instructed: gentle, sustained pressure, discomfort
about 4 of 10 (clinical reference §2, 2026-11 correction). That is what the exercise asks
for, so it is green for that exercise: no red event, no stop-and-rest notice, no alert,
nothing held back. Pressing into 6 is still red, and the same 4 during another exercise
is still amber."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from alerts.models import Alert
from assignments.models import ProgressionState
from library.models import Exercise
from logs import red_events
from progression.services import progression_evaluate
from tests.clinical.conftest import post_session
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

PRESS = {"exercise": "tender-point-self-pressure", "duration_minutes": 2}


@pytest.fixture
def self_care(patient):
    call_command("load_programs", verbosity=0)  # the shipped tender-point exercise
    tender = Exercise.objects.get(slug="tender-point-self-pressure")
    stretch = ExerciseFactory(slug="trap-stretch", name="Upper trapezius stretch",
                              kind="reps")
    template = program(phase(item(tender, duration_minutes=2), item(stretch, reps=3),
                             name="Self-care", min_days=0),
                       phase(item(tender, duration_minutes=3), name="More"))
    return assign(patient, template, patient.local_today() - timedelta(days=2))


def test_the_shipped_exercise_asks_for_gentle_pressure_and_declares_it(self_care):
    tender = Exercise.objects.get(slug="tender-point-self-pressure")
    assert tender.expected_discomfort_max == 4
    assert "gentle, sustained pressure" in tender.instructions
    assert "7 out of 10" not in tender.instructions + " ".join(tender.cues)


def test_pressure_at_four_of_ten_is_not_a_red_event(patient, self_care):
    for days_ago in (2, 1, 0):
        post_session(patient, self_care, days_ago=days_ago, hour=0, entries=[PRESS],
                     pain_during=4, soreness_after=1)

    patient.refresh_from_db()
    assert not Alert.objects.exists()
    assert red_events.stop_and_rest_notices(patient=patient, on=patient.local_today()) == []
    evaluation = progression_evaluate(assignment=self_care)
    assert evaluation.state == ProgressionState.READY_TO_ADVANCE
    assert evaluation.summary["red_events"] == []
    assert evaluation.summary["amber_days"] == []


def test_pressing_into_six_is_still_a_red_event(patient, self_care):
    post_session(patient, self_care, hour=0, entries=[PRESS], pain_during=6)
    assert list(Alert.objects.values_list("kind", flat=True)) == ["pain_above_limit"]


def test_four_during_the_stretch_is_still_amber(patient, self_care):
    # Each exercise rates its own pain: 4 is green for the pressure, amber for the stretch.
    post_session(patient, self_care, hour=0, pain_during=None, entries=[
        {**PRESS, "pain_during": 4}, {"exercise": "trap-stretch", "reps": 3, "pain_during": 4}])
    evaluation = progression_evaluate(assignment=self_care)
    assert [a["pain_during"] for a in evaluation.summary["amber_days"]] == [4]


def test_one_rating_for_both_is_not_excused_by_the_pressure(patient, self_care):
    # One rating for the session cannot tell which exercise hurt: it is judged as amber.
    post_session(patient, self_care, hour=0, pain_during=4,
                 entries=[PRESS, {"exercise": "trap-stretch", "reps": 3}])
    evaluation = progression_evaluate(assignment=self_care)
    assert evaluation.state == ProgressionState.HOLD
