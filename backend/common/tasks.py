"""Sending Celery tasks after a write commits, without letting the broker fail the write.

Work that must follow a write is recorded in the database in the write's own transaction
(a pending row the worker deletes when done, swept every minute by beat). The message sent
after the commit only makes it happen sooner: when the broker is unreachable the write has
still succeeded, so the request must not fail, and the sweep does the work once the broker
is back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)


def send_after_commit(send: Callable[[], object], *, what: str) -> None:
    """Call `send` (a `.delay(...)`) once the current transaction commits; at once outside
    of one. A broker that cannot be reached is logged, never raised: `what` says which
    pending work the sweep will pick up instead."""

    def attempt() -> None:
        try:
            send()
        except BrokerUnreachable as unreachable:
            logger.warning("Broker unreachable, %s left to the sweep: %s", what, unreachable)
        except Exception:
            # Anything else (a transport bug, a half-closed socket) is as much after the
            # commit: the write stands, so it is logged with its traceback, never raised.
            logger.exception("Sending %s after the commit failed; left to the sweep", what)

    transaction.on_commit(attempt)
