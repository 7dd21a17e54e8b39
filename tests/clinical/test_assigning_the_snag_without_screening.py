"""A therapist assigns the self-care program, whose C1-C2 self-SNAG loads the upper neck,
to a patient with no screening recorded: refused (400 `screening_required`) until a clear
screening is recorded, and the side of the SNAG must be chosen."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from assignments.models import Assignment
from assignments.services import screening_record
from tests.conftest import client_for
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

SNAG = "c1-c2-self-snag"


@pytest.fixture
def shipped(db):
    call_command("load_programs", verbosity=0)


def _assign(therapist, patient, **overrides):
    return client_for(therapist).post(f"/api/v1/patients/{patient.pk}/assignments", {
        "template": "headache-self-care", "start_date": patient.local_today().isoformat(),
        "overrides": overrides}, format="json")


def test_without_a_screening_it_is_refused(shipped, therapist, patient):
    response = _assign(therapist, patient, **{SNAG: {"side": "left"}})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "screening_required"
    assert "C1-C2 self-SNAG" in body["detail"] and "no screening" in body["detail"]
    assert list(body["fields"]) == ["template"]
    assert not Assignment.objects.exists()


def test_a_newest_screening_with_concerns_refuses_it_too(shipped, therapist, patient):
    today = patient.local_today()
    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                     cervical_arterial="clear", screened_on=today - timedelta(days=30))
    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                     cervical_arterial="concerns", screened_on=today)

    response = _assign(therapist, patient, **{SNAG: {"side": "left"}})
    assert response.status_code == 400 and response.json()["code"] == "screening_required"
    assert "cervical arterial concerns" in response.json()["detail"]


def test_after_a_clear_screening_the_side_must_still_be_chosen(shipped, therapist, patient):
    client = client_for(therapist)
    recorded = client.post(f"/api/v1/patients/{patient.pk}/screening", {
        "red_flags_clear": True, "cervical_arterial": "clear",
        "screened_on": patient.local_today().isoformat()}, format="json")
    assert recorded.status_code == 201
    assert recorded.json()["recorded_by"]["id"] == therapist.pk

    no_side = _assign(therapist, patient)
    assert no_side.status_code == 400
    assert list(no_side.json()["fields"]) == [f"overrides.{SNAG}.side"]

    assigned = _assign(therapist, patient, **{SNAG: {"side": "right"}})
    assert assigned.status_code == 201, assigned.content
    snag = next(i for i in assigned.json()["items"] if i["exercise"]["slug"] == SNAG)
    assert snag["prescription"]["side"] == "right"


def test_screenings_are_kept_as_history_newest_first(therapist, patient):
    client = client_for(therapist)
    for day, verdict in ((3, "clear"), (1, "concerns")):
        client.post(f"/api/v1/patients/{patient.pk}/screening", {
            "red_flags_clear": True, "cervical_arterial": verdict,
            "screened_on": (patient.local_today() - timedelta(days=day)).isoformat(),
            "notes": f"{verdict} on day -{day}"}, format="json")
    rows = client.get(f"/api/v1/patients/{patient.pk}/screening").json()
    assert [(r["cervical_arterial"], r["clear"]) for r in rows] == [
        ("concerns", False), ("clear", True)]


def test_advancing_into_a_phase_with_a_listed_exercise_checks_again(therapist, patient,
                                                                   clinic):
    loaded = ExerciseFactory(slug="loaded-neck-extension")
    clinic.settings = {"screening_required_exercises": [loaded.slug]}
    clinic.save()
    template = program(phase(item(ExerciseFactory(), reps=10)), phase(item(loaded, reps=8)))
    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                     cervical_arterial="clear", screened_on=patient.local_today())
    assignment = assign(patient, template, patient.local_today() - timedelta(days=7))
    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=False,
                     cervical_arterial="clear", screened_on=patient.local_today())

    response = client_for(therapist).post(f"/api/v1/assignments/{assignment.pk}/advance",
                                          {"reason": "Ready"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "screening_required"
    assert "red flags not cleared" in response.json()["detail"]
    assignment.refresh_from_db()
    assert assignment.current_phase == 0
