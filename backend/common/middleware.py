"""Response headers every API answer carries."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreApiResponses:
    """`Cache-Control: no-store` (and friends) on everything under /api/.

    API answers carry health data, or a token (sign-in, invites): no HTTP cache on the
    way, and not the browser's disk cache of a shared computer, may keep a copy. All of
    /api/ rather than only signed-in answers, because the anonymous ones (a sign-in's
    token, an invite's name and email) are no less private. The service worker's offline
    copies are kept by the app itself (Cache Storage ignores these headers) and purged
    at sign-out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            add_never_cache_headers(response)
        return response
