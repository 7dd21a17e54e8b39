"""The client's address. Placeholder until the trusted-proxy rule lands: REMOTE_ADDR only."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")
