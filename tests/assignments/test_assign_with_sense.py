"""Assign with sense (issue 13, item 4): errors in the user's words, an end never before
the start, ending with who and why, resuming a paused program."""

import pytest

from assignments.models import Assignment
from tests.factories import ExerciseFactory, item, phase, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    walk = ExerciseFactory(slug="aerobic-session", name="Aerobic session", kind="aerobic")
    nod = ExerciseFactory(slug="nod", name="Chin nod")
    return program(phase(item(walk, duration_minutes=25, days_of_week=["mon", "wed", "fri"]),
                         item(nod, sets=1, reps=10, hold_seconds=10)), slug="walk-test")


def assign(client, patient, **body):
    return client.post(f"/api/v1/patients/{patient.pk}/assignments",
                       {"template": "walk-test", "start_date": "2026-11-02", **body},
                       format="json")


def test_a_dose_out_of_range_is_refused_in_words(therapist_client, patient, template):
    response = assign(therapist_client, patient,
                      overrides={"aerobic-session": {"duration_minutes": 300}})
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Please check: minutes for Aerobic session."
    assert body["fields"] == {"overrides.aerobic-session.duration_minutes": [
        "Minutes must be a whole number from 1 to 240."]}
    assert "overrides." not in body["detail"]
    assert not Assignment.objects.exists()


def test_every_dose_message_names_the_field_in_words(therapist_client, patient, template):
    response = assign(therapist_client, patient, overrides={
        "nod": {"reps": 0, "hold_seconds": 1.5, "side": "up", "colour": "blue"}})
    body = response.json()
    assert response.status_code == 400
    assert body["fields"] == {
        "overrides.nod.reps": ["Reps must be a whole number from 1 to 100."],
        "overrides.nod.hold_seconds": ["Hold (seconds) must be a whole number from 1 to 600."],
        "overrides.nod.side": ["Side must be one of left, right, both."],
        "overrides.nod.colour": [
            "“colour” is not a dose field; use sets, reps, hold (seconds), minutes, times a "
            "day, days, side."],
    }
    assert body["detail"] == ("Please check: dose changes for Chin nod, hold (seconds) for "
                              "Chin nod, reps for Chin nod, side for Chin nod.")


def test_a_serializer_error_reads_in_words_too(therapist_client, patient, template):
    body = assign(therapist_client, patient, start_date="someday").json()
    assert body["detail"] == "Please check: start date."
    assert "start_date" in body["fields"]


def test_the_end_never_precedes_the_start(therapist_client, patient, template):
    response = assign(therapist_client, patient, end_date="2026-11-01")
    assert response.status_code == 400
    assert response.json()["detail"] == "Please check: end date."
    assert response.json()["fields"]["end_date"] == [
        "The end date must not be before the start date."]
    created = assign(therapist_client, patient).json()
    late = therapist_client.patch(f"/api/v1/assignments/{created['id']}",
                                  {"end_date": "2026-10-30"}, format="json")
    assert late.status_code == 400
    assert late.json()["fields"]["end_date"] == ["The end date must not be before the start date."]
    assert Assignment.objects.get().end_date is None


def test_ending_keeps_who_and_why(therapist_client, therapist, patient, template):
    created = assign(therapist_client, patient).json()
    url = f"/api/v1/assignments/{created['id']}"
    ended = therapist_client.patch(url, {"status": "ended", "reason": "Discharged: goals met."},
                                   format="json").json()
    assert ended["status"] == "ended"
    assert (ended["ended_by"], ended["ended_by_name"], ended["ended_reason"]) == (
        therapist.pk, therapist.get_full_name(), "Discharged: goals met.")
    stored = Assignment.objects.get()
    assert (stored.ended_by, stored.ended_reason) == (therapist, "Discharged: goals met.")


def test_a_paused_program_resumes(therapist_client, patient, template):
    created = assign(therapist_client, patient).json()
    url = f"/api/v1/assignments/{created['id']}"
    assert therapist_client.patch(url, {"status": "paused"}, format="json").json()[
        "status"] == "paused"
    resumed = therapist_client.patch(url, {"status": "active"}, format="json")
    assert resumed.status_code == 200 and resumed.json()["status"] == "active"
    assert (resumed.json()["ended_by"], resumed.json()["ended_reason"]) == (None, "")
