"""Web Push (RFC 8030/8291/8292) through pywebpush: aes128gcm payloads, VAPID signed."""

from __future__ import annotations

import time
from urllib.parse import urlparse

import requests
from django.conf import settings
from pywebpush import WebPusher

from reminders.transports import PermanentError, TransientError, addresses
from reminders.transports.vapid import vapid_keys

_session: requests.Session | None = None
_vapid_headers: dict[str, tuple[float, dict]] = {}
_HEADER_LIFETIME = 3600  # the JWT says 12 h; re-sign well before


def _http() -> requests.Session:
    """One connection pool per worker process: keep-alive to each push service."""
    global _session
    if _session is None:
        _session = requests.Session()
        # Connections refuse internal addresses, redirects and DNS rebinding included.
        _session.mount("https://", addresses.PublicOnlyAdapter(pool_maxsize=20))
        _session.mount("http://", addresses.PublicOnlyAdapter(pool_maxsize=20))
    return _session


def _vapid_for(endpoint: str) -> dict:
    """VAPID headers per push-service origin, signed once an hour, not once per message."""
    url = urlparse(endpoint)
    audience = f"{url.scheme}://{url.netloc}"
    now = time.time()
    cached = _vapid_headers.get(audience)
    if cached is None or cached[0] < now:
        vapid, _ = vapid_keys()
        headers = vapid.sign({"aud": audience, "sub": settings.VAPID_SUBJECT,
                              "exp": int(now) + 12 * 3600})
        cached = (now + _HEADER_LIFETIME, headers)
        _vapid_headers[audience] = cached
    return dict(cached[1])


def send(*, endpoint: str, p256dh: str, auth: str, data: bytes, ttl: int = 3600,
         topic: str | None = None) -> int:
    """POST one encrypted message; returns the push service's status code."""
    addresses.endpoint_check(endpoint)  # never to an internal address (SSRF)
    headers = _vapid_for(endpoint)
    headers["urgency"] = "normal"
    if topic:  # a newer message with the same topic replaces an undelivered one
        headers["topic"] = topic
    pusher = WebPusher({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
                       requests_session=_http())
    timeout = settings.REMINDERS_PUSH_TIMEOUT_SECONDS
    try:
        response = pusher.send(data, headers, ttl=ttl, content_encoding="aes128gcm",
                               timeout=(min(timeout, 5), timeout))
    except requests.RequestException as exc:  # connection refused, reset, timeout
        raise TransientError(f"{type(exc).__name__}: {exc}"[:500]) from exc
    except ValueError as exc:  # malformed subscription keys: never deliverable
        raise PermanentError(f"bad subscription keys: {exc}"[:500], gone=True) from exc
    status = response.status_code
    if status in (200, 201, 202):
        return status
    detail = f"{status} {response.reason}: {response.text[:300]}"
    if status in (404, 410):
        raise PermanentError(detail, status, gone=True)
    if status == 429 or status >= 500:
        raise TransientError(detail, status)
    raise PermanentError(detail, status)
