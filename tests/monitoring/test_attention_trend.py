"""The therapist's list carries each patient's weekly adherence trend and flags a fall.

Dates: Saturday 21 November 2026 is "today" unless a test says otherwise; weeks start on
Monday (16 November is the current week, 12 October the first of the six).
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from assignments.services import assignment_update, phase_change
from logs.services import headache_log_create, session_log_create
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db
SATURDAY = datetime(2026, 11, 21, 18, tzinfo=UTC)


@pytest.fixture
def daily():
    return program(phase(item(ExerciseFactory(slug="nod"), times_per_day=1)))


def log_on(assignment, *days: date, hour: int = 9):
    for day in days:
        session_log_create(patient=assignment.patient, client_id=uuid.uuid4(),
                           assignment=assignment, entries=[],
                           performed_at=datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


def dates(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def patient_list(therapist, when: datetime) -> dict[int, dict]:
    with time_machine.travel(when, tick=False):
        response = client_for(therapist).get("/api/v1/patients")
    assert response.status_code == 200
    return {row["id"]: row for row in response.json()}


def test_weekly_trend_oldest_first_with_the_current_week_so_far_last(therapist, daily):
    patient = PatientFactory(clinic=therapist.clinic, primary_therapist=therapist)
    assignment = assign(patient, daily, date(2026, 10, 12))
    log_on(assignment, *dates(date(2026, 10, 12), date(2026, 10, 18)))  # 7 of 7
    log_on(assignment, *dates(date(2026, 10, 19), date(2026, 10, 23)))  # 5 of 7
    # The week of 26 October: nothing at all.
    log_on(assignment, *dates(date(2026, 11, 2), date(2026, 11, 8)))  # 7 of 7
    log_on(assignment, date(2026, 11, 9), date(2026, 11, 10), date(2026, 11, 11))  # 3 of 7
    # This week, Monday to Saturday: Mon-Wed and today; today counts only once done.
    log_on(assignment, date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18),
           date(2026, 11, 21))

    row = patient_list(therapist, SATURDAY)[patient.pk]
    assert row["adherence"]["weekly_pct"] == [100, 71, 0, 100, 43, 67]  # 4 of 6 so far
    assert row["adherence"]["last_7_days_pct"] == 57  # Sun 15 to Sat 21: 4 of 7

    # Monday morning, nothing logged yet: the new week has nothing prescribed so far.
    row = patient_list(therapist, datetime(2026, 11, 23, 7, tzinfo=UTC))[patient.pk]
    assert row["adherence"]["weekly_pct"] == [71, 0, 100, 43, 57, None]


def test_weeks_before_the_program_are_null_not_zero(therapist, daily):
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, daily, date(2026, 11, 11))  # a Wednesday
    log_on(assignment, date(2026, 11, 11), date(2026, 11, 12))
    row = patient_list(therapist, SATURDAY)[patient.pk]
    assert row["adherence"]["weekly_pct"] == [None, None, None, None, 40, 0]  # 2 of 5


def test_the_trend_agrees_with_the_patients_adherence_page(therapist):
    """Pauses, a phase change mid-week, days of the week, two programs, extra sessions,
    and a zone where the local date is already tomorrow: the same figure for every week."""
    nod, walk = ExerciseFactory(slug="nod"), ExerciseFactory(slug="walk", kind="aerobic",
                                                                 region="aerobic")
    patient = PatientFactory(clinic=therapist.clinic, timezone="Pacific/Auckland")
    neck = assign(patient, program(
        phase(item(nod, times_per_day=1)),
        phase(item(nod, times_per_day=2, days_of_week=["mon", "wed", "fri"]))),
        date(2026, 10, 8))
    aerobic = assign(patient, program(phase(item(walk, duration_minutes=30,
                                                          days_of_week=["tue", "sat"]))),
                     date(2026, 10, 28), end_date=date(2026, 11, 13))
    with time_machine.travel(datetime(2026, 10, 20, 1, tzinfo=UTC), tick=False):
        assignment_update(assignment=neck, changed_by=therapist, status="paused")
    with time_machine.travel(datetime(2026, 10, 23, 1, tzinfo=UTC), tick=False):
        assignment_update(assignment=neck, changed_by=therapist, status="active")
    neck.refresh_from_db()
    phase_change(assignment=neck, to_phase=1, changed_by=therapist,
                 effective_date=date(2026, 11, 4))
    for n, day in enumerate(dates(date(2026, 10, 8), date(2026, 11, 21))):
        if n % 3 != 1:
            log_on(neck, day, hour=n % 24)
        if n % 5 == 0:
            log_on(neck, day, hour=22)  # an extra one, some days crossing midnight locally
        if n % 4 == 0:
            log_on(aerobic, day, hour=20)

    client = client_for(therapist)
    for when in (SATURDAY, datetime(2026, 11, 22, 11, 30, tzinfo=UTC),  # Monday in Auckland
                 datetime(2026, 11, 19, 3, tzinfo=UTC)):
        with time_machine.travel(when, tick=False):
            rows = client.get("/api/v1/patients").json()
            page = client.get(f"/api/v1/patients/{patient.pk}/adherence?weeks=6").json()
        trend = next(r for r in rows if r["id"] == patient.pk)["adherence"]["weekly_pct"]
        assert trend == [week["adherence_pct"] for week in page["weeks"]], when
        assert any(pct not in (None, 0, 100) for pct in trend)  # a telling case, not all-or-none


def steady_then(therapist, daily, last_7_days: list[date], **fields):
    """Every session done from Monday 26 October to Saturday 14 November, then `last_7_days`."""
    patient = PatientFactory(clinic=therapist.clinic, **fields)
    assignment = assign(patient, daily, date(2026, 10, 26))
    log_on(assignment, *dates(date(2026, 10, 26), date(2026, 11, 14)), *last_7_days)
    return patient


# Sun 15 to Wed 18 and today: 5 of 7 (71%); with Thursday too, 6 of 7 (86%).
SLIPPING = [*dates(date(2026, 11, 15), date(2026, 11, 18)), date(2026, 11, 21)]


def test_falling_adherence_is_a_reason_and_ranks_higher(therapist, daily):
    # The last 7 days are Sun 15 to Sat 21; the full weeks before them are those of
    # 19 October (nothing prescribed yet), 26 October and 2 November: 100%. A fall of 29
    # points is clear (the default threshold is 25), one of 14 is not.
    slipping = steady_then(therapist, daily, SLIPPING, last_name="Slipping")
    steady = steady_then(therapist, daily, [*SLIPPING, date(2026, 11, 19)], last_name="Steady")
    rows = patient_list(therapist, SATURDAY)
    assert (rows[slipping.pk]["adherence"]["last_7_days_pct"],
            rows[steady.pk]["adherence"]["last_7_days_pct"]) == (71, 86)
    assert rows[slipping.pk]["needs_attention"] == ["falling_adherence"]
    assert rows[steady.pk]["needs_attention"] == []
    assert list(rows) == [slipping.pk, steady.pk]


def test_a_fall_shows_midweek_against_the_weeks_before(therapist, daily):
    # Wednesday 18th: the last 7 days are Thu 12 to Wed 18; the week of 9 November
    # overlaps them, so the weeks before are those of 19 and 26 October and 2 November.
    # Nothing since Sat 14: 3 done of 6 due (today is not over, so not due yet).
    patient = steady_then(therapist, daily, [])
    on_wednesday = datetime(2026, 11, 18, 18, tzinfo=UTC)
    row = patient_list(therapist, on_wednesday)[patient.pk]
    assert row["adherence"]["last_7_days_pct"] == 50
    assert row["needs_attention"] == ["falling_adherence"]


def test_the_drop_threshold_is_a_setting(therapist, daily, settings):
    patient = steady_then(therapist, daily, SLIPPING)
    settings.ATTENTION_FALLING_DROP_POINTS = 30  # the fall is 29 points
    assert patient_list(therapist, SATURDAY)[patient.pk]["needs_attention"] == []
    settings.ATTENTION_FALLING_DROP_POINTS = 29
    assert patient_list(therapist, SATURDAY)[patient.pk]["needs_attention"] == [
        "falling_adherence"]


def test_no_fall_without_weeks_before_to_fall_from(therapist, daily):
    patient = PatientFactory(clinic=therapist.clinic)
    assignment = assign(patient, daily, date(2026, 11, 12))  # Thursday of last week
    log_on(assignment, *dates(date(2026, 11, 12), date(2026, 11, 15)), date(2026, 11, 21))
    row = patient_list(therapist, SATURDAY)[patient.pk]
    # 100% in the week of 9 November, but that week overlaps the last 7 days (Sun 15 to
    # Sat 21: 2 of 7), and before it nothing was prescribed: nothing to fall from.
    assert row["adherence"]["weekly_pct"][-2:] == [100, 17]
    assert row["adherence"]["last_7_days_pct"] == 29
    assert row["needs_attention"] == ["low_adherence"]


def test_a_flare_from_an_exercise_triggered_headache_puts_the_patient_first(therapist, daily):
    """Red events (pain above the limit, an attack brought on by exercise) raise alerts, and
    open alerts come first in the list."""
    calm = steady_then(therapist, daily, [], last_name="Calm")  # low and falling
    flaring = steady_then(therapist, daily, dates(date(2026, 11, 15), date(2026, 11, 21)),
                          last_name="Flaring")
    headache_log_create(patient=flaring, client_id=uuid.uuid4(), peak_pain=7,
                        started_at=datetime(2026, 11, 21, 10, tzinfo=UTC),
                        exercise_triggered=True)
    rows = patient_list(therapist, SATURDAY)
    assert list(rows) == [flaring.pk, calm.pk]
    assert rows[flaring.pk]["needs_attention"] == ["open_alerts"]
    assert rows[flaring.pk]["adherence"]["open_alerts"] == 1
