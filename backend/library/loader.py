"""Read the program files in PROGRAMS_DIR, validate them and load them into the library.

Loading is idempotent: each exercise and template carries the hash of its content, so an
unchanged file writes nothing. An edited exercise is updated in place (logs and assignment
items point at it by id). An edited template becomes a new version; the old row stays,
no longer current, because assignments made from it must keep the dose they were given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import Max

from library.models import Exercise, Medication, ProgramTemplate
from library.validation import (
    TEMPLATE_FIELDS,
    content_hash,
    exercise_problems,
    medication_problems,
    template_problems,
)


class ProgramsInvalid(Exception):
    """The program files have problems; each line names the file and the field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ProgramFile:
    label: str  # "programs/templates/x.yaml": what a clinician sees in an error
    document: dict[str, Any]


@dataclass(frozen=True)
class ProgramLibrary:
    exercises: dict[str, ProgramFile]
    templates: dict[str, ProgramFile]
    medications: dict[str, ProgramFile] = field(default_factory=dict)  # by group (file)


@dataclass
class LoadSummary:
    exercises_created: list[str] = field(default_factory=list)
    exercises_updated: list[str] = field(default_factory=list)
    exercises_unchanged: int = 0
    templates_created: list[str] = field(default_factory=list)
    templates_new_version: list[str] = field(default_factory=list)  # "slug v2"
    templates_unchanged: int = 0
    medications_changed: list[str] = field(default_factory=list)
    medications_unchanged: int = 0
    # Rows whose file is gone: left as they are, since assignments and logs point at them.
    not_in_files: list[str] = field(default_factory=list)

    def describe(self) -> str:
        lines = [
            f"Exercises: {len(self.exercises_created)} created, "
            f"{len(self.exercises_updated)} updated, {self.exercises_unchanged} unchanged.",
            f"Templates: {len(self.templates_created)} created, "
            f"{len(self.templates_new_version)} new versions, "
            f"{self.templates_unchanged} unchanged.",
            f"Medications: {len(self.medications_changed)} created or updated, "
            f"{self.medications_unchanged} unchanged.",
        ]
        changed = (self.exercises_created + self.exercises_updated + self.templates_created
                   + self.templates_new_version)
        if changed:
            lines.append("Changed: " + ", ".join(changed) + ".")
        if self.not_in_files:
            lines.append("In the database but no longer in the files (left as they are): "
                         + ", ".join(self.not_in_files) + ".")
        return "\n".join(lines)


class _UniqueKeyLoader(yaml.SafeLoader):
    """Refuses a key given twice: YAML would silently keep the last one, so a clinician who
    typed `reps:` twice would ship a dose they never saw."""


def _construct_unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode,
                              deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"'{key}' is given twice", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                 _construct_unique_mapping)


def _read_yaml(path: Path, label: str, problems: list[str]) -> dict[str, Any] | None:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problems.append(f"{label}: {where}{exc.problem}")
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.append(f"{label}: not readable as YAML ({exc})")
        return None
    if not isinstance(document, dict):
        problems.append(f"{label}: must be a mapping of fields (slug, name, ...)")
        return None
    return document


def _read_folder(programs_dir: Path, folder: str, problems: list[str]) -> list[ProgramFile]:
    directory = programs_dir / folder
    if not directory.is_dir():
        problems.append(f"{programs_dir.name}/{folder}: folder not found")
        return []
    files = []
    for path in sorted(directory.iterdir()):
        label = f"{programs_dir.name}/{folder}/{path.name}"
        if path.suffix == ".yml":
            problems.append(f"{label}: name the file .yaml, or it is not loaded")
            continue
        if path.suffix != ".yaml":
            continue
        document = _read_yaml(path, label, problems)
        if document is None:
            continue
        if document.get("slug") != path.stem:
            problems.append(f"{label}: slug: {document.get('slug')!r} must match the file "
                            f"name '{path.stem}'")
            continue
        files.append(ProgramFile(label=label, document=document))
    return files


def programs_read(*, programs_dir: Path | None = None) -> ProgramLibrary:
    """Read and validate every file; raise ProgramsInvalid listing all problems found."""
    programs_dir = Path(programs_dir or settings.PROGRAMS_DIR)
    problems: list[str] = []
    exercise_files = _read_folder(programs_dir, "exercises", problems)
    template_files = _read_folder(programs_dir, "templates", problems)

    exercise_kinds: dict[str, str | None] = {}
    for exercise_file in exercise_files:
        found = exercise_problems(document=exercise_file.document, programs_dir=programs_dir)
        problems += [f"{exercise_file.label}: {problem.slashed()}" for problem in found]
        # An invalid exercise is still known by slug, so its templates are not also blamed.
        exercise_kinds[exercise_file.document["slug"]] = (
            None if found else exercise_file.document["kind"])

    for template_file in template_files:
        found = template_problems(document=template_file.document,
                                  exercise_kinds=exercise_kinds, programs_dir=programs_dir)
        problems += [f"{template_file.label}: {problem.slashed()}" for problem in found]

    medication_files = _read_folder(programs_dir, "medications", problems)
    listed_in: dict[str, str] = {}  # medication slug -> the file that lists it
    for medication_file in medication_files:
        found = medication_problems(document=medication_file.document,
                                    programs_dir=programs_dir)
        problems += [f"{medication_file.label}: {problem.slashed()}" for problem in found]
        if found:
            continue
        for index, medication in enumerate(medication_file.document["medications"]):
            earlier = listed_in.setdefault(medication["slug"], medication_file.label)
            if earlier != medication_file.label:
                problems.append(f"{medication_file.label}: medications/{index}/slug: "
                                f"'{medication['slug']}' is already listed in {earlier}")

    if problems:
        raise ProgramsInvalid(problems)
    return ProgramLibrary(
        exercises={f.document["slug"]: f for f in exercise_files},
        templates={f.document["slug"]: f for f in template_files},
        medications={f.document["slug"]: f for f in medication_files},
    )


def _load_exercises(files: dict[str, ProgramFile], summary: LoadSummary) -> None:
    existing = {e.slug: e for e in Exercise.objects.filter(slug__in=files)}
    for slug, program_file in files.items():
        # A field dropped from the file is cleared, not left as it was.
        fields = {"expected_discomfort_max": None, "demonstration": None,
                  "rates_dizziness": False,
                  **{k: v for k, v in program_file.document.items() if k != "slug"}}
        digest = content_hash(program_file.document)
        exercise = existing.get(slug)
        if exercise is None:
            Exercise.objects.create(slug=slug, content_hash=digest, **fields)
            summary.exercises_created.append(slug)
        elif exercise.content_hash != digest:
            for name, value in fields.items():
                setattr(exercise, name, value)
            exercise.content_hash = digest
            exercise.save()
            summary.exercises_updated.append(slug)
        else:
            summary.exercises_unchanged += 1


def _load_templates(files: dict[str, ProgramFile], summary: LoadSummary) -> None:
    shared = ProgramTemplate.objects.filter(clinic=None, slug__in=files)
    current = {t.slug: t for t in shared.filter(is_current=True).select_for_update()}
    for slug, program_file in files.items():
        digest = content_hash({k: program_file.document[k] for k in TEMPLATE_FIELDS})
        template = current.get(slug)
        if template is not None and template.content_hash == digest:
            summary.templates_unchanged += 1
            continue
        if template is not None:
            template.is_current = False
            template.save(update_fields=["is_current"])
        # Counted over every row, not the current one: a version number is never reused.
        latest = shared.filter(slug=slug).aggregate(latest=Max("version"))["latest"] or 0
        created = ProgramTemplate.objects.create(
            clinic=None, version=latest + 1, is_current=True, content_hash=digest,
            **{k: program_file.document[k] for k in TEMPLATE_FIELDS},
        )
        if latest:
            summary.templates_new_version.append(f"{slug} v{created.version}")
        else:
            summary.templates_created.append(slug)


def _load_medications(files: dict[str, ProgramFile], summary: LoadSummary) -> None:
    """Updated in place: diary entries point at a medication by id and keep the class
    they were counted under (logs.HeadacheMedication.drug_class)."""
    existing = {m.slug: m for m in Medication.objects.all()}
    for group, program_file in files.items():
        document = program_file.document
        limit = document["overuse_limit"]
        for medication in document["medications"]:
            fields = {"name": medication["name"], "drug_class": document["class"],
                      "group": group, "also_known_as": medication.get("also_known_as", []),
                      "overuse_days_per_month": limit["days_per_month"],
                      "overuse_months": limit["months"], "ichd3": limit["ichd3"]}
            digest = content_hash(fields)
            row = existing.get(medication["slug"])
            if row is None:
                Medication.objects.create(slug=medication["slug"], content_hash=digest,
                                          **fields)
            elif row.content_hash != digest:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.content_hash = digest
                row.save()
            else:
                summary.medications_unchanged += 1
                continue
            summary.medications_changed.append(medication["slug"])


def programs_load(*, programs_dir: Path | None = None) -> LoadSummary:
    """Validate everything first, then write it all or nothing."""
    library = programs_read(programs_dir=programs_dir)
    summary = LoadSummary()
    with transaction.atomic():
        _load_exercises(library.exercises, summary)
        _load_templates(library.templates, summary)
        _load_medications(library.medications, summary)
    listed = {m["slug"] for f in library.medications.values()
              for m in f.document["medications"]}
    summary.not_in_files = sorted(
        [*Exercise.objects.exclude(slug__in=library.exercises).values_list("slug", flat=True),
         *ProgramTemplate.objects.filter(clinic=None, is_current=True)
         .exclude(slug__in=library.templates).values_list("slug", flat=True),
         *Medication.objects.exclude(slug__in=listed).values_list("slug", flat=True)]
    )
    return summary
