"""A neck-flexor program from week 0 and an aerobic program added in week 7. At week 9 the
first program is judged (9 weeks) while the aerobic one is too early (2 weeks): each
program's clock runs from its own start, against the diary of the 4 weeks before it."""

from datetime import date, timedelta

import pytest

from tests.clinical._outcomes import diary, outcomes
from tests.factories import ExerciseFactory, assign, item, phase, program
from tests.measures.conftest import start_program

pytestmark = pytest.mark.django_db

START = date(2026, 1, 5)
AEROBIC_START = START + timedelta(weeks=7)


def test_an_aerobic_program_added_in_week_7_is_judged_on_its_own_weeks(patient):
    neck = start_program(patient, START)
    aerobic = assign(patient, program(phase(item(ExerciseFactory(kind="aerobic"),
                                                 duration_minutes=30,
                                                 days_of_week=["mon", "wed", "fri"]))),
                     AEROBIC_START)
    diary(patient, START - timedelta(days=28), 28, headache_days=10)
    diary(patient, START, 9 * 7 + 1, headache_days=20)  # about 9 days per 28

    at_week_9 = outcomes(patient, START + timedelta(weeks=9))
    programs = {p["assignment"]: p for p in at_week_9["programs"]}
    assert (programs[neck.pk]["weeks"], programs[aerobic.pk]["weeks"]) == (9, 2)
    assert programs[neck.pk]["verdict"] != "too_early"
    assert programs[aerobic.pk]["verdict"] == "too_early"
    assert programs[aerobic.pk]["reasons"] == [
        "2 of 8 weeks into the program: judge the response after 8 weeks."]
    # The whole course of care is the first program's clock.
    assert (at_week_9["weeks_in_program"], at_week_9["verdict"]) == (
        9, programs[neck.pk]["verdict"])

    at_week_15 = outcomes(patient, AEROBIC_START + timedelta(weeks=8))
    assert {p["assignment"]: p["weeks"] for p in at_week_15["programs"]} == {
        neck.pk: 15, aerobic.pk: 8}
    assert {p["assignment"]: p["verdict"] for p in at_week_15["programs"]}[aerobic.pk] != \
        "too_early"
