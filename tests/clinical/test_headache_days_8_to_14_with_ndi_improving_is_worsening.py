"""Headache days rose from 8 to 14 while the NDI improved by 12 points: the patient is
worse. A better neck score never outweighs 75% more headache days (reference §3, 2026-11)."""

from datetime import date, timedelta

import pytest

from tests.clinical._outcomes import diary, ndi, outcomes
from tests.measures.conftest import start_program

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
WEEK_12 = START + timedelta(weeks=12)


def test_headache_days_8_to_14_with_ndi_improving_is_worsening(patient):
    start_program(patient, START)
    diary(patient, START - timedelta(days=28), 28, headache_days=8)
    diary(patient, WEEK_12 - timedelta(days=27), 28, headache_days=14)
    ndi(patient, 24, START)
    ndi(patient, 12, WEEK_12)

    body = outcomes(patient, WEEK_12)

    assert (body["headache_days"]["baseline_28"], body["headache_days"]["last_28"]) == (8, 14)
    assert body["headache_days"]["band"] == "worse"
    assert (body["ndi"]["meaningful"], body["ndi"]["direction"]) == (True, "better")
    assert body["verdict"] == "worsening"
    assert any("8 to 14" in reason for reason in body["reasons"])
    # The NDI improvement is still shown, on the side of the evidence it belongs to.
    assert any(sentence.startswith("NDI improved") for sentence in body["evidence_for"])
    assert any("8 to 14" in sentence for sentence in body["evidence_against"])
