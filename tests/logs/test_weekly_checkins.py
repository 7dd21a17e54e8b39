"""The weekly check-in: "How many sessions did you manage this week?", answered per local
week (Monday to Sunday, the patient's zone), and shown to the therapist beside adherence."""

import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine

from logs.models import WeeklyCheckin
from logs.services import session_log_create
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db

# Sunday 10 May 2026, 18:30 in UTC: when the prompt reaches a patient in London (BST, 19:30)
# or UTC. The week asked about began on Monday 4 May.
SUNDAY_EVENING = datetime(2026, 5, 10, 18, 30, tzinfo=UTC)
THIS_WEEK, LAST_WEEK, NEXT_WEEK = "2026-05-04", "2026-04-27", "2026-05-11"


@pytest.fixture(autouse=True)
def sunday_evening():
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        yield


def answer(client, week: str, body):
    return client.put(f"/api/v1/weekly-checkins/{week}", body, format="json")


def test_an_answer_is_stored_for_the_week_and_the_last_write_wins(patient, patient_client):
    first = answer(patient_client, THIS_WEEK, {"sessions_done": 3})
    assert first.status_code == 201, first.json()
    assert first.json()["week_start"] == THIS_WEEK and first.json()["sessions_done"] == 3

    # The outbox resending the same answer, then the patient correcting it.
    assert answer(patient_client, THIS_WEEK, {"sessions_done": 3}).status_code == 200
    corrected = answer(patient_client, THIS_WEEK, {"sessions_done": 5})
    assert corrected.status_code == 200 and corrected.json()["sessions_done"] == 5

    stored = WeeklyCheckin.objects.get()
    assert (stored.patient, stored.week_start, stored.sessions_done) == (
        patient, date(2026, 5, 4), 5)
    assert patient_client.get(f"/api/v1/weekly-checkins/{THIS_WEEK}").json()[
        "sessions_done"] == 5


def test_last_week_may_still_be_answered(patient_client):
    assert answer(patient_client, LAST_WEEK, {"sessions_done": 0}).status_code == 201


@pytest.mark.parametrize(("week", "why"), [
    ("2026-05-05", "Must be a Monday"),
    ("2026-05-10", "Must be a Monday"),  # the Sunday the prompt arrives on
    (NEXT_WEEK, "has not started"),
    ("2026-13-01", "Date has wrong format"),
    ("next-week", "Date has wrong format"),
    ("1999-12-27", "Must be between"),
])
def test_a_week_that_is_not_a_started_local_week_is_refused(patient_client, week, why):
    response = answer(patient_client, week, {"sessions_done": 3})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and list(body["fields"]) == ["week_start"]
    assert why in " ".join(body["fields"]["week_start"])
    assert not WeeklyCheckin.objects.exists()


@pytest.mark.parametrize("sessions_done", [-1, 71, "three", None, 2.5])
def test_a_count_out_of_range_is_refused_naming_the_field(patient_client, sessions_done):
    response = answer(patient_client, THIS_WEEK, {"sessions_done": sessions_done})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["sessions_done"]
    assert not WeeklyCheckin.objects.exists()


def test_a_missing_count_is_refused(patient_client):
    response = answer(patient_client, THIS_WEEK, {})
    assert response.status_code == 400 and list(response.json()["fields"]) == ["sessions_done"]


@pytest.mark.parametrize("sessions_done", [0, 70])
def test_the_ends_of_the_range_are_accepted(patient_client, sessions_done):
    assert answer(patient_client, THIS_WEEK, {"sessions_done": sessions_done}).status_code == 201


def test_the_week_is_the_patients_local_week():
    """At 10:30 UTC on Sunday it is already Monday 00:30 in Kiritimati (UTC+14): the new
    week has started there, not yet in London."""
    kiritimati = PatientFactory(timezone="Pacific/Kiritimati")
    london = PatientFactory(timezone="Europe/London")
    with time_machine.travel(datetime(2026, 5, 10, 10, 30, tzinfo=UTC), tick=False):
        assert answer(client_for(kiritimati), NEXT_WEEK, {"sessions_done": 1}).status_code == 201
        refused = answer(client_for(london), NEXT_WEEK, {"sessions_done": 1})
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["week_start"]


def test_a_phone_a_few_minutes_ahead_at_midnight_is_not_refused():
    patient = PatientFactory(timezone="Europe/London")
    # 23:58 on Sunday in London (BST): the phone already shows Monday.
    with time_machine.travel(datetime(2026, 5, 10, 22, 58, tzinfo=UTC), tick=False):
        assert answer(client_for(patient), NEXT_WEEK, {"sessions_done": 4}).status_code == 201


def test_each_patient_reaches_only_their_own_week(patient, patient_client, clinic, therapist):
    answer(patient_client, THIS_WEEK, {"sessions_done": 3})
    peer = PatientFactory(clinic=clinic, primary_therapist=therapist)
    peer_client = client_for(peer)
    assert peer_client.get(f"/api/v1/weekly-checkins/{THIS_WEEK}").status_code == 404
    # The peer's answer for the same week is their own row; the owner's is untouched.
    assert answer(peer_client, THIS_WEEK, {"sessions_done": 6}).status_code == 201
    assert WeeklyCheckin.objects.get(patient=patient).sessions_done == 3
    assert WeeklyCheckin.objects.get(patient=peer).sessions_done == 6


def test_staff_do_not_answer_for_patients(therapist_client):
    response = answer(therapist_client, THIS_WEEK, {"sessions_done": 3})
    assert response.status_code == 403
    assert therapist_client.get("/api/v1/me/weekly-checkins").status_code == 403
    assert not WeeklyCheckin.objects.exists()


@pytest.fixture
def twice_a_day_and_walks(patient):
    """Nods twice a day every day, walks Monday, Wednesday and Friday (14 + 3 a week),
    from Wednesday 29 April."""
    nod = ExerciseFactory(slug="nod")
    walk = ExerciseFactory(slug="walk", kind="aerobic", region="aerobic")
    assign(patient, program(phase(item(nod, times_per_day=2))), date(2026, 4, 29))
    return assign(patient, program(phase(item(walk, duration_minutes=30,
                                              days_of_week=["mon", "wed", "fri"]))),
                  date(2026, 4, 29))


def test_my_weeks_list_what_was_planned_and_what_was_answered(patient_client,
                                                              twice_a_day_and_walks):
    answer(patient_client, LAST_WEEK, {"sessions_done": 7})
    response = patient_client.get("/api/v1/me/weekly-checkins?weeks=3")
    assert response.status_code == 200, response.json()
    rows = [(w["week_start"], w["sessions_planned"], w["sessions_done"]) for w in response.json()]
    assert rows == [
        (THIS_WEEK, 17, None),  # the whole week as planned, Sunday evening or not
        (LAST_WEEK, 10 + 2, 7),  # from Wednesday: 5 days of nods, walks Wed and Fri
        ("2026-04-20", 0, None),  # before the programs started
    ]


@pytest.mark.parametrize("weeks", ["0", "53", "many"])
def test_my_weeks_refuse_a_silly_range(patient_client, weeks):
    response = patient_client.get(f"/api/v1/me/weekly-checkins?weeks={weeks}")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["weeks"]


def test_the_therapist_sees_the_reported_number_beside_unchanged_adherence(
        patient, patient_client, therapist_client, twice_a_day_and_walks):
    walks = twice_a_day_and_walks
    for day in (4, 6):  # two walks logged this week
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=walks,
                           performed_at=datetime(2026, 5, day, 17, tzinfo=UTC), entries=[])
    url = f"/api/v1/patients/{patient.pk}/adherence?weeks=2"
    before = therapist_client.get(url).json()["weeks"]
    assert [w["reported_sessions"] for w in before] == [None, None]

    answer(patient_client, THIS_WEEK, {"sessions_done": 9})  # more than the logs say
    after = therapist_client.get(url).json()["weeks"]
    assert [(w["week_start"], w["reported_sessions"]) for w in after] == [
        (LAST_WEEK, None), (THIS_WEEK, 9)]
    strip = [{k: v for k, v in w.items() if k != "reported_sessions"} for w in after]
    assert strip == [{k: v for k, v in w.items() if k != "reported_sessions"} for w in before]
    assert after[1]["sessions_done"] == 2  # adherence still counts the logs only


def test_my_weeks_say_how_many_sessions_are_already_logged(patient, patient_client,
                                                           twice_a_day_and_walks):
    """Issue 13: the check-in did not show the sessions already logged; the patient
    answered from memory what the app already knew."""
    walks = twice_a_day_and_walks
    for when in (datetime(2026, 5, 4, 17, tzinfo=UTC), datetime(2026, 5, 6, 17, tzinfo=UTC),
                 datetime(2026, 5, 10, 22, 30, tzinfo=UTC),  # Sunday 23:30 in London
                 datetime(2026, 5, 3, 22, 30, tzinfo=UTC)):  # Sunday 3 May in London
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=walks,
                           performed_at=when, entries=[])
    rows = patient_client.get("/api/v1/me/weekly-checkins?weeks=2").json()
    assert [(w["week_start"], w["sessions_logged"]) for w in rows] == [
        (THIS_WEEK, 3), (LAST_WEEK, 1)]
