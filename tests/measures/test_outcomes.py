"""GET .../outcomes: headache days against the 4-week baseline, first and latest scores with
their direction, and a verdict that stays `too_early` before 8 weeks."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from measures.services import measure_create
from tests.conftest import client_for
from tests.factories import TherapistFactory
from tests.measures.conftest import at_noon, diary, start_program

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
WEEK_7 = START + timedelta(weeks=7, days=3)
WEEK_9 = START + timedelta(weeks=9)

HIT6_64 = ["always", "always", "very_often", "very_often", "rarely", "rarely"]
HIT6_59 = ["always", "very_often", "very_often", "rarely", "rarely", "rarely"]
HIT6_58 = ["always", "very_often", "sometimes", "rarely", "rarely", "rarely"]
HIT6_70 = ["always", "always", "always", "always", "sometimes", "rarely"]


@pytest.fixture
def started(patient):
    """In the program since START, with 10 headache days in the 4 weeks before it."""
    start_program(patient, START)
    diary(patient, START - timedelta(days=28), 28, headache_days={0, 2, 5, 8, 11, 14, 17,
                                                                   20, 23, 26})
    return patient


def last_28_days(patient, today: date, headache_days: int) -> None:
    diary(patient, today - timedelta(days=27), 28, headache_days=set(range(0, 28, 3))
          if headache_days == 10 else set(range(headache_days)))


def take(patient, instrument: str, answers, on: date, version=None):
    measure_create(patient=patient, instrument=instrument, answers=answers,
                   taken_at=at_noon(on), created_by=patient, client_id=uuid.uuid4(),
                   version=version)


def outcomes(therapist, patient, today: date) -> dict:
    response = client_for(therapist).get(
        f"/api/v1/patients/{patient.pk}/outcomes?date={today.isoformat()}")
    assert response.status_code == 200, response.json()
    return response.json()


def test_too_early_at_week_7_however_good_the_numbers(therapist, started):
    last_28_days(started, WEEK_7, headache_days=4)
    take(started, "hit6", HIT6_64, START)
    take(started, "hit6", HIT6_58, WEEK_7)
    body = outcomes(therapist, started, WEEK_7)
    assert body["weeks_in_program"] == 7
    assert body["headache_days"]["responder"] is True  # reported, but not yet judged
    assert body["verdict"] == "too_early"
    assert body["reasons"] == ["7 of 8 weeks into the program: judge the response after "
                               "8 weeks."]


def test_responding_at_week_9_with_headache_days_10_to_4(therapist, started):
    last_28_days(started, WEEK_9, headache_days=4)
    body = outcomes(therapist, started, WEEK_9)
    assert body["weeks_in_program"] == 9
    headache = body["headache_days"]
    assert {k: headache[k] for k in ("baseline_28", "last_28", "change_pct", "responder")} == {
        "baseline_28": 10, "last_28": 4, "change_pct": -60, "responder": True}
    assert body["verdict"] == "responding"
    assert body["reasons"] == ["Headache days went from 10 to 4 in the last 28 days (60% "
                               "fewer): at least the 50% responder threshold."]


def test_not_responding_at_week_9_when_headache_days_fall_short_and_nothing_else_moved(
        therapist, started):
    last_28_days(started, WEEK_9, headache_days=8)
    body = outcomes(therapist, started, WEEK_9)
    assert (body["headache_days"]["change_pct"], body["headache_days"]["responder"]) == (
        -20, False)
    assert body["verdict"] == "not_responding"
    assert body["reasons"] == [
        "Headache days went from 10 to 8 in the last 28 days (20% fewer): short of the 50% "
        "responder threshold.",
        "HIT-6 has not been measured yet.",
        "NDI has not been measured yet.",
        "MIDAS has not been measured yet.",
        "PSFS has not been measured yet.",
    ]


def test_a_meaningful_hit6_drop_of_6_with_headache_days_short_of_30_pct_is_partly_responding(
        therapist, started):
    last_28_days(started, WEEK_9, headache_days=8)
    take(started, "hit6", HIT6_64, START)
    take(started, "hit6", HIT6_58, WEEK_9 - timedelta(days=1))
    body = outcomes(therapist, started, WEEK_9)
    hit6 = body["hit6"]
    assert {k: hit6[k] for k in ("first", "latest", "change", "meaningful", "direction",
                                 "better", "count")} == {
        "first": 64.0, "latest": 58.0, "change": -6.0, "meaningful": True,
        "direction": "better", "better": "lower", "count": 2}
    assert (hit6["first_band"], hit6["latest_band"]) == ("severe", "substantial")
    # Headache days 10 to 8 did not rise while HIT-6 improved meaningfully (issue 10, item 7).
    assert body["verdict"] == "partly_responding"
    assert body["reasons"] == body["evidence_for"] == [
        "HIT-6 improved from 64 to 58, at least the 6 points that count as a meaningful "
        "change."]


def test_a_hit6_drop_of_5_is_not_meaningful(therapist, started):
    last_28_days(started, WEEK_9, headache_days=8)
    take(started, "hit6", HIT6_64, START)
    take(started, "hit6", HIT6_59, WEEK_9)
    body = outcomes(therapist, started, WEEK_9)
    assert (body["hit6"]["change"], body["hit6"]["meaningful"]) == (-5.0, False)
    assert body["verdict"] == "not_responding"
    assert "HIT-6 went from 64 to 59, less than the 6 points that count as a meaningful " \
           "change." in body["reasons"]


def test_a_meaningful_hit6_rise_is_worsening(therapist, started):
    last_28_days(started, WEEK_9, headache_days=8)
    take(started, "hit6", HIT6_64, START)
    take(started, "hit6", HIT6_70, WEEK_9)
    body = outcomes(therapist, started, WEEK_9)
    assert (body["hit6"]["meaningful"], body["hit6"]["direction"]) == (True, "worse")
    assert body["verdict"] == "worsening"
    assert "HIT-6 worsened from 64 to 70, by at least 6 points." in body["reasons"]


def test_a_meaningful_ndi_improvement_alone_is_partly_responding(therapist, started):
    last_28_days(started, WEEK_9, headache_days=10)
    take(started, "ndi", [2] * 10, START)  # 20
    take(started, "ndi", [1] * 10, WEEK_9)  # 10
    body = outcomes(therapist, started, WEEK_9)
    assert (body["ndi"]["change"], body["ndi"]["meaningful"]) == (-10.0, True)
    assert body["headache_days"]["responder"] is False
    assert body["verdict"] == "partly_responding"
    assert body["reasons"] == ["NDI improved from 20 to 10, at least the 10 points that "
                               "count as a meaningful change."]


def test_an_ndi_change_of_6_is_within_measurement_error(therapist, started):
    """The old 5-point default: Young 2009 puts the minimal detectable change at 10.2."""
    last_28_days(started, WEEK_9, headache_days=10)
    take(started, "ndi", [2] * 10, START)  # 20
    take(started, "ndi", [2, 2, 2, 2, 1, 1, 1, 1, 1, 1], WEEK_9)  # 14
    body = outcomes(therapist, started, WEEK_9)
    assert (body["ndi"]["change"], body["ndi"]["meaningful"]) == (-6.0, False)
    assert body["verdict"] == "not_responding"


def test_a_single_measure_has_no_change(therapist, started):
    take(started, "hit6", HIT6_64, START)
    hit6 = outcomes(therapist, started, WEEK_9)["hit6"]
    assert (hit6["first"], hit6["latest"], hit6["change"], hit6["meaningful"]) == (
        64.0, 64.0, None, None)


def test_a_silent_diary_is_never_a_responder(therapist, started):
    """Two headache logs and nothing else in 28 days: the other 26 days are unknown."""
    for offset in (3, 9):
        take_day = WEEK_9 - timedelta(days=offset)
        diary(started, take_day, 1, headache_days={0})
    headache = outcomes(therapist, started, WEEK_9)["headache_days"]
    assert (headache["last_28"], headache["change_pct"], headache["responder"]) == (2, -80,
                                                                                    None)
    assert (headache["days_recorded_last_28"], headache["unknown_days_last_28"]) == (2, 26)
    body = outcomes(therapist, started, WEEK_9)
    assert body["verdict"] == "not_responding"
    assert "26 of the last 28 days have no diary entry" in body["reasons"][0]


def test_a_few_unknown_days_do_not_spoil_a_clear_response(therapist, started):
    diary(started, WEEK_9 - timedelta(days=27), 25, headache_days={0, 1})  # 3 days unknown
    headache = outcomes(therapist, started, WEEK_9)["headache_days"]
    assert (headache["last_28"], headache["unknown_days_last_28"]) == (2, 3)
    assert headache["responder"] is True  # 2 + 3 = 5 <= half of 10
    assert "even counting the 3 days without a diary entry" in headache["reason"]


def test_change_pct_is_null_without_a_baseline_or_with_a_baseline_of_0(therapist, patient):
    start_program(patient, START)
    last_28_days(patient, WEEK_9, headache_days=4)
    unknown = outcomes(therapist, patient, WEEK_9)["headache_days"]
    assert (unknown["baseline_28"], unknown["change_pct"], unknown["responder"]) == (
        None, None, None)
    patient.baseline_headache_days_28 = 0  # recorded at intake
    patient.save()
    zero = outcomes(therapist, patient, WEEK_9)["headache_days"]
    assert (zero["baseline_28"], zero["change_pct"], zero["responder"]) == (0, None, None)
    assert outcomes(therapist, patient, WEEK_9)["verdict"] == "not_responding"


def test_the_responder_threshold_and_the_wait_are_clinic_settings(clinic, therapist, started):
    last_28_days(started, WEEK_9, headache_days=8)
    clinic.settings = {"outcomes": {"responder_drop_pct": 20}}
    clinic.save()
    body = outcomes(therapist, started, WEEK_9)
    assert (body["headache_days"]["responder"], body["verdict"]) == (True, "responding")
    clinic.settings = {"outcomes": {"responder_drop_pct": 20, "too_early_weeks": 12}}
    clinic.save()
    body = outcomes(therapist, started, WEEK_9)
    assert (body["verdict"], body["too_early_weeks"]) == ("too_early", 12)


def test_the_default_threshold_comes_from_settings(settings, therapist, started):
    settings.OUTCOMES_RESPONDER_DROP_PCT = 20
    last_28_days(started, WEEK_9, headache_days=8)
    assert outcomes(therapist, started, WEEK_9)["verdict"] == "responding"


def test_no_program_is_too_early(therapist, patient):
    body = outcomes(therapist, patient, WEEK_9)
    assert (body["weeks_in_program"], body["verdict"]) == (None, "too_early")


# --- Directions other than "lower is better" ------------------------------------------------------

def psfs(*scores):
    return [{"activity": f"activity {i}", "score": s} for i, s in enumerate(scores)]


def test_psfs_version_1_higher_is_better(therapist, started):
    take(started, "psfs", psfs(3, 3, 3), START)
    take(started, "psfs", psfs(6, 6, 6), WEEK_9)
    section = outcomes(therapist, started, WEEK_9)["psfs"]
    assert (section["change"], section["better"], section["direction"], section["meaningful"]
            ) == (3.0, "higher", "better", True)


def test_psfs_2_runs_the_other_way_and_versions_are_not_mixed(therapist, started):
    take(started, "psfs", psfs(8, 8, 8), START)  # version 1
    take(started, "psfs", psfs(3, 3, 3), START + timedelta(days=7), version=2)
    take(started, "psfs", psfs(6, 6, 6), WEEK_9, version=2)
    section = outcomes(therapist, started, WEEK_9)["psfs"]
    assert (section["version"], section["count"], section["first"], section["latest"]) == (
        2, 2, 3.0, 6.0)
    assert (section["better"], section["direction"]) == ("lower", "worse")


def test_midas_above_20_needs_30_pct_fewer(therapist, started):
    take(started, "midas", [6, 6, 6, 6, 6], START)  # 30, grade IV
    take(started, "midas", [5, 5, 5, 4, 4], WEEK_9)  # 23: 7 fewer, short of 9 (30%)
    section = outcomes(therapist, started, WEEK_9)["midas"]
    assert (section["threshold"], section["meaningful"]) == (9.0, False)
    take(started, "midas", [5, 4, 4, 4, 4], WEEK_9)  # 21: 9 fewer
    section = outcomes(therapist, started, WEEK_9)["midas"]
    assert (section["meaningful"], section["direction"], section["unit"]) == (True, "better",
                                                                              "points")


def test_midas_from_11_to_20_needs_5_points_not_a_grade(therapist, started):
    take(started, "midas", [3, 3, 3, 3, 3], START)  # 15, grade III
    take(started, "midas", [3, 3, 2, 1, 1], WEEK_9)  # 10, grade II: 5 fewer
    section = outcomes(therapist, started, WEEK_9)["midas"]
    assert (section["threshold"], section["meaningful"]) == (5.0, True)
    take(started, "midas", [3, 3, 2, 1, 2], WEEK_9 + timedelta(days=1))  # 11: one day only
    section = outcomes(therapist, started, WEEK_9 + timedelta(days=1))["midas"]
    assert (section["change"], section["meaningful"]) == (-4.0, False)


# --- Shape and permissions ------------------------------------------------------------------------

def test_the_contract_fields_are_there(therapist, started):
    body = outcomes(therapist, started, WEEK_9)
    assert {"weeks_in_program", "headache_days", "hit6", "ndi", "verdict"} <= set(body)
    assert {"baseline_28", "last_28", "change_pct", "responder"} <= set(body["headache_days"])
    for name in ("hit6", "ndi", "midas", "psfs"):
        assert {"first", "latest", "change", "meaningful"} <= set(body[name])


def test_the_patient_reads_their_own_as_of_their_local_today(started):
    last_28_days(started, WEEK_9, headache_days=4)
    with time_machine.travel(datetime.combine(WEEK_9, datetime.min.time(), tzinfo=UTC)
                             + timedelta(hours=20), tick=False):
        response = client_for(started).get("/api/v1/me/outcomes")
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["verdict"]) == (WEEK_9.isoformat(),
                                                                    "responding")


def test_who_may_read_outcomes(therapist, started):
    url = f"/api/v1/patients/{started.pk}/outcomes"
    assert client_for(therapist).get(url).status_code == 200
    assert client_for(TherapistFactory()).get(url).status_code == 404
    assert client_for(started).get(url).status_code == 403
    assert client_for(therapist).get("/api/v1/me/outcomes").status_code == 403
    assert client_for(therapist).get(f"{url}?date=tomorrow").status_code == 400
