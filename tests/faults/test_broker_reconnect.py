"""The guard on kombu's Redis transport (hep/broker_reconnect.py): a channel whose
connection kombu has already cleared raises a connection error, which Celery recovers
from by reconnecting, instead of the AttributeError that stopped the worker."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from kombu import Connection
from kombu.transport import redis as kombu_redis

import hep.celery  # noqa: F401  (installs the guard, as every process does)


def test_a_channel_of_a_cleared_connection_raises_a_connection_error():
    transport = Connection("redis://127.0.0.1:9/0").transport
    cleared = SimpleNamespace(connection=SimpleNamespace(client=None))
    with pytest.raises(transport.connection_errors):  # what kombu ignores while closing
        kombu_redis.Channel._connparams(cleared)
