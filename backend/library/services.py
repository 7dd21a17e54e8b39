"""Writes to clinic-owned program templates: copy one, edit it as a new version.

The shared library changes only through the program files (`load_programs`). A clinic that
wants a different dose copies a template and edits the copy; every edit is a new version,
because assignments keep pointing at the version they were made from.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from accounts.models import Clinic
from library.models import Exercise, ProgramTemplate
from library.validation import content_hash, template_document, template_problems

EDITABLE_FIELDS = ("name", "summary", "weeks", "phases", "evidence", "sources", "disclaimer")


def _named_exercises(phases: Any) -> set[str]:
    """Exercise slugs named in not-yet-validated phases (anything odd is left to the schema)."""
    slugs: set[str] = set()
    for phase in phases if isinstance(phases, list) else []:
        items = phase.get("items") if isinstance(phase, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("exercise"), str):
                slugs.add(item["exercise"])
    return slugs


def _raise_if_invalid(document: dict[str, Any]) -> None:
    kinds = dict(Exercise.objects.filter(slug__in=_named_exercises(document.get("phases")))
                 .values_list("slug", "kind"))
    problems = template_problems(document=document, exercise_kinds=kinds)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.dotted_path() or "non_field_errors", []).append(
                problem.message)
        raise ValidationError(errors)


@transaction.atomic
def template_copy(
    *, template: ProgramTemplate, clinic: Clinic, slug: str | None = None,
    name: str | None = None,
) -> ProgramTemplate:
    """The clinic's own version 1 of `template`. Keeping the slug makes the copy stand in
    for the shared template wherever the clinic names that slug."""
    slug = slug or template.slug
    if ProgramTemplate.objects.filter(clinic=clinic, slug=slug).exists():
        raise ValidationError({"slug": [
            f"Your clinic already has a program template '{slug}'; choose another slug."]})
    document = {**template_document(template), "slug": slug, "name": name or template.name}
    _raise_if_invalid(document)
    try:
        with transaction.atomic():
            return ProgramTemplate.objects.create(
                clinic=clinic, version=1, is_current=True, based_on=template,
                content_hash=content_hash(document), **document,
            )
    except IntegrityError:  # a second copy under the same slug won the race
        raise ValidationError({"slug": [
            f"Your clinic already has a program template '{slug}'; choose another slug."]}
        ) from None


@transaction.atomic
def template_update(*, template: ProgramTemplate, **fields: Any) -> ProgramTemplate:
    """A new current version of a clinic's template with `fields` changed.

    Never edits in place. Unchanged content gives back the current version.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"template_update() cannot change {', '.join(sorted(unknown))}")
    if template.clinic_id is None:
        raise ValidationError("The shared library changes only through the program files; "
                              "copy the template to your clinic to edit it.")
    # Locked so that two edits at once cannot both become version n+1.
    current = ProgramTemplate.objects.select_for_update().get(pk=template.pk)
    if not current.is_current:
        raise ValidationError({"version": [
            f"Version {current.version} is no longer current; edit the current version."]})
    document = {**template_document(current), **fields}
    _raise_if_invalid(document)
    digest = content_hash(document)
    if digest == current.content_hash:
        return current
    current.is_current = False
    current.save(update_fields=["is_current"])
    latest = (ProgramTemplate.objects.filter(clinic=current.clinic_id, slug=current.slug)
              .aggregate(latest=Max("version"))["latest"])
    return ProgramTemplate.objects.create(
        clinic_id=current.clinic_id, version=latest + 1, is_current=True,
        based_on=current.based_on, content_hash=digest, **document,
    )
