"""A worker that lost Redis must reconnect, not exit.

kombu's Redis transport (5.7.0 and before) dies with `AttributeError: 'NoneType' object has
no attribute 'hostname'` when the broker goes away while the worker holds unacknowledged
messages (CELERY_TASK_ACKS_LATE): closing the dead connection closes its channel, which
tries to put those messages back in Redis through a transport whose client kombu has
already cleared. An AttributeError is not a connection error, so Celery treats it as
unrecoverable and the worker stops for good (2 of 3 outages in the chaos test). The same
hole shows as kombu issue 582 and its successors.

Here that moment raises what it is, a connection error, which kombu ignores while closing
and Celery answers by reconnecting. The messages it could not put back are not lost work:
the worker's claims and the sweeps (progression.tasks.sweep_pending, the reminders tick)
redo whatever was not finished. Remove this when kombu guards `_connparams` itself
(tests/faults/test_broker_outage.py shows whether the worker still dies without it).
"""

from __future__ import annotations

from typing import Any

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError

_connparams = kombu_redis.Channel._connparams


def _connparams_of_an_open_connection(self: Any, asynchronous: bool = False) -> dict:
    if self.connection.client is None:
        raise RedisConnectionError("The broker connection was closed (kombu cleared it).")
    return _connparams(self, asynchronous=asynchronous)


def install() -> None:
    if getattr(kombu_redis.Channel._connparams, "_hep_guarded", False):
        return
    _connparams_of_an_open_connection._hep_guarded = True  # type: ignore[attr-defined]
    kombu_redis.Channel._connparams = _connparams_of_an_open_connection  # type: ignore[method-assign]
