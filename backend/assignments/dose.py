"""The dose of one item: in words, and what a therapist may change of it.

One home for both. `dose_text` is what the patient's Today and the therapist's program page
show ("10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day"); `dose_problems` checks a change
against the limits of `programs/schema/prescription.schema.json` (the same file the loader
validates templates with) and says what is wrong in the therapist's words, per field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from assignments.models import WEEKDAYS

DAY_WORDS = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri",
             "sat": "Sat", "sun": "Sun"}


@dataclass(frozen=True)
class DoseField:
    """A field of the dose a therapist edits: its label, unit and limits (from the schema)."""

    field: str
    label: str
    unit: str | None  # "s", "min", "mmHg"; None for a count
    minimum: int | None = None
    maximum: int | None = None
    kind: str = "integer"  # "integer", "rpe" (Borg 6-20 band), "days"
    clearable: bool = False  # may be emptied (no rest, no pressure target)

    def as_dict(self) -> dict:
        return {"field": self.field, "label": self.label, "unit": self.unit,
                "min": self.minimum, "max": self.maximum, "kind": self.kind,
                "clearable": self.clearable}


# In the order the form shows them; labels are also the words of the error messages.
_FIELDS: tuple[tuple[str, str, str | None, str, bool], ...] = (
    ("sets", "Sets", None, "integer", True),
    ("reps", "Reps", None, "integer", False),
    ("hold_seconds", "Hold", "s", "integer", False),
    ("rest_seconds", "Rest", "s", "integer", True),
    ("duration_minutes", "Minutes", "min", "integer", False),
    ("rpe_target", "Effort (Borg RPE)", None, "rpe", True),
    ("target_mmhg", "Target pressure", "mmHg", "integer", True),
    ("times_per_day", "Times a day", None, "integer", False),
    ("days_of_week", "Days", None, "days", False),
)
# Which fields each kind of exercise has (a field the item already holds is shown too).
_BY_KIND: dict[str, tuple[str, ...]] = {
    "hold": ("sets", "reps", "hold_seconds", "rest_seconds", "times_per_day", "days_of_week"),
    "reps": ("sets", "reps", "rest_seconds", "times_per_day", "days_of_week"),
    "timed": ("duration_minutes", "times_per_day", "days_of_week"),
    "aerobic": ("duration_minutes", "rpe_target", "times_per_day", "days_of_week"),
    "checklist": ("times_per_day", "days_of_week"),
}
EDITABLE = tuple(name for name, *_ in _FIELDS)
SESSION_PARTS = ("warm_up_minutes", "main_minutes", "cool_down_minutes")
_RPE = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")


@lru_cache(maxsize=1)
def _schema_properties() -> dict[str, dict]:
    path = Path(settings.PROGRAMS_DIR) / "schema" / "prescription.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))["properties"]


@lru_cache(maxsize=1)
def dose_fields() -> dict[str, DoseField]:
    props = _schema_properties()
    out = {}
    for name, label, unit, kind, clearable in _FIELDS:
        schema = props.get(name, {})
        out[name] = DoseField(field=name, label=label, unit=unit,
                              minimum=schema.get("minimum"), maximum=schema.get("maximum"),
                              kind=kind, clearable=clearable)
    return out


def fields_for(kind: str, prescription: Mapping[str, Any]) -> list[DoseField]:
    """The fields a therapist edits on an item of this kind, in the form's order."""
    wanted = set(_BY_KIND.get(kind, ())) | {
        name for name in EDITABLE if prescription.get(name) not in (None, [], "")}
    return [field for name, field in dose_fields().items() if name in wanted]


def _days_text(prescription: Mapping[str, Any]) -> str | None:
    days = prescription.get("days_of_week") or []
    if days:
        if len(days) == 7:
            return None
        return ", ".join(DAY_WORDS[d] for d in WEEKDAYS if d in days)
    per_week = prescription.get("days_per_week")
    if per_week:
        return f"{per_week} days a week"
    return None


def dose_text(prescription: Mapping[str, Any], kind: str) -> str:
    """The dose in words: "10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day"."""
    p = prescription
    parts: list[str] = []
    sets, reps = p.get("sets") or 1, p.get("reps")
    if kind == "hold" and p.get("hold_seconds"):
        holds = f"{reps or 1} x {p['hold_seconds']} s hold"
        parts.append(f"{sets} sets of {holds}" if sets > 1 else holds)
    elif reps:
        parts.append(f"{sets} sets of {reps} reps" if sets > 1 else f"{reps} reps")
    if p.get("side") in ("left", "right"):
        parts.append(f"toward the {p['side']}")
    elif p.get("side") == "both" or p.get("per_side"):
        parts.append("each side")
    if p.get("duration_minutes"):
        parts.append(f"{p['duration_minutes']} min")
    if p.get("rpe_target"):
        parts.append(f"effort Borg {p['rpe_target']}")
    if p.get("rest_seconds"):
        parts.append(f"rest {p['rest_seconds']} s")
    if p.get("target_mmhg"):
        parts.append(f"{p['target_mmhg']} mmHg")
    times = p.get("times_per_day") or 1
    parts.append("once a day" if times == 1 else f"{times} times a day")
    days = _days_text(p)
    if days:
        parts.append(days)
    return ", ".join(parts)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def dose_problems(change: Mapping[str, Any], *, kind: str,
                  current: Mapping[str, Any]) -> dict[str, str]:
    """{field: message} for what is wrong with `change` (fields to new values, None to
    clear) applied to an item of `kind` whose dose is `current`."""
    fields = dose_fields()
    required = {"hold": ("reps", "hold_seconds"), "reps": ("reps",),
                "timed": ("duration_minutes",), "aerobic": ("duration_minutes",)}.get(kind, ())
    problems: dict[str, str] = {}
    for name, value in change.items():
        spec = fields.get(name)
        if spec is None:
            known = ", ".join(f.label.lower() for f in fields.values())
            problems[name] = f"This cannot be changed here; change {known}."
            continue
        if value is None:
            if name in required or not spec.clearable:
                problems[name] = f"{spec.label} is needed for this exercise."
            continue
        if spec.kind == "days":
            if (not isinstance(value, list) or not value
                    or any(day not in WEEKDAYS for day in value)
                    or len(set(value)) != len(value)):
                problems[name] = "Choose at least one day of the week, each day once."
            continue
        if spec.kind == "rpe":
            match = _RPE.match(value) if isinstance(value, str) else None
            low, high = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
            if not match or not 6 <= low <= high <= 20:
                problems[name] = ("Effort must be a Borg rating from 6 to 20: one number "
                                  "such as 13, or a band such as 12-13 (lower first).")
            continue
        if not _whole(value) or (spec.minimum is not None and value < spec.minimum) or (
                spec.maximum is not None and value > spec.maximum):
            unit = {"s": " (seconds)", "min": "", "mmHg": " (mmHg)"}.get(spec.unit or "", "")
            problems[name] = (f"{spec.label}{unit} must be a whole number from "
                              f"{spec.minimum} to {spec.maximum}.")
    duration = change.get("duration_minutes")
    if "duration_minutes" not in problems and _whole(duration) and all(
            _whole(current.get(part)) for part in SESSION_PARTS):
        around = current["warm_up_minutes"] + current["cool_down_minutes"]
        if duration <= around:
            problems["duration_minutes"] = (
                f"Minutes must be more than the warm-up and cool-down together "
                f"({around} min).")
    return problems


def with_change(current: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """The dose after `change` (None clears); a session's main part takes up a change of
    its length so that warm-up, main part and cool-down still add up."""
    after = {**current}
    for name, value in change.items():
        if value is None:
            after.pop(name, None)
        else:
            after[name] = value
    duration = change.get("duration_minutes")
    if duration is not None and all(_whole(current.get(part)) for part in SESSION_PARTS):
        after["main_minutes"] = duration - current["warm_up_minutes"] - current["cool_down_minutes"]
    return after


def change_words(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """"hold 10 s → 12 s, days Mon, Wed → every day": what changed, in words."""
    fields = dose_fields()
    words = []
    for name in EDITABLE:
        old, new = before.get(name), after.get(name)
        if name == "times_per_day":
            old, new = old or 1, new or 1
        if old in (None, []) and new in (None, []):
            continue
        if old == new:
            continue
        words.append(f"{fields[name].label.lower()} {_value_words(name, old)} → "
                     f"{_value_words(name, new)}")
    return ", ".join(words)


def _value_words(name: str, value: Any) -> str:
    if value in (None, "", []):
        return "every day" if name == "days_of_week" else "none"
    if name == "days_of_week":
        return ", ".join(DAY_WORDS[d] for d in WEEKDAYS if d in value)
    unit = dose_fields()[name].unit
    return f"{value} {unit}" if unit else str(value)
