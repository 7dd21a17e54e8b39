"""Is the program working? The arithmetic behind `GET .../outcomes`, as plain functions.

Directions matter: lower is better on HIT-6, NDI and MIDAS, higher on PSFS version 1 and
lower on PSFS 2.0. A change is `meaningful` when it reaches the instrument's threshold in
either direction (never below its minimal detectable change; MIDAS's threshold depends on
the first score); `direction` says whether it went the better or the worse way.

The verdict (`verdict_for`, shared clinical reference §3, 2026-11 correction): `worsening`
when headache days rose by OUTCOMES_WORSENING_RISE_PCT or more, or HIT-6, NDI, MIDAS or
PSFS worsened meaningfully; `responding` when they fell by the responder threshold and
nothing worsened; `partly_responding` when they fell by OUTCOMES_PARTLY_DROP_PCT up to the
responder threshold, or did not rise while an instrument improved meaningfully;
`not_responding` otherwise; `too_early` before `too_early_weeks` of the program judged.

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
    needed = thresholds.needed_from(first.score)
    section["threshold"] = needed
    if thresholds.unit == "bands":
        first_rank, latest_rank = (instrument.band_rank(first.band),
                                   instrument.band_rank(latest.band))
        if first_rank is not None and latest_rank is not None:
            section["band_change"] = latest_rank - first_rank
            section["meaningful"] = abs(latest_rank - first_rank) >= thresholds.meaningful_change
    else:
        section["meaningful"] = abs(change) >= needed
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


BANDS = ((75, "75_plus"), (50, "50_to_74"), (30, "30_to_49"))  # §3: report bands


def band_of(*, rise_pct: int, drop_pct: int) -> str:
    """`worse` when headache days rose at all; otherwise the band of the drop."""
    if rise_pct > 0:
        return "worse"
    return next((name for floor, name in BANDS if drop_pct >= floor), "under_30")


def _pct(part: int, whole: int) -> int:
    return int((Decimal(part) * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def headache_response(*, baseline: int | None, last_28: int, days_recorded: int,
                      responder_drop_pct: int, baseline_source: str | None = None,
                      baseline_days_recorded: int = 0, min_recorded_days: int = 0
                      ) -> dict[str, Any]:
    """`headache_days` of the summary, with the sentence explaining `responder`.

    A rise is measured on the days recorded (unknown days could only add to it); a drop and
    its `band` count every unknown day of the last 28 as a headache day, so a patient who
    stopped logging never looks better than the diary shows (`drop_pct`).
    """
    unknown = max(WINDOW_DAYS - days_recorded, 0)
    recalled = baseline_source == "intake"
    section: dict[str, Any] = {
        "baseline_28": baseline, "last_28": last_28, "change_pct": None, "responder": None,
        "days_recorded_last_28": days_recorded, "unknown_days_last_28": unknown,
        "responder_threshold_pct": responder_drop_pct, "band": None, "drop_pct": None,
        "baseline_source": baseline_source, "baseline_recalled": recalled,
    }
    if baseline is None:
        short = (f" The diary of the 4 weeks before the program has {baseline_days_recorded} "
                 f"of the {min_recorded_days} days a baseline needs."
                 if baseline_days_recorded and min_recorded_days else "")
        section["reason"] = ("Headache days have no baseline: none was recorded at intake "
                             "or in the diary of the 4 weeks before the program." + short)
        return section
    if baseline == 0:
        section["reason"] = ("The baseline has no headache days, so the responder rule "
                             "cannot measure a drop.")
        return section
    change_pct = _pct(last_28 - baseline, baseline)
    drop_pct = max(_pct(baseline - min(last_28 + unknown, baseline), baseline), 0)
    section.update(change_pct=change_pct, drop_pct=drop_pct,
                   band=band_of(rise_pct=change_pct, drop_pct=drop_pct))
    change_text = (f"{-change_pct}% fewer" if change_pct < 0 else
                   f"{change_pct}% more" if change_pct > 0 else "no change")
    target = Fraction(baseline * (100 - responder_drop_pct), 100)
    source = " (the figure recalled at intake)" if recalled else ""
    moved = (f"Headache days went from {baseline}{source} to {last_28} in the last 28 days "
             f"({change_text})")
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


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reasons: list[str]
    evidence_for: list[str]
    evidence_against: list[str]


def verdict_for(*, weeks_in_program: int | None, thresholds: OutcomeThresholds,
                headache_days: dict[str, Any], measures: dict[str, dict[str, Any]]
                ) -> Verdict:
    """The verdict and its readable evidence; rules in the module's docstring.

    `measures`: HIT-6, NDI, MIDAS and PSFS sections by the name a sentence uses.
    """
    improved = [change_sentence(name, section) for name, section in measures.items()
                if section["meaningful"] and section["direction"] == "better"]
    worsened = [change_sentence(name, section) for name, section in measures.items()
                if section["meaningful"] and section["direction"] == "worse"]
    small = [change_sentence(name, section) for name, section in measures.items()
             if section["change"] is not None and not section["meaningful"]]
    change_pct, drop_pct = headache_days["change_pct"], headache_days["drop_pct"]
    fewer = change_pct is not None and drop_pct is not None and drop_pct >= \
        thresholds.partly_drop_pct
    rose = change_pct is not None and change_pct > 0
    evidence_for = [*([headache_days["reason"]] if fewer else []), *improved]
    evidence_against = [*([headache_days["reason"]] if change_pct is None or not fewer
                          else []), *worsened, *small]
    if headache_days["baseline_recalled"] and change_pct is not None:
        evidence_against.append(
            "The headache-day baseline is the patient's recollection at intake, not a diary: "
            "recalled figures are less reliable.")

    if weeks_in_program is None:
        return Verdict("too_early", ["No program has started yet."], evidence_for,
                       evidence_against)
    if weeks_in_program < thresholds.too_early_weeks:
        return Verdict("too_early", [
            f"{weeks_in_program} of {thresholds.too_early_weeks} weeks into the program: "
            f"judge the response after {thresholds.too_early_weeks} weeks."],
            evidence_for, evidence_against)
    if (change_pct is not None and change_pct >= thresholds.worsening_rise_pct) or worsened:
        headache = ([headache_days["reason"]] if change_pct is not None
                    and change_pct >= thresholds.worsening_rise_pct else [])
        return Verdict("worsening", [*headache, *worsened], evidence_for, evidence_against)
    if drop_pct is not None and headache_days["responder"]:
        return Verdict("responding", [headache_days["reason"], *improved], evidence_for,
                       evidence_against)
    if fewer or (improved and change_pct is not None and not rose):
        return Verdict("partly_responding", evidence_for, evidence_for, evidence_against)
    return Verdict("not_responding", [headache_days["reason"],
                                      *(change_sentence(name, s) for name, s in measures.items())],
                   evidence_for, evidence_against)
