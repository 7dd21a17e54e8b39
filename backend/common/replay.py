"""Replay-safe writes from an offline phone: one mechanism for every log and measure.

The phone makes a UUID (`client_id`) for each record and may send it any number of times
(its outbox retries until it sees a 2xx). A unique constraint on (owner, client_id)
decides, not a look-up first, so two copies racing in are still stored once: the second
insert fails and answers with the first record. A resend whose body no longer validates
(the phone's copy of the form aged past a rule change) still finds the record it stored
the first time, instead of an error the phone would keep retrying.

Models using it have a `client_id` UUID field and a unique constraint on it with their
owner field (`patient`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def create_once(model: type[M], *, client_id: uuid.UUID, owner: Mapping[str, Any],
                create: Callable[[], M]) -> tuple[M, bool]:
    """(record, created). `create` writes the record (and whatever goes with it) and is
    run in a savepoint: when another request stored this `client_id` first, everything it
    wrote is undone and the first record answers."""
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        # The base manager: a record the owner since deleted (soft) still answers a resend.
        first = model._base_manager.filter(client_id=client_id, **owner).first()
        if first is None:  # the conflict was another constraint: a real error
            raise
        return first, False


def earlier_copy(rows: QuerySet[M], *, body: Any, owner: Mapping[str, Any]) -> M | None:
    """The record among `rows` that a resend stored the first time, found by the body's
    `client_id` alone (the rest of the body may no longer validate); None when none."""
    raw = body.get("client_id") if isinstance(body, Mapping) else None
    try:
        client_id = uuid.UUID(str(raw))
    except (ValueError, TypeError):
        return None
    return rows.filter(client_id=client_id, **owner).first()
