"""Headache days 10 to 7 in 28 days after 9 weeks: 30% fewer, meaningful in chronic migraine
guidance but short of the 50% responder rule: partly responding, in the 30-49% band."""

from datetime import date, timedelta

import pytest

from tests.clinical._outcomes import diary, outcomes
from tests.measures.conftest import start_program

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
WEEK_9 = START + timedelta(weeks=9)


def test_headache_days_10_to_7_is_partly_responding(patient):
    start_program(patient, START)
    diary(patient, START - timedelta(days=28), 28, headache_days=10)
    diary(patient, WEEK_9 - timedelta(days=27), 28, headache_days=7)

    body = outcomes(patient, WEEK_9)

    headache = body["headache_days"]
    assert (headache["baseline_28"], headache["last_28"], headache["change_pct"]) == (10, 7, -30)
    assert (headache["band"], headache["responder"]) == ("30_to_49", False)
    assert body["verdict"] == "partly_responding"
    assert body["evidence_for"] == [headache["reason"]]
    assert "10 to 7" in headache["reason"]


def test_headache_days_10_to_8_is_not_responding(patient):
    """The same course one headache day worse: 20% fewer is under the 30% band."""
    start_program(patient, START)
    diary(patient, START - timedelta(days=28), 28, headache_days=10)
    diary(patient, WEEK_9 - timedelta(days=27), 28, headache_days=8)
    body = outcomes(patient, WEEK_9)
    assert (body["headache_days"]["band"], body["verdict"]) == ("under_30", "not_responding")
