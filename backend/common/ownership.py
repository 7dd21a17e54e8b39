"""The one rule for objects named in a request: who may see what.

Inside the caller's reach: returned. In another clinic: 404, exactly as a path to it would
answer (including when its id arrives in a request body). Missing, or in the caller's clinic
but not theirs (another patient's assignment): 400 naming the field.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from rest_framework.exceptions import NotFound, ValidationError

M = TypeVar("M", bound=Model)


def resolve_reference(
    *, visible: QuerySet[M], clinic_scope: QuerySet[M], value, field: str, lookup: str = "pk"
) -> M:
    """`visible`: what the caller may use; `clinic_scope`: everything in the caller's clinic."""
    try:
        return visible.get(**{lookup: value})
    except (visible.model.DoesNotExist, ValueError, TypeError):
        pass
    manager = visible.model._default_manager
    try:
        exists_anywhere = manager.filter(**{lookup: value}).exists()
    except (ValueError, TypeError):
        exists_anywhere = False
    if exists_anywhere and not clinic_scope.filter(**{lookup: value}).exists():
        raise NotFound()
    raise ValidationError({field: [f"No such {visible.model._meta.verbose_name} here."]})
