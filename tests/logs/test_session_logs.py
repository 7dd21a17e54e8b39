"""Logging sessions, headaches and check-ins, including from an offline phone resending."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from alerts.models import Alert
from logs.models import HeadacheLog, SessionLog
from tests.factories import (
    ClinicFactory,
    ExerciseFactory,
    PatientFactory,
    assign,
    item,
    phase,
    program,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nod():
    return ExerciseFactory(slug="ccf-nod")


@pytest.fixture
def assignment(patient, nod):
    return assign(patient, program(phase(item(nod, reps=10, hold_seconds=10))),
                  timezone.now().date() - timedelta(days=7))


def session(assignment, /, **overrides):
    body = {
        "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
        "performed_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "entries": [{"exercise": "ccf-nod", "sets": 1, "reps": 10, "hold_seconds": 10}],
        "pain_during": 2, "soreness_after": 3, "headache_triggered": False, "notes": "",
    }
    return {**body, **overrides}


def test_the_same_log_posted_three_times_is_stored_once(patient_client, assignment):
    body = session(assignment)
    answers = [patient_client.post("/api/v1/session-logs", body, format="json")
               for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert len({a.json()["id"] for a in answers}) == 1
    assert SessionLog.objects.count() == 1
    assert answers[2].json()["entries"] == [{"exercise": "ccf-nod", "sets": 1, "reps": 10,
                                             "hold_seconds": 10, "duration_minutes": None,
                                             "rpe": None, "pain_during": None,
                                             "dizziness": None}]


def test_a_replay_returns_the_first_record_even_if_the_body_changed(patient_client, assignment):
    body = session(assignment, pain_during=1)
    first = patient_client.post("/api/v1/session-logs", body, format="json").json()
    again = patient_client.post("/api/v1/session-logs", {**body, "pain_during": 9}, format="json")
    assert again.status_code == 200
    assert again.json() == first
    assert not Alert.objects.exists()  # the replay raised nothing either


def test_headache_replay_is_stored_once_and_several_a_day_are_allowed(patient_client):
    now = timezone.now()
    body = {"client_id": str(uuid.uuid4()), "started_at": (now - timedelta(hours=3)).isoformat(),
            "peak_pain": 6, "migraine": True, "medication_taken": True}
    codes = [patient_client.post("/api/v1/headache-logs", body, format="json").status_code
             for _ in range(3)]
    other = {**body, "client_id": str(uuid.uuid4()),
             "started_at": (now - timedelta(hours=1)).isoformat(), "peak_pain": 4}
    assert codes == [201, 200, 200]
    assert patient_client.post("/api/v1/headache-logs", other, format="json").status_code == 201
    assert HeadacheLog.objects.count() == 2


@pytest.mark.parametrize("change, field", [
    ({"pain_during": 11}, "pain_during"),
    ({"soreness_after": -1}, "soreness_after"),
    ({"pain_during": "a lot"}, "pain_during"),
    ({"performed_at": "2999-01-01T10:00:00+00:00"}, "performed_at"),
    ({"performed_at": "2026-11-20T10:00:00"}, "performed_at"),  # no offset
    ({"client_id": "not-a-uuid"}, "client_id"),
    ({"entries": [{"exercise": "no-such-exercise", "reps": 10}]}, "entries.0.exercise"),
    ({"entries": [{"exercise": "ccf-nod", "reps": -3}]}, "entries.0.reps"),
    ({"assignment": 999999}, "assignment"),
])
def test_bad_input_gets_400_naming_the_field_and_stores_nothing(
        patient_client, assignment, change, field):
    response = patient_client.post("/api/v1/session-logs", session(assignment, **change),
                                   format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["fields"]
    assert not SessionLog.objects.exists()


def test_an_exercise_outside_the_program_is_refused(patient_client, assignment):
    ExerciseFactory(slug="brisk-walk")
    response = patient_client.post("/api/v1/session-logs", session(
        assignment, entries=[{"exercise": "brisk-walk", "duration_minutes": 20}]), format="json")
    assert response.status_code == 400
    assert "entries.0.exercise" in response.json()["fields"]


def test_another_patients_assignment_in_the_same_clinic_is_400(patient_client, patient, nod):
    neighbour = PatientFactory(clinic=patient.clinic)
    theirs = assign(neighbour, program(phase(item(nod, reps=10))), date(2026, 1, 1))
    response = patient_client.post("/api/v1/session-logs", session(theirs), format="json")
    assert response.status_code == 400
    assert "assignment" in response.json()["fields"]


def test_another_clinics_assignment_is_400_like_a_missing_one(patient_client, nod):
    stranger = PatientFactory(clinic=ClinicFactory())
    theirs = assign(stranger, program(phase(item(nod, reps=10))), date(2026, 1, 1))
    response = patient_client.post("/api/v1/session-logs", session(theirs), format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["assignment"]
    assert not SessionLog.objects.exists()


def test_a_red_event_raises_alerts_for_the_therapist(patient_client, assignment, therapist_client):
    patient_client.post("/api/v1/session-logs",
                        session(assignment, pain_during=7, headache_triggered=True), format="json")
    alerts = therapist_client.get("/api/v1/alerts?status=open").json()
    assert sorted(a["kind"] for a in alerts) == ["pain_above_limit", "triggered_headache"]
    resolved = therapist_client.post(f"/api/v1/alerts/{alerts[0]['id']}/resolve")
    assert resolved.json()["status"] == "resolved"
    assert len(therapist_client.get("/api/v1/alerts?status=open").json()) == 1


def test_pain_within_the_acceptable_band_raises_nothing(patient_client, assignment):
    patient_client.post("/api/v1/session-logs", session(assignment, pain_during=5),
                        format="json")
    assert not Alert.objects.exists()


def test_daily_checkin_one_per_date_last_write_wins(patient_client, patient):
    with time_machine.travel(datetime(2026, 11, 21, 20, tzinfo=UTC), tick=False):
        first = patient_client.put("/api/v1/daily-checkins/2026-11-21",
                                   {"neck_soreness": 4, "headache_free": True}, format="json")
        second = patient_client.put("/api/v1/daily-checkins/2026-11-21",
                                    {"neck_soreness": 2, "headache_free": False}, format="json")
        future = patient_client.put("/api/v1/daily-checkins/2026-11-23",
                                    {"neck_soreness": 2}, format="json")
        bad = patient_client.put("/api/v1/daily-checkins/2026-11-20",
                                 {"neck_soreness": 12}, format="json")
        listed = patient_client.get("/api/v1/daily-checkins?from=2026-11-01").json()
    assert (first.status_code, second.status_code) == (201, 200)
    assert (future.status_code, "date" in future.json()["fields"]) == (400, True)
    assert (bad.status_code, "neck_soreness" in bad.json()["fields"]) == (400, True)
    assert [(c["date"], c["neck_soreness"], c["headache_free"]) for c in listed] == [
        ("2026-11-21", 2, False)]


def test_logs_list_by_local_date_range(patient_client, assignment):
    for days_ago in (1, 3, 5):
        patient_client.post("/api/v1/session-logs", session(
            assignment, performed_at=(timezone.now() - timedelta(days=days_ago)).isoformat()),
            format="json")
    today = timezone.now().date()
    start = (today - timedelta(days=4)).isoformat()
    listed = patient_client.get(f"/api/v1/session-logs?from={start}&to={today}").json()
    assert len(listed) == 2
    bad = patient_client.get("/api/v1/session-logs?from=2026-11-10&to=2026-11-01")
    assert bad.status_code == 400 and "to" in bad.json()["fields"]


def test_repeated_red_events_add_to_one_open_alert(patient_client, assignment):
    for pain in (7, 8, 6):
        patient_client.post("/api/v1/session-logs", session(assignment, pain_during=pain),
                            format="json")
    alert = Alert.objects.get()
    assert (alert.details["occurrences"], alert.details["pain_during"]) == (3, 6)


@pytest.mark.parametrize("path, body", [
    ("/api/v1/session-logs", {"performed_at": "0001-01-01T00:00:00+14:00"}),
    ("/api/v1/headache-logs", {"started_at": "9999-12-31T23:59:59-12:00", "peak_pain": 3}),
])
def test_dates_at_the_ends_of_the_calendar_are_400_not_500(patient_client, assignment, path,
                                                           body):
    full = {**session(assignment), **body} if "session" in path else {
        "client_id": str(uuid.uuid4()), **body}
    response = patient_client.post(path, full, format="json")
    assert response.status_code == 400
    assert set(response.json()["fields"]) & {"performed_at", "started_at"}


def test_checkin_date_must_be_a_real_recent_date(patient_client):
    for day in ("0001-01-01", "2026-13-01", "yesterday"):
        response = patient_client.put(f"/api/v1/daily-checkins/{day}", {"neck_soreness": 1},
                                      format="json")
        assert response.status_code == 400 and "date" in response.json()["fields"], day


def test_the_posted_answer_is_the_same_record_as_reading_it_back(patient_client, assignment):
    posted = patient_client.post("/api/v1/session-logs", session(assignment, notes="ok"),
                                 format="json").json()
    read = patient_client.get(f"/api/v1/session-logs/{posted['id']}").json()
    assert posted == read


def test_a_patients_own_lower_pain_limit_makes_a_session_red(patient_client, assignment):
    """The therapist set this patient's red line at 3: pain 4 during exercise is a flare
    for them, although the default limit (5) would let it pass."""
    assignment.progression_settings = {"pain": {"red_above": 3}}
    assignment.save(update_fields=["progression_settings"])
    answer = patient_client.post("/api/v1/session-logs", session(assignment, pain_during=4),
                                 format="json")
    assert answer.status_code == 201
    alert = Alert.objects.get(patient=assignment.patient)
    assert (alert.kind, alert.details["limit"]) == ("pain_above_limit", 3)
    today = patient_client.get("/api/v1/me/today").json()
    assert [n["kind"] for n in today["notices"]] == ["stop_and_rest"]
