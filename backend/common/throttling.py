"""The base of every DRF throttle: keyed on `common.client_ip`, never a 500 from the cache.

A rate throttle is a flood guard in front of the real rules; the cache (Redis) keeping its
counts may be down. Then the request goes on unthrottled by rate (logged) rather than
answering 500: sign-in's own failure delays are kept in the database
(`accounts.services`), so nothing that protects an account depends on the cache.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from common.client_ip import client_ip

logger = logging.getLogger(__name__)


class ClientIpThrottleMixin(SimpleRateThrottle):
    def get_ident(self, request) -> str:
        return client_ip(request)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):  # Redis down; the file cache's disk unreadable
            logger.warning("Rate throttle skipped: the cache cannot be reached.", exc_info=True)
            return True


class ClientScopedRateThrottle(ClientIpThrottleMixin, ScopedRateThrottle):
    """`ScopedRateThrottle` (a view's `throttle_scope`) per client address."""
