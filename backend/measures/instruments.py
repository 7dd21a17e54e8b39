"""The questionnaires as data: read programs/instruments/<slug>.yaml, validate, serve them.

Each file is checked against programs/schema/instrument.schema.json and then against the
rules a schema cannot state (the bands cover the score range, the range is what the items
add up to, ...). A problem is reported as `programs/instruments/ndi.yaml: bands/1/min: ...`,
the same shape `load_programs` uses, so a clinician reads both the same way. The files are
read once per process; `manage.py check` (measures.checks) reads them at start-up so a bad
edit stops a deploy instead of the first patient who opens a questionnaire.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

# The library's reader refuses duplicate keys and names the line; its validator knows every
# schema in programs/schema/ (instrument.schema.json included) and counts 10.0 as no integer.
from library.loader import _read_yaml
from library.validation import Problem, _schema_problems
from measures.models import Instrument
from measures.scoring import SCORING_METHODS, scored_items

FOLDER = "instruments"


class InstrumentsInvalid(Exception):
    """The instrument files have problems; each line names the file and the field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class InstrumentDefinition:
    slug: str
    document: Mapping[str, Any]

    @property
    def short_name(self) -> str:
        return self.document["short_name"]

    @property
    def default_version(self) -> int:
        return self.document["default_version"]

    @property
    def versions(self) -> list[int]:
        return [v["version"] for v in self.document["versions"]]

    def better(self, version: int) -> str:
        """"lower" or "higher": which way an improvement goes in this version."""
        return next(v["better"] for v in self.document["versions"] if v["version"] == version)

    @property
    def bands(self) -> list[Mapping[str, Any]]:
        return self.document["bands"]

    def band_label(self, key: str) -> str | None:
        return next((b["label"] for b in self.bands if b["key"] == key), None)

    def band_rank(self, key: str) -> int | None:
        """0 for the lowest band; None for a key the file no longer has."""
        return next((i for i, b in enumerate(self.bands) if b["key"] == key), None)


def _range_problems(document: Mapping[str, Any]) -> list[Problem]:
    """The declared range must be what the answers can add up to, or bands would lie."""
    low, high = document["scoring"]["range"]["min"], document["scoring"]["range"]["max"]
    if "activities" in document:
        spec = document["activities"]
        reachable = (spec["min_score"], spec["max_score"])
    else:
        lows, highs = [], []
        for item in scored_items(document["items"]):
            response = item["response"]
            if response["type"] == "options":
                scores = [option["score"] for option in response["options"]]
                lows.append(min(scores))
                highs.append(max(scores))
            else:
                lows.append(response["min"])
                highs.append(response["max"])
        reachable = (sum(lows), sum(highs))
    if (low, high) != reachable:
        return [Problem(("scoring", "range"), f"the answers score {reachable[0]} to "
                                              f"{reachable[1]}, not {low} to {high}")]
    return []


def _item_problems(document: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    method = document["scoring"]["method"]
    seen: set[str] = set()
    for index, item in enumerate(document["items"]):
        path: tuple[str | int, ...] = ("items", index)
        if item["key"] in seen:
            problems.append(Problem(path + ("key",), f"'{item['key']}' is already an item key"))
        seen.add(item["key"])
        response = item["response"]
        if response["type"] == "integer" and response["min"] > response["max"]:
            problems.append(Problem(path + ("response",), "min is above max"))
        if response["type"] == "options":
            field = response["answer_with"]
            values = [option.get(field) for option in response["options"]]
            if None in values:
                problems.append(Problem(path + ("response", "options"),
                                        f"every option needs a '{field}' (answer_with)"))
            elif len(set(values)) != len(values):
                problems.append(Problem(path + ("response", "options"),
                                        f"two options share a {field}"))
        if item.get("optional") and item.get("scored", True) and method != "sum_prorated":
            # A skipped item would count as its lowest score: only proration handles it.
            problems.append(Problem(path + ("optional",),
                                    f"a scored item can be skipped only with sum_prorated, "
                                    f"not {method}"))
    scored = scored_items(document["items"])
    if not scored:
        problems.append(Problem(("items",), "no item is scored"))
    max_missing = document["scoring"].get("max_missing")
    if max_missing is not None and max_missing >= len(scored):
        problems.append(Problem(("scoring", "max_missing"),
                                f"must be below the {len(scored)} scored items"))
    return problems


def _band_problems(document: Mapping[str, Any]) -> list[Problem]:
    bands = document["bands"]
    low, high = document["scoring"]["range"]["min"], document["scoring"]["range"]["max"]
    problems: list[Problem] = []
    if bands and bands[0]["min"] != low:
        problems.append(Problem(("bands", 0, "min"), f"the first band must start at {low}"))
    for index, band in enumerate(bands[1:], start=1):
        if band["min"] <= bands[index - 1]["min"]:
            problems.append(Problem(("bands", index, "min"), "bands must go up in order"))
        if band["min"] > high:
            problems.append(Problem(("bands", index, "min"), f"above the maximum {high}"))
    keys = [band["key"] for band in bands]
    if len(set(keys)) != len(keys):
        problems.append(Problem(("bands",), "two bands share a key"))
    change = document["meaningful_change"]
    if change["unit"] == "bands" and change["amount"] > max(len(bands) - 1, 0):
        problems.append(Problem(("meaningful_change", "amount"),
                                f"more band steps than the {len(bands)} bands allow"))
    if change["unit"] == "points" and change["amount"] > high - low:
        problems.append(Problem(("meaningful_change", "amount"), "larger than the score range"))
    return problems


def instrument_problems(*, document: Any, programs_dir: Path | None = None) -> list[Problem]:
    problems = _schema_problems("instrument", document, programs_dir)
    if problems:
        return problems
    if ("items" in document) == ("activities" in document):
        return [Problem((), "give either `items` (fixed questions) or `activities` "
                            "(activities the patient names), not both or neither")]
    method = document["scoring"]["method"]
    if method not in SCORING_METHODS:  # the schema's enum and the code must agree
        return [Problem(("scoring", "method"), f"no scoring function for '{method}'")]
    wants_activities = method == "mean"
    if wants_activities != ("activities" in document):
        return [Problem(("scoring", "method"),
                        f"'{method}' scores {'activities' if wants_activities else 'items'}")]
    versions = [v["version"] for v in document["versions"]]
    if len(set(versions)) != len(versions):
        problems.append(Problem(("versions",), "a version is listed twice"))
    if document["default_version"] not in versions:
        problems.append(Problem(("default_version",), "not one of the versions listed"))
    if "activities" in document:
        spec = document["activities"]
        if spec["min_count"] > spec["max_count"]:
            problems.append(Problem(("activities", "min_count"), "above max_count"))
        if spec["min_score"] >= spec["max_score"]:
            problems.append(Problem(("activities", "min_score"), "must be below max_score"))
    else:
        problems += _item_problems(document)
    if problems:
        return problems
    return _range_problems(document) + _band_problems(document)


def instruments_read(*, programs_dir: Path | None = None) -> dict[str, InstrumentDefinition]:
    """Read and validate every instrument file; raise InstrumentsInvalid listing all problems."""
    programs_dir = Path(programs_dir or settings.PROGRAMS_DIR)
    directory = programs_dir / FOLDER
    problems: list[str] = []
    found: dict[str, InstrumentDefinition] = {}
    for slug in Instrument.values:
        path = directory / f"{slug}.yaml"
        label = f"{programs_dir.name}/{FOLDER}/{path.name}"
        if not path.is_file():
            problems.append(f"{label}: file not found")
            continue
        document = _read_yaml(path, label, problems)
        if document is None:
            continue
        if document.get("slug") != slug:
            problems.append(f"{label}: slug: {document.get('slug')!r} must match the file "
                            f"name '{slug}'")
            continue
        file_problems = instrument_problems(document=document, programs_dir=programs_dir)
        problems += [f"{label}: {problem.slashed()}" for problem in file_problems]
        if not file_problems:
            found[slug] = InstrumentDefinition(slug=slug, document=document)
    if directory.is_dir():
        for path in sorted(directory.iterdir()):
            label = f"{programs_dir.name}/{FOLDER}/{path.name}"
            if path.suffix == ".yml":
                problems.append(f"{label}: name the file .yaml, or it is not read")
            elif path.suffix == ".yaml" and path.stem not in Instrument.values:
                problems.append(f"{label}: not an instrument the app scores "
                                f"({', '.join(Instrument.values)})")
    if problems:
        raise InstrumentsInvalid(problems)
    return found


@lru_cache(maxsize=4)
def _instruments_in(programs_dir: str) -> dict[str, InstrumentDefinition]:
    return instruments_read(programs_dir=Path(programs_dir))


def instruments() -> dict[str, InstrumentDefinition]:
    """Every instrument by slug, read once per PROGRAMS_DIR (a failed read is not cached)."""
    return _instruments_in(str(Path(settings.PROGRAMS_DIR).resolve()))


def instrument_get(*, slug: str) -> InstrumentDefinition:
    return instruments()[slug]
