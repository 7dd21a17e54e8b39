"""Is the program working? The arithmetic behind `GET .../outcomes`, as plain functions.

Directions matter: lower is better on HIT-6, NDI and MIDAS, higher on PSFS version 1 and
lower on PSFS 2.0. A change is `meaningful` when it reaches the instrument's threshold in
either direction; `direction` says whether it went the better or the worse way, and only a
meaningful change the better way counts towards `responding`.

Headache days come from monitoring (the diary), where a day without any entry is unknown,
never headache-free. So a patient who stopped logging is not a responder: the responder
rule holds only if the drop is big enough even when every unknown day of the last 28 is
counted as a headache day; if only the recorded days meet it, `responder` is null.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from measures.instruments import InstrumentDefinition
from measures.thresholds import InstrumentThresholds, OutcomeThresholds

WINDOW_DAYS = 28  # monitoring's headache_days_last_28 and its 4-week baseline


@dataclass(frozen=True)
class Taken:
    """One stored measure, as the summary needs it."""

    score: Decimal
    band: str
    taken_at: datetime
    local_date: date
    version: int


def number(value: Decimal) -> str:
    """64.00 -> "64", 18.90 -> "18.9": how a score reads in a sentence."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _direction(change: Decimal, better: str) -> str:
    if change == 0:
        return "same"
    return "better" if (change < 0) == (better == "lower") else "worse"


def instrument_change(*, instrument: InstrumentDefinition, thresholds: InstrumentThresholds,
                      measures: Sequence[Taken]) -> dict[str, Any]:
    """First and latest measure of the latest measure's version, and what the change means.

    `measures` are oldest first. Versions are never mixed: PSFS 2.0 runs the other way.
    """
    section: dict[str, Any] = {
        "first": None, "latest": None, "change": None, "meaningful": None, "direction": None,
        "count": 0, "version": None, "better": None, "first_band": None, "latest_band": None,
        "first_taken_at": None, "latest_taken_at": None,
        "threshold": thresholds.meaningful_change, "unit": thresholds.unit,
    }
    if not measures:
        return section
    latest = measures[-1]
    comparable = [m for m in measures if m.version == latest.version]
    first = comparable[0]
    better = instrument.better(latest.version)
    section.update(first=first.score, latest=latest.score, count=len(comparable),
                   version=latest.version, better=better, first_band=first.band or None,
                   latest_band=latest.band or None, first_taken_at=first.taken_at,
                   latest_taken_at=latest.taken_at)
    if len(comparable) < 2:
        return section
    change = latest.score - first.score
    section.update(change=change, direction=_direction(change, better))
    if thresholds.unit == "bands":
        first_rank, latest_rank = (instrument.band_rank(first.band),
                                   instrument.band_rank(latest.band))
        if first_rank is not None and latest_rank is not None:
            section["band_change"] = latest_rank - first_rank
            section["meaningful"] = abs(latest_rank - first_rank) >= thresholds.meaningful_change
    else:
        section["meaningful"] = abs(change) >= thresholds.meaningful_change
    return section


def change_sentence(name: str, section: dict[str, Any]) -> str:
    if section["count"] == 0:
        return f"{name} has not been measured yet."
    if section["change"] is None:
        return f"{name} has been measured once ({number(section['first'])}); a second " \
               f"measure shows the change."
    first, latest = number(section["first"]), number(section["latest"])
    needed = number(section["threshold"])
    unit = "band" if section["unit"] == "bands" else "point"
    needed_text = f"{needed} {unit}{'' if needed == '1' else 's'}"
    if section["meaningful"] and section["direction"] == "better":
        return f"{name} improved from {first} to {latest}, at least the {needed_text} " \
               f"that count as a meaningful change."
    if section["meaningful"]:
        return f"{name} worsened from {first} to {latest}, by at least {needed_text}."
    return f"{name} went from {first} to {latest}, less than the {needed_text} that count " \
           f"as a meaningful change."


def headache_response(*, baseline: int | None, last_28: int, days_recorded: int,
                      responder_drop_pct: int) -> dict[str, Any]:
    """`headache_days` of the summary, with the sentence explaining `responder`."""
    unknown = max(WINDOW_DAYS - days_recorded, 0)
    section: dict[str, Any] = {
        "baseline_28": baseline, "last_28": last_28, "change_pct": None, "responder": None,
        "days_recorded_last_28": days_recorded, "unknown_days_last_28": unknown,
        "responder_threshold_pct": responder_drop_pct,
    }
    if baseline is None:
        section["reason"] = ("Headache days have no baseline: none was recorded at intake "
                             "or in the diary of the 4 weeks before the program.")
        return section
    if baseline == 0:
        section["reason"] = ("The baseline has no headache days, so the responder rule "
                             "cannot measure a drop.")
        return section
    change_pct = int((Decimal(last_28 - baseline) * 100 / baseline)
                     .quantize(Decimal(1), rounding=ROUND_HALF_UP))
    section["change_pct"] = change_pct
    change_text = (f"{-change_pct}% fewer" if change_pct < 0 else
                   f"{change_pct}% more" if change_pct > 0 else "no change")
    target = Fraction(baseline * (100 - responder_drop_pct), 100)
    moved = f"Headache days went from {baseline} to {last_28} in the last 28 days ({change_text})"
    if last_28 + unknown <= target:
        section["responder"] = True
        even = (f", even counting the {unknown} days without a diary entry as headache days"
                if unknown else "")
        section["reason"] = f"{moved}{even}: at least the {responder_drop_pct}% responder " \
                            f"threshold."
    elif last_28 <= target:
        section["reason"] = (
            f"{moved} on the days recorded, but {unknown} of the last 28 days have no diary "
            f"entry; unknown days are never counted as headache-free, and counted as "
            f"headache days the drop is short of the {responder_drop_pct}% responder "
            f"threshold.")
    else:
        section["responder"] = False
        section["reason"] = f"{moved}: short of the {responder_drop_pct}% responder threshold."
    return section


def verdict_for(*, weeks_in_program: int | None, thresholds: OutcomeThresholds,
                headache_days: dict[str, Any], measures: dict[str, dict[str, Any]]
                ) -> tuple[str, list[str]]:
    """(`too_early` | `responding` | `not_responding`, readable reasons).

    `measures`: the sections whose meaningful improvement makes a responder (HIT-6, NDI),
    by the name a sentence uses.
    """
    if weeks_in_program is None:
        return "too_early", ["No program has started yet."]
    if weeks_in_program < thresholds.too_early_weeks:
        return "too_early", [
            f"{weeks_in_program} of {thresholds.too_early_weeks} weeks into the program: "
            f"judge the response after {thresholds.too_early_weeks} weeks."]
    supporting = [headache_days["reason"]] if headache_days["responder"] else []
    supporting += [change_sentence(name, section) for name, section in measures.items()
                   if section["meaningful"] and section["direction"] == "better"]
    if supporting:
        return "responding", supporting
    return "not_responding", [headache_days["reason"],
                              *(change_sentence(name, s) for name, s in measures.items())]
