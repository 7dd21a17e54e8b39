"""Scoring questionnaires: pure functions of an instrument's data and a patient's answers.

No Django here, so the arithmetic can be checked against hand-worked examples alone.
Scores are exact fractions until they are stored: a prorated NDI of 18/45 x 50 is 20, not
19.999..., and band edges (NDI 5, HIT-6 50) are compared exactly.

Answers, as the API takes them (`answers` in POST measures):
- `items` instruments: a list with one entry per item, in the file's order. An `options`
  item answered `with: key` takes the option's key ("never"); `with: score` takes the
  option's score (NDI 0-5); an `integer` item takes a whole number (MIDAS days). A skipped
  optional item is null; trailing unscored optional items (MIDAS A, B) may be left out.
- `activities` instruments (PSFS): a list of {"activity": text, "score": whole number}.
Problems are reported by answer path: `answers.3`, `answers.1.score`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeGuard

Problems = dict[str, list[str]]


class AnswersInvalid(ValueError):
    """The answers do not fit the questionnaire; `problems` maps answer paths to messages."""

    def __init__(self, problems: Problems):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in problems.items()))
        self.problems = problems


@dataclass(frozen=True)
class Scored:
    score: Fraction
    band: str  # "" for an instrument without bands (PSFS)
    answers: list  # as stored: activity names trimmed
    details: dict[str, Any] = field(default_factory=dict)

    def rounded(self) -> Decimal:
        return to_decimal(self.score)


def to_decimal(value: Fraction, places: int = 2) -> Decimal:
    with localcontext() as context:
        context.prec = 28
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _is_whole(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def scored_items(items: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [item for item in items if item.get("scored", True)]


def _item_maximum(item: Mapping[str, Any]) -> int:
    response = item["response"]
    if response["type"] == "options":
        return max(option["score"] for option in response["options"])
    return response["max"]


def _answer_value(item: Mapping[str, Any], answer: Any) -> int:
    """The item's score for one answer; raises ValueError with the patient-facing message."""
    response = item["response"]
    if response["type"] == "integer":
        if not _is_whole(answer) or not response["min"] <= answer <= response["max"]:
            raise ValueError(f"A whole number from {response['min']} to {response['max']}.")
        return answer
    options = response["options"]
    if response["answer_with"] == "key":
        by_key = {option["key"]: option["score"] for option in options}
        if not isinstance(answer, str) or answer not in by_key:
            raise ValueError(f"Choose one of: {', '.join(by_key)}.")
        return by_key[answer]
    scores = [option["score"] for option in options]
    if not _is_whole(answer) or answer not in scores:
        raise ValueError(f"Choose one of: {', '.join(str(s) for s in scores)}.")
    return answer


def _answer_count_problem(items: Sequence[Mapping[str, Any]], answers: Any) -> str | None:
    if not isinstance(answers, list):
        return f"A list with one answer per question ({len(items)}), in order."
    # Only trailing questions that are both optional and unscored may be left out.
    fewest = len(items)
    while fewest and items[fewest - 1].get("optional") and not items[fewest - 1].get(
            "scored", True):
        fewest -= 1
    if not fewest <= len(answers) <= len(items):
        expected = str(len(items)) if fewest == len(items) else f"{fewest} to {len(items)}"
        return f"Expected {expected} answers, one per question in order; got {len(answers)}."
    return None


def item_answers(document: Mapping[str, Any], answers: Any
                 ) -> tuple[list[int | None], list[int], dict[str, int | None]]:
    """(scored values, their maxima, unscored answers by key); a skipped item is None."""
    items = document["items"]
    count_problem = _answer_count_problem(items, answers)
    if count_problem:
        raise AnswersInvalid({"answers": [count_problem]})
    problems: Problems = {}
    values: list[int | None] = []
    maxima: list[int] = []
    unscored: dict[str, int | None] = {}
    for index, item in enumerate(items):
        answer = answers[index] if index < len(answers) else None
        value: int | None = None
        if answer is None:
            if not item.get("optional"):
                problems[f"answers.{index}"] = ["This question needs an answer."]
        else:
            try:
                value = _answer_value(item, answer)
            except ValueError as problem:
                problems[f"answers.{index}"] = [str(problem)]
        if item.get("scored", True):
            values.append(value)
            maxima.append(_item_maximum(item))
        elif value is not None:
            unscored[item["key"]] = value
    if problems:
        raise AnswersInvalid(problems)
    return values, maxima, unscored


def activity_answers(spec: Mapping[str, Any], answers: Any) -> tuple[list[int], list[dict]]:
    """(scores, answers as stored) for a patient-specific list of {activity, score}."""
    low, high = spec["min_count"], spec["max_count"]
    if not isinstance(answers, list) or not low <= len(answers) <= high:
        raise AnswersInvalid({"answers": [
            f"Name {low} to {high} activities, each as {{\"activity\": ..., \"score\": ...}}."]})
    problems: Problems = {}
    scores: list[int] = []
    stored: list[dict] = []
    seen: set[str] = set()
    for index, answer in enumerate(answers):
        path = f"answers.{index}"
        if not isinstance(answer, dict):
            problems[path] = ['An object: {"activity": ..., "score": ...}.']
            continue
        unknown = sorted(set(answer) - {"activity", "score"})
        if unknown:
            problems[path] = [f"Unknown field(s): {', '.join(map(str, unknown))}."]
        activity = answer.get("activity")
        name = activity.strip() if isinstance(activity, str) else ""
        if not name or len(name) > spec["activity_max_length"]:
            problems[f"{path}.activity"] = [
                f"Name the activity in 1 to {spec['activity_max_length']} characters."]
        elif name.casefold() in seen:
            problems[f"{path}.activity"] = ["This activity is already in the list."]
        seen.add(name.casefold())
        score = answer.get("score")
        if not _is_whole(score) or not spec["min_score"] <= score <= spec["max_score"]:
            problems[f"{path}.score"] = [
                f"A whole number from {spec['min_score']} to {spec['max_score']}."]
        else:
            scores.append(score)
        stored.append({"activity": name, "score": score})
    if problems:
        raise AnswersInvalid(problems)
    return scores, stored


# --- Scoring methods: the names instrument files give in `scoring.method` ----------------

def score_sum(values: list[int | None], maxima: list[int], *, max_missing: int | None
              ) -> tuple[Fraction, dict]:
    """Total of the scored items (HIT-6, MIDAS); every scored item is answered."""
    return Fraction(sum(v for v in values if v is not None)), {}


def score_sum_prorated(values: list[int | None], maxima: list[int], *, max_missing: int | None
                       ) -> tuple[Fraction, dict]:
    """Total scaled to the full form when items are skipped (NDI): the answered items'
    total / their possible total x the form's possible total (18 of 45 -> 20 of 50)."""
    answered = [(v, m) for v, m in zip(values, maxima, strict=True) if v is not None]
    missing = len(values) - len(answered)
    allowed = max_missing or 0
    if missing > allowed:
        raise AnswersInvalid({"answers": [
            f"{missing} questions are unanswered; at most {allowed} may be skipped."]})
    total, possible = sum(v for v, _ in answered), sum(m for _, m in answered)
    score = Fraction(total * sum(maxima), possible) if possible else Fraction(0)
    return score, {"answered": len(answered), "prorated": missing > 0}


def score_mean(values: list[int | None], maxima: list[int], *, max_missing: int | None
               ) -> tuple[Fraction, dict]:
    """Average of the ratings (PSFS)."""
    rated = [v for v in values if v is not None]
    return Fraction(sum(rated), len(rated)), {"activities": len(rated)}


ScoringMethod = Callable[..., tuple[Fraction, dict]]
SCORING_METHODS: dict[str, ScoringMethod] = {
    "sum": score_sum,
    "sum_prorated": score_sum_prorated,
    "mean": score_mean,
}


def band_for(score: Fraction, bands: Sequence[Mapping[str, Any]]) -> str:
    """The last band whose lower bound the score has reached ("" without bands)."""
    key = ""
    for band in bands:
        if score >= Fraction(band["min"]):
            key = band["key"]
    return key


def score_answers(*, document: Mapping[str, Any], answers: Any,
                  max_missing: int | None = None) -> Scored:
    """Score one completed questionnaire. `max_missing` overrides the file's (a clinic's
    setting); raises AnswersInvalid naming each offending answer."""
    scoring = document["scoring"]
    if max_missing is None:
        max_missing = scoring.get("max_missing")
    unscored: dict[str, int | None] = {}
    if "activities" in document:
        scores, stored = activity_answers(document["activities"], answers)
        values: list[int | None] = list(scores)
        maxima = [document["activities"]["max_score"]] * len(scores)
    else:
        values, maxima, unscored = item_answers(document, answers)
        stored = list(answers)
    score, details = SCORING_METHODS[scoring["method"]](values, maxima, max_missing=max_missing)
    if "items" in document:
        skipped = [item["key"] for item, value in zip(scored_items(document["items"]), values,
                                                      strict=True) if value is None]
        if skipped:
            details["skipped"] = skipped
    if unscored:
        details["unscored"] = unscored
    if scoring.get("report_percent"):
        details["percent"] = float(to_decimal(score / Fraction(scoring["range"]["max"]) * 100))
    return Scored(score=score, band=band_for(score, document["bands"]), answers=stored,
                  details=details)
