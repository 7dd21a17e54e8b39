"""Scoring against hand-worked examples, extremes and band edges, for every instrument."""

from decimal import Decimal
from fractions import Fraction

import pytest

from measures.scoring import AnswersInvalid, score_answers
from tests.measures.conftest import ALL_ALWAYS, ALL_NEVER

H = {"never": 6, "rarely": 8, "sometimes": 10, "very_often": 11, "always": 13}


def score(shipped, slug, answers, **kwargs):
    return score_answers(document=shipped[slug], answers=answers, **kwargs)


def problems(shipped, slug, answers, **kwargs) -> dict:
    with pytest.raises(AnswersInvalid) as caught:
        score(shipped, slug, answers, **kwargs)
    return caught.value.problems


# --- HIT-6 ------------------------------------------------------------------------------------

def test_hit6_extremes_are_36_and_78(shipped):
    lowest, highest = score(shipped, "hit6", ALL_NEVER), score(shipped, "hit6", ALL_ALWAYS)
    assert (lowest.score, lowest.band) == (36, "little_or_none")
    assert (highest.score, highest.band) == (78, "severe")


@pytest.mark.parametrize(("answers", "total", "band"), [
    (["never", "never", "never", "rarely", "sometimes", "always"], 49, "little_or_none"),
    (["never", "never", "never", "sometimes", "very_often", "very_often"], 50, "some"),
    (["never", "never", "sometimes", "sometimes", "sometimes", "always"], 55, "some"),
    (["never", "rarely", "sometimes", "sometimes", "very_often", "very_often"], 56,
     "substantial"),
    (["never", "rarely", "sometimes", "very_often", "very_often", "always"], 59, "substantial"),
    (["rarely", "rarely", "sometimes", "sometimes", "very_often", "always"], 60, "severe"),
])
def test_hit6_band_edges(shipped, answers, total, band):
    assert sum(H[a] for a in answers) == total  # the example is worked by hand
    scored = score(shipped, "hit6", answers)
    assert (scored.score, scored.band) == (total, band)


def test_hit6_answers_are_option_keys_and_a_bad_one_is_named_by_position(shipped):
    found = problems(shipped, "hit6", ["never", "never", "never", "often", 10, None])
    assert set(found) == {"answers.3", "answers.4", "answers.5"}
    assert "never, rarely, sometimes, very_often, always" in found["answers.3"][0]
    assert found["answers.5"] == ["This question needs an answer."]


@pytest.mark.parametrize("answers", [ALL_NEVER[:5], ALL_NEVER + ["never"], "never", None, {}])
def test_hit6_needs_exactly_six_answers_in_a_list(shipped, answers):
    assert list(problems(shipped, "hit6", answers)) == ["answers"]


# --- NDI --------------------------------------------------------------------------------------

def test_ndi_extremes_are_0_and_50_and_report_a_percentage(shipped):
    lowest, highest = score(shipped, "ndi", [0] * 10), score(shipped, "ndi", [5] * 10)
    assert (lowest.score, lowest.band, lowest.details["percent"]) == (0, "none", 0.0)
    assert (highest.score, highest.band, highest.details["percent"]) == (50, "complete", 100.0)
    assert lowest.details["prorated"] is False


@pytest.mark.parametrize(("total", "band"), [
    (4, "none"), (5, "mild"), (14, "mild"), (15, "moderate"), (24, "moderate"),
    (25, "severe"), (34, "severe"), (35, "complete"),
])
def test_ndi_band_edges(shipped, total, band):
    answers = [5] * (total // 5) + [total % 5] + [0] * (9 - total // 5)
    assert sum(answers) == total and len(answers) == 10
    scored = score(shipped, "ndi", answers)
    assert (scored.score, scored.band) == (total, band)


def test_ndi_one_skipped_section_is_prorated_9_answered_totalling_18_scores_20(shipped):
    answers = [2, 2, 2, 2, 2, 2, 2, None, 2, 2]  # driving skipped
    scored = score(shipped, "ndi", answers)
    assert scored.score == 20  # 18 / (9 x 5) x 50
    assert scored.band == "moderate"
    assert scored.details == {"answered": 9, "prorated": True, "skipped": ["driving"],
                              "percent": 40.0}


def test_ndi_proration_is_exact_and_stored_to_two_places(shipped):
    # 4 of 45 -> 4.444...: below the mild band's 5, still "none".
    scored = score(shipped, "ndi", [1, 1, 1, 1, 0, 0, 0, None, 0, 0])
    assert scored.score == Fraction(40, 9)
    assert (scored.rounded(), scored.band) == (Decimal("4.44"), "none")
    # 5 of 45 -> 5.56: mild.
    assert score(shipped, "ndi", [1, 1, 1, 1, 1, 0, 0, None, 0, 0]).band == "mild"


def test_ndi_two_skipped_sections_are_prorated(shipped):
    scored = score(shipped, "ndi", [2, 2, 2, 2, 2, 2, None, None, 2, 2])
    assert scored.score == 20  # 16 / 40 x 50
    assert scored.details["skipped"] == ["work", "driving"]


def test_ndi_more_than_two_skipped_sections_is_refused(shipped):
    found = problems(shipped, "ndi", [2, 2, 2, 2, 2, None, None, None, 2, 2])
    assert found == {"answers": ["3 questions are unanswered; at most 2 may be skipped."]}
    assert problems(shipped, "ndi", [None] * 10)["answers"]


def test_ndi_a_clinic_may_allow_only_one_skipped_section(shipped):
    found = problems(shipped, "ndi", [2, 2, 2, 2, 2, 2, None, None, 2, 2], max_missing=1)
    assert found == {"answers": ["2 questions are unanswered; at most 1 may be skipped."]}


@pytest.mark.parametrize("bad", [6, -1, 2.5, True, "2"])
def test_ndi_answers_are_whole_numbers_0_to_5(shipped, bad):
    answers = [0] * 10
    answers[3] = bad
    assert problems(shipped, "ndi", answers) == {
        "answers.3": ["Choose one of: 0, 1, 2, 3, 4, 5."]}


def test_ndi_needs_all_ten_positions_even_when_skipping(shipped):
    assert list(problems(shipped, "ndi", [0] * 9)) == ["answers"]


# --- MIDAS ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("answers", "total", "grade"), [
    ([0, 0, 0, 0, 0], 0, "grade_1"),
    ([1, 1, 1, 1, 1], 5, "grade_1"),
    ([2, 1, 1, 1, 1], 6, "grade_2"),
    ([2, 2, 2, 2, 2], 10, "grade_2"),
    ([3, 2, 2, 2, 2], 11, "grade_3"),
    ([4, 4, 4, 4, 4], 20, "grade_3"),
    ([5, 4, 4, 4, 4], 21, "grade_4"),
    ([90, 90, 90, 90, 90], 450, "grade_4"),
])
def test_midas_sums_questions_1_to_5_and_grades_at_5_6_10_11_20_21(
        shipped, answers, total, grade):
    scored = score(shipped, "midas", answers)
    assert (scored.score, scored.band) == (total, grade)


def test_midas_questions_a_and_b_are_optional_and_not_scored(shipped):
    with_both = score(shipped, "midas", [1, 2, 3, 4, 5, 30, 7])
    assert with_both.score == 15
    assert with_both.details["unscored"] == {"headache_days": 30, "average_pain": 7}
    assert score(shipped, "midas", [1, 2, 3, 4, 5, 30]).score == 15
    assert score(shipped, "midas", [1, 2, 3, 4, 5, None, 7]).score == 15
    assert "unscored" not in score(shipped, "midas", [1, 2, 3, 4, 5]).details


def test_midas_days_are_0_to_90_and_pain_0_to_10(shipped):
    found = problems(shipped, "midas", [0, 0, 91, -1, None, 91, 11])
    assert found == {
        "answers.2": ["A whole number from 0 to 90."],
        "answers.3": ["A whole number from 0 to 90."],
        "answers.4": ["This question needs an answer."],
        "answers.5": ["A whole number from 0 to 90."],
        "answers.6": ["A whole number from 0 to 10."],
    }
    assert list(problems(shipped, "midas", [0, 0, 0, 0])) == ["answers"]
    assert list(problems(shipped, "midas", [0] * 8)) == ["answers"]


# --- PSFS -------------------------------------------------------------------------------------

def activities(*scores):
    return [{"activity": f"activity {i}", "score": s} for i, s in enumerate(scores)]


def test_psfs_is_the_mean_of_three_activities(shipped):
    scored = score(shipped, "psfs", activities(4, 5, 6))
    assert (scored.score, scored.band) == (5, "")
    assert scored.details == {"activities": 3}


def test_psfs_is_the_mean_of_five_activities(shipped):
    assert score(shipped, "psfs", activities(1, 2, 3, 4, 5)).score == 3
    thirds = score(shipped, "psfs", activities(0, 0, 1))
    assert (thirds.score, thirds.rounded()) == (Fraction(1, 3), Decimal("0.33"))


def test_psfs_bounds_0_and_10(shipped):
    assert score(shipped, "psfs", activities(0, 0, 0)).score == 0
    assert score(shipped, "psfs", activities(10, 10, 10, 10, 10)).score == 10


def test_psfs_stores_the_activities_trimmed(shipped):
    answers = [{"activity": "  turning my head to reverse the car ", "score": 4},
               {"activity": "reading", "score": 6}, {"activity": "lifting", "score": 5}]
    assert score(shipped, "psfs", answers).answers[0] == {
        "activity": "turning my head to reverse the car", "score": 4}


@pytest.mark.parametrize("count", [2, 6])
def test_psfs_takes_3_to_5_activities(shipped, count):
    assert list(problems(shipped, "psfs", activities(*[5] * count))) == ["answers"]


def test_psfs_names_each_bad_activity_and_score(shipped):
    found = problems(shipped, "psfs", [
        {"activity": " ", "score": 4},
        {"activity": "reading", "score": 11},
        {"activity": "Reading", "score": 3},
        {"activity": "driving", "score": 2, "note": "x"},
        "walking",
    ])
    assert set(found) == {"answers.0.activity", "answers.1.score", "answers.2.activity",
                          "answers.3", "answers.4"}
    assert found["answers.1.score"] == ["A whole number from 0 to 10."]
    assert found["answers.2.activity"] == ["This activity is already in the list."]
