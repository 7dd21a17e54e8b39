"""One diary day before the program (a headache-free check-in) is not a 4-week baseline:
it gives no headache-day change, no band and no responder call, however few headache days
follow (BASELINE_MIN_RECORDED_DAYS, default 20 of 28)."""

from datetime import date, timedelta

import pytest

from logs.services import daily_checkin_put
from tests.clinical._outcomes import diary, outcomes
from tests.measures.conftest import start_program

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
WEEK_9 = START + timedelta(weeks=9)


def test_a_1_day_diary_baseline_gives_no_verdict_from_headache_days(patient):
    start_program(patient, START)
    daily_checkin_put(patient=patient, on=START - timedelta(days=1), neck_soreness=1,
                      headache_free=True)
    diary(patient, WEEK_9 - timedelta(days=27), 28, headache_days=1)

    body = outcomes(patient, WEEK_9)

    headache = body["headache_days"]
    assert (headache["baseline_28"], headache["change_pct"], headache["band"],
            headache["responder"]) == (None, None, None, None)
    assert "1 of the 20 days a baseline needs" in headache["reason"]
    assert body["verdict"] not in ("responding", "partly_responding")


def test_a_full_diary_baseline_wins_over_the_recalled_intake_figure(patient):
    patient.baseline_headache_days_28 = 20  # recalled at intake
    patient.save()
    start_program(patient, START)
    diary(patient, START - timedelta(days=28), 28, headache_days=10)
    diary(patient, WEEK_9 - timedelta(days=27), 28, headache_days=5)
    headache = outcomes(patient, WEEK_9)["headache_days"]
    assert (headache["baseline_28"], headache["baseline_source"],
            headache["baseline_recalled"]) == (10, "diary", False)


def test_a_recalled_baseline_is_labelled_as_recalled(patient):
    patient.baseline_headache_days_28 = 12
    patient.save()
    start_program(patient, START)
    diary(patient, WEEK_9 - timedelta(days=27), 28, headache_days=5)
    body = outcomes(patient, WEEK_9)
    assert (body["headache_days"]["baseline_source"],
            body["headache_days"]["baseline_recalled"]) == ("intake", True)
    assert "recalled at intake" in body["headache_days"]["reason"]
    assert any("recollection" in sentence for sentence in body["evidence_against"])
