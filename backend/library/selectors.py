"""Reads of the exercise library and program templates.

A clinic sees the shared library plus its own templates. When a clinic has its own current
version of a slug (usually a copy it edited), that version stands in for the shared one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, Q, QuerySet

from library.models import Exercise, ProgramTemplate


def _current_visible(*, clinic_id: int | None) -> QuerySet[ProgramTemplate]:
    visible = Q(clinic__isnull=True)
    if clinic_id is not None:
        visible |= Q(clinic_id=clinic_id)
    return (ProgramTemplate.objects.filter(visible, is_current=True)
            .select_related("based_on"))


def template_current_get(*, slug: str, clinic_id: int | None) -> ProgramTemplate:
    """The clinic's own current version of `slug`, else the shared library's current one."""
    template = (
        _current_visible(clinic_id=clinic_id).filter(slug=slug)
        .order_by(F("clinic_id").asc(nulls_last=True))  # own first
        .first()
    )
    if template is None:
        raise ProgramTemplate.DoesNotExist(f"No program template '{slug}'.")
    return template


def template_list(*, clinic_id: int | None) -> list[ProgramTemplate]:
    """Current templates visible to a clinic, one per slug, ordered by name."""
    by_slug: dict[str, ProgramTemplate] = {}
    for template in _current_visible(clinic_id=clinic_id):
        if template.slug not in by_slug or template.clinic_id is not None:
            by_slug[template.slug] = template
    return sorted(by_slug.values(), key=lambda t: (t.name.casefold(), t.slug))


def template_exercises(*, templates: Iterable[ProgramTemplate]) -> dict[str, Exercise]:
    """{slug: exercise} for every exercise the templates' phases name, in one query."""
    slugs = {item["exercise"] for template in templates
             for phase in template.phases for item in phase["items"]}
    if not slugs:
        return {}
    return {e.slug: e for e in Exercise.objects.filter(slug__in=slugs).only("slug", "name",
                                                                              "kind")}


def exercise_list(*, search: str | None = None, region: str | None = None
                  ) -> QuerySet[Exercise]:
    exercises = Exercise.objects.all()
    if search:
        exercises = exercises.filter(
            Q(name__icontains=search) | Q(slug__icontains=search) | Q(region__icontains=search)
        )
    if region:
        exercises = exercises.filter(region__iexact=region)
    return exercises


def exercise_get(*, slug: str) -> Exercise:
    return Exercise.objects.get(slug=slug)
