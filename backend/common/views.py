"""Liveness and readiness for load balancers and docker-compose health checks."""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)

# A probe that hangs is worse than one that fails: the orchestrator's own timeout would
# hide which dependency was slow.
BROKER_TIMEOUT_SECONDS = 2


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and answering."""
    return JsonResponse({"status": "ok"})


def _database_error() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; say which
        return f"{type(exc).__name__}: {exc}"
    return None


def _filesystem_broker_error(options: dict) -> str | None:
    # Connecting to the filesystem transport never fails, even with no folders: the worker
    # would only crash later on listdir(). So look at the folders themselves.
    for key in ("data_folder_in", "data_folder_out"):
        folder = options.get(key)
        if not folder or not os.path.isdir(folder):
            return f"broker folder {key}={folder!r} does not exist"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"broker folder {key}={folder!r} is not writable"
    return None


def _broker_error() -> str | None:
    # Built from settings on every call, not from the Celery app, whose configuration is
    # read once at import: the probe must test what settings say now.
    url = settings.CELERY_BROKER_URL
    options = dict(getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}))
    if url.startswith("filesystem:"):
        return _filesystem_broker_error(options)
    options.setdefault("socket_connect_timeout", BROKER_TIMEOUT_SECONDS)
    options.setdefault("socket_timeout", BROKER_TIMEOUT_SECONDS)
    try:
        with Connection(url, transport_options=options,
                        connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            # max_retries=0: one attempt; kombu's retries would sleep past the probe timeout.
            conn.ensure_connection(max_retries=0)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"
    return None


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Database and broker reachable: the instance can do real work."""
    errors = {"database": _database_error(), "broker": _broker_error()}
    for name, error in errors.items():
        if error is not None:
            logger.warning("readyz: %s not ready: %s", name, error)
    ready = all(error is None for error in errors.values())
    body = {
        "status": "ok" if ready else "unavailable",
        # The probe is unauthenticated; error text can name hosts and users, so only the
        # log and DEBUG responses carry it.
        "checks": {name: ("ok" if err is None else err if settings.DEBUG else "unavailable")
                   for name, err in errors.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)

