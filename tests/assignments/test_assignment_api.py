"""A therapist assigns a template, adjusts the dose, pauses and ends it."""

from datetime import date

import pytest

from assignments.models import Assignment
from tests.factories import ExerciseFactory, item, phase, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    nod, walk = ExerciseFactory(slug="nod"), ExerciseFactory(slug="walk", kind="aerobic")
    return program(
        phase(item(nod, sets=1, reps=10, hold_seconds=10, times_per_day=2, target_mmhg=22),
              item(walk, duration_minutes=25, days_of_week=["mon", "wed", "fri"]),
              name="Stage 1 (22 mmHg)"),
        phase(item(nod, sets=1, reps=10, hold_seconds=10, times_per_day=2, target_mmhg=24),
              name="Stage 2 (24 mmHg)"),
        slug="dnf-test",
    )


def assign_via_api(client, patient, **body):
    return client.post(f"/api/v1/patients/{patient.pk}/assignments",
                       {"template": "dnf-test", "start_date": "2026-11-02", **body}, format="json")


def test_assign_with_dose_overrides(therapist_client, patient, template):
    response = assign_via_api(therapist_client, patient,
                              overrides={"nod": {"hold_seconds": 8, "times_per_day": 3}})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["template"], body["status"], body["current_phase"]) == ("dnf-test", "active", 0)
    nod = next(i for i in body["items"] if i["exercise"]["slug"] == "nod")
    assert nod["prescription"] == {"sets": 1, "reps": 10, "hold_seconds": 8,
                                       "duration_minutes": None, "times_per_day": 3,
                                       "days_of_week": [], "target_mmhg": 22}
    # The override holds in later phases too; the template's own progression stays.
    stage2 = body["phases"][1]["items"][0]["prescription"]
    assert (stage2["hold_seconds"], stage2["target_mmhg"]) == (8, 24)


@pytest.mark.parametrize("overrides, field", [
    ({"plank": {"reps": 3}}, "overrides.plank"),
    ({"nod": {"reps": 0}}, "overrides.nod.reps"),
    ({"nod": {"days_of_week": ["someday"]}}, "overrides.nod.days_of_week"),
    ({"nod": {"colour": "blue"}}, "overrides.nod.colour"),
])
def test_bad_overrides_name_the_path_and_create_nothing(therapist_client, patient, template,
                                                        overrides, field):
    response = assign_via_api(therapist_client, patient, overrides=overrides)
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Assignment.objects.exists()


def test_unknown_template_and_bad_dates_are_400(therapist_client, patient, template):
    unknown = assign_via_api(therapist_client, patient, template="no-such-program")
    backwards = assign_via_api(therapist_client, patient, end_date="2026-11-01")
    assert unknown.status_code == 400 and "template" in unknown.json()["fields"]
    assert backwards.status_code == 400 and "end_date" in backwards.json()["fields"]


def test_editing_the_template_never_rewrites_an_active_assignment(therapist_client, patient,
                                                                  template):
    created = assign_via_api(therapist_client, patient).json()
    template.phases[0]["items"][0]["prescription"]["reps"] = 3
    template.save()
    again = therapist_client.get(f"/api/v1/assignments/{created['id']}").json()
    assert again["items"] == created["items"]


def test_pause_resume_end_and_phase_change(therapist_client, patient, template, therapist):
    created = assign_via_api(therapist_client, patient).json()
    url = f"/api/v1/assignments/{created['id']}"
    assert therapist_client.patch(url, {"status": "paused"}).json()["status"] == "paused"
    assert therapist_client.patch(url, {"status": "active"}).json()["status"] == "active"
    moved = therapist_client.patch(url, {"current_phase": 1, "reason": "All 10 holds at 22."})
    body = moved.json()
    assert (body["current_phase"], body["current_phase_name"]) == (1, "Stage 2 (24 mmHg)")
    assert body["phase_changes"][0]["changed_by"] == therapist.pk
    assert body["phase_changes"][0]["reason"] == "All 10 holds at 22."
    out_of_range = therapist_client.patch(url, {"current_phase": 5})
    assert out_of_range.status_code == 400 and "current_phase" in out_of_range.json()["fields"]
    ended = therapist_client.patch(url, {"status": "ended"}).json()
    assert ended["status"] == "ended" and ended["end_date"] is not None
    restart = therapist_client.patch(url, {"status": "active"})
    assert restart.status_code == 400 and "status" in restart.json()["fields"]


def test_ended_program_shows_nothing_today(therapist_client, patient_client, patient, template):
    created = assign_via_api(therapist_client, patient, start_date=str(date.today())).json()
    assert patient_client.get("/api/v1/me/today").json()["items"]
    therapist_client.patch(f"/api/v1/assignments/{created['id']}", {"status": "ended"})
    assert patient_client.get("/api/v1/me/today").json()["items"] == []


def test_patient_reads_but_cannot_change_their_assignment(therapist_client, patient_client,
                                                          patient, template):
    created = assign_via_api(therapist_client, patient).json()
    url = f"/api/v1/assignments/{created['id']}"
    assert patient_client.get(url).status_code == 200
    assert patient_client.patch(url, {"status": "ended"}).status_code == 403
    assert Assignment.objects.get().status == "active"
    assert [a["id"] for a in patient_client.get("/api/v1/me/assignments").json()] == [created["id"]]
