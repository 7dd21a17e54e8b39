"""The one rule for objects a request names by id or slug (the contract's Errors section).

Named in the PATH, an object the caller may not reach answers 404, exactly like a missing
one: each app's `<noun>_get` selector looks it up only among what the caller may see.

Named in the request BODY, it answers 400 on that field, exactly like a missing one:
`resolve_reference` below. Another clinic's object, a clinic-mate's (another patient's
assignment) and one that never existed get the same answer, so no answer tells another
clinic's objects from missing ones.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from rest_framework.exceptions import ValidationError

M = TypeVar("M", bound=Model)


def resolve_reference(*, visible: QuerySet[M], value: Any, field: str, lookup: str = "pk",
                      missing: str | None = None) -> M:
    """The object `value` names among `visible` (what the caller may use), or 400 on
    `field` with `missing` (default: "No such <model> here.")."""
    try:
        return visible.get(**{lookup: value})
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist among them
        message = missing or f"No such {visible.model._meta.verbose_name} here."
        raise ValidationError({field: [message]}) from None
