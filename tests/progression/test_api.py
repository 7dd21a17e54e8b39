"""GET assignments/{id} with its progression; POST .../advance and .../regress; PATCH of the
assignment's own thresholds and automatic advance."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from alerts.models import Alert
from assignments.models import Assignment
from progression.services import progression_evaluate
from tests.conftest import client_for
from tests.factories import PatientFactory, TherapistFactory
from tests.progression.conftest import START, log_days

pytestmark = pytest.mark.django_db

# Day 5 of the program, in the evening (the patient is in UTC).
EVENING_DAY_5 = datetime(2026, 3, 6, 20, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def ready(patient, assignment, nod):
    """Five days of full sessions at 22 mmHg: ready for 24 mmHg, proposed to the therapist."""
    with time_machine.travel(EVENING_DAY_5, tick=False):
        log_days(patient, assignment, nod, START, START + timedelta(days=4))
        progression_evaluate(assignment=assignment)
    return assignment


def url(assignment, action=""):
    return f"/api/v1/assignments/{assignment.pk}" + (f"/{action}" if action else "")


def test_before_any_evaluation_the_state_is_on_track_with_no_time(therapist_client, assignment):
    body = therapist_client.get(url(assignment)).json()
    assert body["current_phase"] == 0
    assert body["progression"] == {
        "state": "on_track", "proposed_phase": None, "evaluated_at": None,
        "reasons": ["Not evaluated yet: progress is checked after each logged session or "
                    "check-in, and once a day."]}
    assert (body["auto_advance"], body["progression_settings"]) == (False, {})


def test_the_evaluation_shows_with_its_reasons_and_the_proposal_alerts_the_therapist(
        therapist_client, patient_client, ready):
    body = patient_client.get(url(ready)).json()
    progression = body["progression"]
    assert (progression["state"], progression["proposed_phase"]) == ("ready_to_advance", 1)
    assert progression["reasons"][0] == (
        "10 of 10 sessions in the last 5 days at 22 mmHg, 5 days with all 10 holds of 10 s, pain "
        "at most 1: ready for 24 mmHg.")
    assert progression["evaluated_at"].startswith("2026-03-06T20:00:00")

    [alert] = therapist_client.get("/api/v1/alerts?status=open").json()
    assert alert["kind"] == "progression_proposal"
    assert alert["details"]["to_phase_name"] == "Stage 2: 24 mmHg"
    assert alert["details"]["reason"] == progression["reasons"][0]


def test_confirming_records_who_when_and_why_and_answers_the_proposal(
        therapist_client, therapist, ready):
    with time_machine.travel(EVENING_DAY_5 + timedelta(hours=1), tick=False):
        response = therapist_client.post(url(ready, "advance"), {}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["current_phase"], body["current_phase_name"]) == (1, "Stage 2: 24 mmHg")
    change = body["phase_changes"][-1]
    assert (change["from_phase"], change["to_phase"], change["changed_by"]) == (
        0, 1, therapist.pk)
    assert change["effective_date"] == "2026-03-06"
    assert change["reason"].startswith("Confirmed the proposal: 10 of 10 sessions")
    # Evaluated again in the new phase; the proposal alert is answered.
    assert body["progression"]["state"] == "on_track"
    assert "0 days at 24 mmHg so far; at least 3 before moving on." in (
        body["progression"]["reasons"])
    assert not Alert.objects.filter(status="open").exists()


def test_a_therapist_may_jump_or_step_back_with_their_own_reason(therapist_client, assignment):
    jumped = therapist_client.post(url(assignment, "advance"), {"to_phase": 2,
                                                               "reason": "Easy for her."})
    assert jumped.status_code == 200
    assert jumped.json()["phase_changes"][-1]["reason"] == "Easy for her."
    back = therapist_client.post(url(assignment, "regress"), {})
    assert (back.status_code, back.json()["current_phase"]) == (200, 1)
    assert back.json()["phase_changes"][-1]["reason"] == "Stepped back by the therapist."


@pytest.mark.parametrize(("action", "body", "message"), [
    ("advance", {"to_phase": 3}, "Must be at most 2, the last phase."),
    ("advance", {"to_phase": 0}, "Must be after the current phase (0); use regress to step back."),
    ("regress", {}, "This is the first phase; there is no phase before it."),
    ("regress", {"to_phase": -1}, "Ensure this value is greater than or equal to 0."),
])
def test_moves_outside_the_program_are_400_naming_the_field(therapist_client, assignment,
                                                            action, body, message):
    response = therapist_client.post(url(assignment, action), body, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"to_phase": [message]}
    assert Assignment.objects.get().current_phase == 0


def test_advancing_past_the_last_phase_is_400(therapist_client, assignment):
    therapist_client.post(url(assignment, "advance"), {"to_phase": 2})
    response = therapist_client.post(url(assignment, "advance"), {})
    assert response.status_code == 400
    assert response.json()["fields"] == {"to_phase": [
        "“Stage 3: 26 mmHg” is the last phase; there is no phase after it."]}


def test_patients_get_403_and_other_clinics_404(patient_client, patient, assignment):
    for action in ("advance", "regress"):
        assert patient_client.post(url(assignment, action), {}).status_code == 403
        other_therapist = client_for(TherapistFactory())
        assert other_therapist.post(url(assignment, action), {}).status_code == 404
        stranger = client_for(PatientFactory(clinic=patient.clinic))
        assert stranger.post(url(assignment, action), {}).status_code == 404
    assert Assignment.objects.get().phase_changes.count() == 0


def test_patch_sets_automatic_advance_and_the_assignments_own_thresholds(
        therapist_client, assignment):
    settings = {"advance": {"min_adherence_pct": 60}, "pain": {"red_above": 6}}
    response = therapist_client.patch(url(assignment), {"auto_advance": True,
                                                        "progression_settings": settings},
                                      format="json")
    assert response.status_code == 200
    assert (response.json()["auto_advance"], response.json()["progression_settings"]) == (
        True, settings)
    assignment.refresh_from_db()
    assert (assignment.auto_advance, assignment.progression_settings) == (True, settings)


@pytest.mark.parametrize(("settings", "field"), [
    ({"advance": {"min_adherence_pct": 180}}, "progression_settings.advance.min_adherence_pct"),
    ({"pain": {"red_above": "six"}}, "progression_settings.pain.red_above"),
    ({"speed": 3}, "progression_settings"),
])
def test_bad_thresholds_are_400_naming_the_path(therapist_client, assignment, settings, field):
    response = therapist_client.patch(url(assignment), {"progression_settings": settings},
                                      format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]
    assert Assignment.objects.get().progression_settings == {}
