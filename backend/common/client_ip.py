"""The address a request came from: the one rule for every throttle and the audit log.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only as far
as our own proxies wrote it. With no proxy configured (the default) the address is the
socket's peer, `REMOTE_ADDR`, and the header is ignored: otherwise a client rotating it
would get a fresh throttle bucket per request.

- `TRUSTED_PROXY_COUNT = n`: exactly n proxies of ours stand in front of the app; each
  appends the address it saw, so the client is the n-th entry from the right.
- `TRUSTED_PROXY_CIDRS = [...]`: the proxies are the peers inside these networks; walk the
  header from the right past them, the first address outside them is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs if c.strip())


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: str, networks: tuple[_Network, ...]) -> bool:
    parsed = _parse(address)
    return parsed is not None and any(parsed in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    """The client's address as our own proxies saw it (a DRF Request works too)."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    forwarded = [part.strip() for part in
                 str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if part.strip()]
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXY_CIDRS", ()) or ()))

    if count > 0:
        # The last proxy is REMOTE_ADDR; the n-1 before it appended entries to the header.
        # Too few entries: the request bypassed a proxy, so its header proves nothing.
        if len(forwarded) >= count and _parse(forwarded[-count]) is not None:
            return str(_parse(forwarded[-count]))
        return remote
    if networks and _trusted(remote, networks):
        for hop in reversed(forwarded):
            if not _trusted(hop, networks):
                parsed = _parse(hop)
                return str(parsed) if parsed is not None else remote
        return remote
    return remote
