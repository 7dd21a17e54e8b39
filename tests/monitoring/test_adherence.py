"""Weekly adherence, streak, aerobic minutes, soreness, headache days and RTM data days."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from logs.models import DailyCheckin
from logs.services import headache_log_create, session_log_create
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db


@pytest.fixture
def nod():
    return ExerciseFactory(slug="nod")


@pytest.fixture
def walk():
    return ExerciseFactory(slug="walk", kind="aerobic", region="aerobic")


def log_session(assignment, at: datetime, **fields):
    entries = fields.pop("entries", [])
    return session_log_create(patient=assignment.patient, client_id=uuid.uuid4(),
                              assignment=assignment, performed_at=at, entries=entries, **fields)


def report(therapist, patient, when: datetime, weeks=2):
    with time_machine.travel(when, tick=False):
        url = f"/api/v1/patients/{patient.pk}/adherence?weeks={weeks}"
        response = client_for(therapist).get(url)
    assert response.status_code == 200, response.json()
    return response.json()


def test_week_boundary_in_a_zone_far_east_of_utc(therapist, nod):
    """Kiritimati is UTC+14: Monday there begins at 10:00 UTC on Sunday."""
    patient = PatientFactory(clinic=therapist.clinic, timezone="Pacific/Kiritimati")
    assignment = assign(patient, program(phase(item(nod, times_per_day=1))), date(2026, 11, 23))
    # Sunday 29th 23:00 local = 09:00 UTC; Monday 30th 00:30 local = 10:30 UTC the same day.
    log_session(assignment, datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    log_session(assignment, datetime(2026, 11, 29, 10, 30, tzinfo=UTC))
    body = report(therapist, patient, datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    last_week, this_week = body["weeks"]
    assert (last_week["week_start"], this_week["week_start"]) == ("2026-11-23", "2026-11-30")
    assert (last_week["sessions_done"], last_week["sessions_prescribed"]) == (1, 7)
    assert (this_week["sessions_done"], this_week["sessions_prescribed"]) == (1, 1)
    assert this_week["adherence_pct"] == 100


def test_dst_week_counts_each_local_day_once(therapist, nod):
    """New York springs forward on 2026-03-08: that week still has 7 days, 14 sessions."""
    patient = PatientFactory(clinic=therapist.clinic, timezone="America/New_York")
    assignment = assign(patient, program(phase(item(nod, times_per_day=2))), date(2026, 3, 2))
    for day in range(2, 9):
        # 07:30 and 21:30 local each day, written as UTC instants across the change.
        for hour in (7, 21):
            local = datetime(2026, 3, day, hour, 30)
            offset = 5 if (day, hour) < (8, 3) else 4
            log_session(assignment, (local + timedelta(hours=offset)).replace(tzinfo=UTC))
    body = report(therapist, patient, datetime(2026, 3, 9, 16, tzinfo=UTC))
    week = body["weeks"][0]
    assert week["week_start"] == "2026-03-02"
    assert (week["sessions_done"], week["sessions_prescribed"]) == (14, 14)
    assert week["adherence_pct"] == 100
    assert body["current_streak_days"] == 7


def test_adherence_caps_extra_sessions_and_today_never_counts_against(therapist, nod, walk):
    patient = PatientFactory(clinic=therapist.clinic)
    template = program(phase(item(nod, times_per_day=1),
                             item(walk, duration_minutes=30, days_of_week=["mon", "wed", "fri"])))
    assignment = assign(patient, template, date(2026, 11, 16))  # Monday
    # Mon 16 .. Sun 22: one session a day prescribed; 5 done, one day twice.
    for day in (16, 17, 17, 18, 20):
        log_session(assignment, datetime(2026, 11, day, 9, tzinfo=UTC), soreness_after=day % 5,
                    entries=[{"exercise": walk, "duration_minutes": 35}])
    body = report(therapist, patient, datetime(2026, 11, 23, 8, tzinfo=UTC))  # Monday morning
    last_week, this_week = body["weeks"]
    assert (last_week["sessions_done"], last_week["sessions_prescribed"]) == (5, 7)
    assert last_week["adherence_pct"] == 71
    assert last_week["aerobic_minutes"] == 5 * 35
    assert last_week["max_soreness"] == 3
    assert (this_week["sessions_prescribed"], this_week["adherence_pct"]) == (0, None)
    assert body["current_streak_days"] == 0  # Sat 21 and Sun 22 were missed


def test_a_day_with_one_of_two_sessions_logged_keeps_the_streak(therapist, nod):
    """Right after logging the morning session the patient sees the streak go on, not 0."""
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, program(phase(item(nod, times_per_day=2))), date(2026, 11, 16))
    for day in (16, 17):
        log_session(assignment, datetime(2026, 11, day, 9, tzinfo=UTC))  # mornings only
    before = report(therapist, patient, datetime(2026, 11, 18, 8, tzinfo=UTC))
    assert before["current_streak_days"] == 2  # today's session not logged yet: no break
    log_session(assignment, datetime(2026, 11, 18, 9, tzinfo=UTC))
    after = report(therapist, patient, datetime(2026, 11, 18, 10, tzinfo=UTC))
    assert after["current_streak_days"] == 3


def test_unknown_days_are_not_headache_free(therapist, nod):
    patient = PatientFactory(clinic=therapist.clinic, baseline_headache_days_28=10)
    assign(patient, program(phase(item(nod))), date(2026, 11, 1))
    headache_log_create(patient=patient, client_id=uuid.uuid4(), peak_pain=5,
                        started_at=datetime(2026, 11, 17, 15, tzinfo=UTC))
    DailyCheckin.objects.create(patient=patient, date=date(2026, 11, 18), headache_free=True)
    DailyCheckin.objects.create(patient=patient, date=date(2026, 11, 19), headache_free=False)
    # A check-in saying "headache-free" loses to a headache logged the same day.
    DailyCheckin.objects.create(patient=patient, date=date(2026, 11, 17), headache_free=True)
    body = report(therapist, patient, datetime(2026, 11, 22, 20, tzinfo=UTC), weeks=1)
    week = body["weeks"][0]
    assert (week["headache_days"], week["unknown_days"]) == (2, 4)
    assert (body["headache_days_last_28"], body["days_recorded_last_28"]) == (2, 3)
    assert (body["baseline_headache_days_28"], body["baseline_source"]) == (10, "intake")


def test_baseline_from_the_diary_before_the_program_started(therapist, nod):
    patient = PatientFactory(clinic=therapist.clinic, baseline_headache_days_28=12)
    start = date(2026, 11, 1)
    for day in (5, 9, 12, 20):
        headache_log_create(patient=patient, client_id=uuid.uuid4(), peak_pain=6,
                            started_at=datetime(2026, 10, day, 8, tzinfo=UTC))
    assign(patient, program(phase(item(nod))), start)
    body = report(therapist, patient, datetime(2026, 11, 21, 12, tzinfo=UTC))
    # 4 of 28 days recorded: too few, so the recalled figure, labelled as recalled.
    assert (body["baseline_headache_days_28"], body["baseline_source"],
            body["baseline_recalled"], body["baseline_days_recorded"]) == (12, "intake", True, 4)
    for day in range(4, 32):  # every other day of October 4-31 headache-free
        if day not in (5, 9, 12, 20):
            DailyCheckin.objects.create(patient=patient, date=date(2026, 10, day),
                                        headache_free=True)
    body = report(therapist, patient, datetime(2026, 11, 21, 12, tzinfo=UTC))
    # A full diary wins over what the patient recalled.
    assert (body["baseline_headache_days_28"], body["baseline_source"],
            body["baseline_recalled"]) == (4, "diary", False)


def test_rtm_data_days_count_any_entry_in_the_current_30_day_period(therapist, nod):
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, program(phase(item(nod))), date(2026, 10, 1))
    log_session(assignment, datetime(2026, 10, 30, 9, tzinfo=UTC))  # the previous period
    log_session(assignment, datetime(2026, 11, 2, 9, tzinfo=UTC))
    log_session(assignment, datetime(2026, 11, 2, 18, tzinfo=UTC))  # same day: one data day
    headache_log_create(patient=patient, client_id=uuid.uuid4(), peak_pain=3,
                        started_at=datetime(2026, 11, 5, 8, tzinfo=UTC))
    DailyCheckin.objects.create(patient=patient, date=date(2026, 11, 9), neck_soreness=1)
    body = report(therapist, patient, datetime(2026, 11, 21, 12, tzinfo=UTC))
    assert body["rtm"] == {"period_start": "2026-10-31", "period_end": "2026-11-29",
                           "data_days": 3}


def test_paused_days_are_not_prescribed(therapist, nod):
    from assignments.services import assignment_update

    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, program(phase(item(nod))), date(2026, 11, 16))
    with time_machine.travel(datetime(2026, 11, 18, 8, tzinfo=UTC), tick=False):
        assignment_update(assignment=assignment, changed_by=therapist, status="paused")
    for day in (16, 17):
        log_session(assignment, datetime(2026, 11, day, 9, tzinfo=UTC))
    week = report(therapist, patient, datetime(2026, 11, 23, 8, tzinfo=UTC))["weeks"][0]
    assert (week["sessions_done"], week["sessions_prescribed"]) == (2, 2)
    assert week["adherence_pct"] == 100


def test_weeks_parameter_is_validated(therapist_client, patient):
    response = therapist_client.get(f"/api/v1/patients/{patient.pk}/adherence?weeks=0")
    assert response.status_code == 400 and "weeks" in response.json()["fields"]


def test_a_headache_counts_on_every_day_it_touched_in_the_patients_zone(therapist, nod):
    """Clinical reference §7: 22:00 to 03:00 is two headache days; an attack left open
    counts on at most HEADACHE_OPEN_MAX_DAYS (3) days. The 28-day count, the weeks and so
    the verdict count as the diary's month does."""
    patient = PatientFactory(clinic=therapist.clinic, timezone="Europe/Berlin")
    assign(patient, program(phase(item(nod))), date(2026, 11, 1))
    # Mon 16 Nov 22:00 to Tue 17 Nov 03:00 Berlin (21:00 and 02:00 UTC).
    headache_log_create(patient=patient, client_id=uuid.uuid4(),
                        started_at=datetime(2026, 11, 16, 21, tzinfo=UTC),
                        ended_at=datetime(2026, 11, 17, 2, tzinfo=UTC), peak_pain=6)
    # Thu 19 Nov, still going: Thu, Fri and Sat count, not Sun or after.
    headache_log_create(patient=patient, client_id=uuid.uuid4(),
                        started_at=datetime(2026, 11, 19, 9, tzinfo=UTC), ended_at=None,
                        peak_pain=5)
    # Logged by an app that never asked about the end: its start day only.
    headache_log_create(patient=patient, client_id=uuid.uuid4(),
                        started_at=datetime(2026, 11, 23, 9, tzinfo=UTC), peak_pain=4)
    body = report(therapist, patient, datetime(2026, 11, 24, 12, tzinfo=UTC))
    assert body["headache_days_last_28"] == 6
    last_week, this_week = body["weeks"]
    assert (last_week["week_start"], last_week["headache_days"]) == ("2026-11-16", 5)
    assert (this_week["week_start"], this_week["headache_days"]) == ("2026-11-23", 1)
    with time_machine.travel(datetime(2026, 11, 24, 12, tzinfo=UTC), tick=False):
        outcomes = client_for(therapist).get(f"/api/v1/patients/{patient.pk}/outcomes").json()
    assert outcomes["headache_days"]["last_28"] == 6
