"""Real concurrency for race tests: each call runs on its own thread, with its own database
connection, and all are released at once by a barrier.

Races need PostgreSQL (row locks, concurrent writers; SQLite serialises every write), so a
test that uses this is marked `services` and calls `require_postgresql()` first: it skips
locally without PostgreSQL and fails under REQUIRE_SERVICES=1. Such tests use
`django_db(transaction=True)` so that the threads see the rows the test made.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection, connections
from rest_framework.test import APIClient

from tests.conftest import require_services

T = TypeVar("T")


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        require_services("races are tested on PostgreSQL (DATABASE_URL): real row locks")


def signed_in(user) -> APIClient:
    """Like tests.conftest.client_for, but a view that crashes answers 500 instead of
    raising in the test: the status is what the attack observed."""
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def at_once(calls: list[Callable[[], T]], *, timeout: float = 60) -> list[T]:
    """Run every call at the same moment, each on its own thread; their results in order.
    An exception inside a call fails the test (a race must end in an answer)."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[index] = call()
        except BaseException as exc:  # reported in the test's thread below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not any(thread.is_alive() for thread in threads), "a concurrent call hung"
    if errors:
        raise errors[0]
    return results
