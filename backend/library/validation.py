"""Checks shared by the program loader and the template API.

The JSON Schemas in `programs/schema/` say what a file may contain; the rules here are the
ones a schema cannot express (an item names a known exercise, a hold has a hold time, the
phases fit in the program's weeks). Both the loader and the API report the same problems,
each with the path of the offending field.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator, validators
from jsonschema.protocols import Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from library.models import ProgramTemplate

# The fields a template document holds, in the file and in a row: the content hash covers
# exactly these, so a file and the row loaded from it hash the same.
TEMPLATE_FIELDS = ("slug", "name", "summary", "weeks", "evidence", "sources", "disclaimer",
                   "phases")

# Without these a patient's "today" could not say how much to do.
DOSE_KEYS_BY_KIND: dict[str, tuple[str, ...]] = {
    "hold": ("reps", "hold_seconds"),
    "reps": ("reps",),
    "timed": ("duration_minutes",),
    "aerobic": ("duration_minutes",),
    "checklist": (),
}
SESSION_PARTS = ("warm_up_minutes", "main_minutes", "cool_down_minutes")

# JSON Schema counts 10.0 as an integer; the scheduler stores whole numbers, so refuse it.
_StrictValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)
    ),
)


@dataclass(frozen=True)
class Problem:
    path: tuple[str | int, ...]
    message: str

    def slashed(self) -> str:
        """`phases/0/items/1/prescription/reps: ...`, as the loader prints it."""
        where = "/".join(str(part) for part in self.path)
        return f"{where}: {self.message}" if where else self.message

    def dotted_path(self) -> str:
        """`phases.0.items.1.prescription.reps`, the API's field name."""
        return ".".join(str(part) for part in self.path)


def content_hash(document: Mapping[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def template_document(template: ProgramTemplate) -> dict[str, Any]:
    return {field: getattr(template, field) for field in TEMPLATE_FIELDS}


@lru_cache(maxsize=8)
def _validators(schema_dir: str) -> dict[str, Validator]:
    """{"exercise": validator, "template": validator} from `<schema_dir>/*.schema.json`."""
    schemas: dict[str, dict] = {}
    for path in sorted(Path(schema_dir).glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        # A `$ref` into a schema that names its dialect would switch back to the stock
        # validator (and its lax integers), so the dialect is given here instead.
        schema.pop("$schema", None)
        schemas[path.name.removesuffix(".schema.json")] = schema
    registry = Registry().with_resources(
        (schema["$id"], DRAFT202012.create_resource(schema))
        for schema in schemas.values()
    )
    return {name: _StrictValidator(schema, registry=registry) for name, schema in schemas.items()}


def _schema_problems(name: str, document: Any, programs_dir: Path | None) -> list[Problem]:
    schema_dir = Path(programs_dir or settings.PROGRAMS_DIR) / "schema"
    validator = _validators(str(schema_dir.resolve()))[name]
    return [Problem(tuple(error.absolute_path), error.message)
            for error in validator.iter_errors(document)]


def _dose_problems(prescription: Mapping[str, Any], kind: str,
                   path: tuple[str | int, ...]) -> list[Problem]:
    problems = [Problem(path, f"'{key}' is a required property for a '{kind}' exercise")
                for key in DOSE_KEYS_BY_KIND[kind] if key not in prescription]
    given = [prescription.get(part) for part in SESSION_PARTS]
    duration = prescription.get("duration_minutes")
    parts = [part for part in given if isinstance(part, int)]
    if duration is not None and len(parts) == len(given):
        if sum(parts) != duration:
            problems.append(Problem(
                path + ("duration_minutes",),
                f"warm-up, main part and cool-down add up to {sum(parts)} minutes, "
                f"not {duration}",
            ))
    return problems


def exercise_problems(*, document: Any, programs_dir: Path | None = None) -> list[Problem]:
    problems = _schema_problems("exercise", document, programs_dir)
    if problems:
        return problems
    return _dose_problems(document["default_prescription"], document["kind"],
                          ("default_prescription",))


def template_problems(
    *, document: Any, exercise_kinds: Mapping[str, str | None], programs_dir: Path | None = None
) -> list[Problem]:
    """`exercise_kinds` maps each known exercise slug to its kind (None: kind unknown)."""
    problems = _schema_problems("template", document, programs_dir)
    if problems:
        return problems
    for phase_index, phase in enumerate(document["phases"]):
        seen: set[str] = set()
        for item_index, item in enumerate(phase["items"]):
            path = ("phases", phase_index, "items", item_index)
            slug = item["exercise"]
            if slug not in exercise_kinds:
                problems.append(Problem(path + ("exercise",), f"unknown exercise '{slug}'"))
                continue
            if slug in seen:
                # Overrides and logs name an exercise by slug: twice in a phase is ambiguous.
                problems.append(Problem(path + ("exercise",),
                                        f"'{slug}' is already an item of this phase"))
            seen.add(slug)
            kind = exercise_kinds[slug]
            if kind in DOSE_KEYS_BY_KIND:
                problems += _dose_problems(item["prescription"], kind, path + ("prescription",))
    problems += _progression_problems(document["phases"])
    minimum_days = sum(phase["min_days"] for phase in document["phases"])
    if minimum_days > document["weeks"] * 7:
        problems.append(Problem(
            ("weeks",),
            f"the phases' min_days add up to {minimum_days} days, more than "
            f"{document['weeks']} weeks",
        ))
    return problems


def _progression_problems(phases: list[dict[str, Any]]) -> list[Problem]:
    """What the schema cannot say about a phase's `progression` rule."""
    problems = []
    for phase_index, phase in enumerate(phases):
        rule = phase.get("progression") or {}
        path: tuple[str | int, ...] = ("phases", phase_index, "progression")
        in_phase = {item["exercise"] for item in phase["items"]}
        for key_index, slug in enumerate(rule.get("key_exercises", [])):
            if slug not in in_phase:
                problems.append(Problem(path + ("key_exercises", key_index),
                                        f"'{slug}' is not an item of this phase"))
        if "advance" in rule and phase_index == len(phases) - 1:
            problems.append(Problem(path + ("advance",),
                                    "the last phase has no phase to advance to"))
    return problems


def medication_problems(*, document: Any, programs_dir: Path | None = None) -> list[Problem]:
    """A file of `programs/medications/` (schema/medication.schema.json); slugs unique
    across files are checked by the loader, which sees them all."""
    problems = _schema_problems("medication", document, programs_dir)
    if problems:
        return problems
    seen: set[str] = set()
    for index, medication in enumerate(document["medications"]):
        if medication["slug"] in seen:
            problems.append(Problem(("medications", index, "slug"),
                                    f"'{medication['slug']}' is already listed in this file"))
        seen.add(medication["slug"])
    return problems


def progression_settings_problems(*, document: Any,
                                  programs_dir: Path | None = None) -> list[Problem]:
    """Thresholds a clinic or an assignment sets (programs/schema/progression.schema.json)."""
    return _schema_problems("progression", document, programs_dir)
