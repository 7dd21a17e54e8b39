"""The numbers a clinic may change: file defaults, overridden per clinic.

Instrument thresholds come from the instrument file and may be overridden in
`Clinic.settings["measures"][<slug>]`:
    {"meaningful_change": 7, "meaningful_change_pct": 30, "remeasure_days": 28,
     "max_missing": 1, "scheduled": false}
A clinic may not go below the instrument's minimal detectable change (`minimum_detectable`
in the file): a smaller change is measurement error, so it is never called meaningful.
The outcome verdict's numbers come from settings (OUTCOMES_*) and may be overridden in
`Clinic.settings["outcomes"]`: {"responder_drop_pct": 30, "too_early_weeks": 12,
"partly_drop_pct": 30, "worsening_rise_pct": 30}.

Clinic settings are free JSON edited by an administrator, so an unusable value (a string,
a negative interval) is ignored with a warning rather than breaking every patient's page.
"""

from __future__ import annotations

import logging
import math
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings

from accounts.models import Clinic
from measures.instruments import InstrumentDefinition

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InstrumentThresholds:
    meaningful_change: Decimal  # in `unit`
    unit: str  # "points" or "bands"
    remeasure_days: int
    max_missing: int | None  # instruments scored with sum_prorated only
    scheduled: bool  # False: the clinic does not use it, so it is never due
    # From a first score above `relative_above`, `relative_pct`% of it (MIDAS above 20).
    relative_above: Decimal | None = None
    relative_pct: Decimal | None = None
    minimum_detectable: Decimal | None = None  # no change below it is ever meaningful

    def needed_from(self, first: Decimal | None) -> Decimal:
        """The change that counts as meaningful from a first score of `first`."""
        needed = self.meaningful_change
        if (self.relative_above is not None and self.relative_pct is not None
                and first is not None and first > self.relative_above):
            needed = first * self.relative_pct / 100
        if self.minimum_detectable is not None:
            needed = max(needed, self.minimum_detectable)
        return needed


@dataclass(frozen=True)
class OutcomeThresholds:
    responder_drop_pct: int
    too_early_weeks: int
    partly_drop_pct: int = 30
    worsening_rise_pct: int = 30


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


# While a clinic admin's proposed settings are checked: the values that would be ignored.
_rejected: ContextVar[list[str] | None] = ContextVar("rejected", default=None)


def _override(overrides: Any, key: str, default, *, accept, where: str):
    if not isinstance(overrides, dict) or key not in overrides:
        return default
    value = overrides[key]
    if accept(value):
        return value
    rejected = _rejected.get()
    if rejected is not None:
        rejected.append(f"{where}.{key}")
    logger.warning("Ignoring clinic setting %s.%s=%r: not a usable value.", where, key, value)
    return default


def _clinic_section(clinic: Clinic | None, name: str) -> Any:
    data = clinic.settings if clinic is not None and isinstance(clinic.settings, dict) else {}
    return data.get(name)


def instrument_thresholds(*, instrument: InstrumentDefinition,
                          clinic: Clinic | None) -> InstrumentThresholds:
    document = instrument.document
    section = _clinic_section(clinic, "measures")
    overrides = section.get(instrument.slug) if isinstance(section, dict) else None
    where = f"measures.{instrument.slug}"
    range_ = document["scoring"]["range"]
    change = _override(overrides, "meaningful_change", document["meaningful_change"]["amount"],
                       accept=lambda v: _number(v) and 0 < v <= range_["max"] - range_["min"],
                       where=where)
    max_missing = document["scoring"].get("max_missing")
    if max_missing is not None:
        item_count = sum(1 for item in document["items"] if item.get("scored", True))
        max_missing = _override(overrides, "max_missing", max_missing,
                                accept=lambda v: _number(v) and v == int(v)
                                and 0 <= v < item_count, where=where)
    relative = document["meaningful_change"].get("relative_above")
    relative_pct = None if relative is None else _override(
        overrides, "meaningful_change_pct", relative["pct"],
        accept=lambda v: _number(v) and 0 < v <= 100, where=where)
    floor = document["meaningful_change"].get("minimum_detectable")
    if floor is not None and change < floor:
        logger.info("Clinic setting %s.meaningful_change=%r is below the minimal detectable "
                    "change %r: using %r.", where, change, floor, floor)
        change = floor
    return InstrumentThresholds(
        meaningful_change=Decimal(str(change)),
        relative_above=None if relative is None else Decimal(str(relative["baseline"])),
        relative_pct=None if relative_pct is None else Decimal(str(relative_pct)),
        minimum_detectable=None if floor is None else Decimal(str(floor)),
        unit=document["meaningful_change"]["unit"],
        remeasure_days=int(_override(overrides, "remeasure_days", document["remeasure_days"],
                                     accept=lambda v: _number(v) and v == int(v)
                                     and 1 <= v <= 366, where=where)),
        max_missing=None if max_missing is None else int(max_missing),
        scheduled=_override(overrides, "scheduled", True,
                            accept=lambda v: isinstance(v, bool), where=where),
    )


def outcome_thresholds(*, clinic: Clinic | None) -> OutcomeThresholds:
    overrides = _clinic_section(clinic, "outcomes")
    return OutcomeThresholds(
        responder_drop_pct=int(_override(
            overrides, "responder_drop_pct", settings.OUTCOMES_RESPONDER_DROP_PCT,
            accept=lambda v: _number(v) and v == int(v) and 1 <= v <= 100, where="outcomes")),
        too_early_weeks=int(_override(
            overrides, "too_early_weeks", settings.OUTCOMES_TOO_EARLY_WEEKS,
            accept=lambda v: _number(v) and v == int(v) and 0 <= v <= 104, where="outcomes")),
        partly_drop_pct=int(_override(
            overrides, "partly_drop_pct", settings.OUTCOMES_PARTLY_DROP_PCT,
            accept=lambda v: _number(v) and v == int(v) and 1 <= v <= 100, where="outcomes")),
        worsening_rise_pct=int(_override(
            overrides, "worsening_rise_pct", settings.OUTCOMES_WORSENING_RISE_PCT,
            accept=lambda v: _number(v) and v == int(v) and 1 <= v <= 1000, where="outcomes")),
    )


def clinic_section_problems(name: str, value: Any) -> list[str]:
    """What in a proposed `measures` or `outcomes` block of a clinic's settings the
    thresholds above would ignore: the same acceptance rules, asked before it is stored."""
    from measures.instruments import instruments

    if not isinstance(value, dict):
        return ["Give these numbers as a group of named values."]
    proposed = Clinic(settings={name: value})
    rejected: list[str] = []
    token = _rejected.set(rejected)
    try:
        if name == "outcomes":
            outcome_thresholds(clinic=proposed)
        else:
            known = instruments()
            for slug in value:
                if slug not in known:
                    rejected.append(f"{slug}.")
                    continue
                instrument_thresholds(instrument=known[slug], clinic=proposed)
    finally:
        _rejected.reset(token)
    return [_in_words(where) for where in rejected]


_WORDS = {
    "responder_drop_pct": "the fall in headache days that counts as responding (a percentage)",
    "too_early_weeks": "the weeks before a verdict",
    "meaningful_change": "the meaningful change",
    "remeasure_days": "the days between measurements",
    "max_missing": "the number of unanswered items allowed",
    "scheduled": "whether it is scheduled (on or off)",
}


def _in_words(where: str) -> str:
    section, _, key = where.rpartition(".")
    if not key:
        return f"There is no questionnaire called {section!r}."
    what = _WORDS.get(key, key.replace("_", " "))
    if section in ("outcomes", ""):
        return f"This is not a usable value for {what}."
    return f"{section.removeprefix('measures.').upper()}: not a usable value for {what}."
