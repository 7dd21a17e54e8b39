"""Push endpoints may only be public internet addresses (no server-side request forgery).

A push subscription's endpoint is a URL the browser hands us and we POST to. Unchecked,
anyone with an account could make the server call its own neighbours: the database, Redis,
the cloud metadata service at 169.254.169.254, an admin panel on 10.x. Three checks, each
closing what the one before cannot:

1. At subscribe time, `endpoint_problem`: the host written in the URL (an IP literal in any
   spelling, `localhost`, a single-label or local-only name). Cheap, no DNS, a clear 400.
2. At send time, `endpoint_check`: the name is resolved and refused if any address it
   resolves to is not public (it may point somewhere else than when it was subscribed).
3. On every connection, `PublicOnlyAdapter`: the address actually connected to is checked
   before a byte is sent. This closes DNS rebinding (a name answering a public address to
   check 2 and a private one to the connection a moment later) and redirects (a public
   push service answering 307 to an internal address), which check 2 cannot see.

`REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES` turns all three off: the test suite's local push
receiver listens on 127.0.0.1, and a self-hosted push service on a LAN needs it too.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urlsplit

from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from reminders.transports import PermanentError, TransientError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Names that never reach the public internet (RFC 6761, RFC 8375, ICANN's .internal).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".localdomain")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def private_allowed() -> bool:
    return settings.REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES


def is_public(address: IPAddress | str) -> bool:
    """A globally routable unicast address. IPv4 carried inside IPv6 (::ffff:10.0.0.1,
    64:ff9b::a00:1 through a NAT64 gateway) is judged by the IPv4 address it carries."""
    ip = ipaddress.ip_address(address.split("%", 1)[0] if isinstance(address, str)
                              else address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> IPAddress | None:
    """The address when `host` is one written as numbers, in any spelling the resolver
    accepts ("127.1", "0x7f000001", "2130706433", "[::1]"), without asking DNS."""
    try:
        info = socket.getaddrinfo(host, None, flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return ipaddress.ip_address(info[0][4][0])


def endpoint_problem(url: str) -> str | None:
    """Why this endpoint's host may not be posted to, or None. Looks only at the URL."""
    if private_allowed():
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
        parts.port  # noqa: B018 - raises ValueError when out of range
    except ValueError:  # an unbalanced "[", a port that is no port
        return "A push endpoint is a URL with a host and an optional port."
    if parts.scheme != "https":
        return "A push endpoint is an https URL."
    if not host:
        return "A push endpoint names a host."
    address = _literal(host)
    if address is not None:
        return None if is_public(address) else "A push endpoint must be a public address."
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host:
        return "A push endpoint must be a public internet host name."
    return None


def endpoint_check(url: str) -> None:
    """Before sending: resolve the endpoint's host and refuse unless every address is
    public. PermanentError for a refusal (recorded as such, never retried); TransientError
    when the name does not resolve now (DNS trouble passes)."""
    if private_allowed():
        return
    problem = endpoint_problem(url)
    if problem:
        raise PermanentError(f"refused: {problem}")
    parts = urlsplit(url)
    key = (parts.hostname or "", parts.port or 443)
    if _passed.get(key, 0) > time.monotonic():
        return
    try:
        resolved = resolve(*key)
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        raise TransientError(f"cannot resolve {parts.hostname}: {exc}"[:500]) from exc
    for address in resolved:
        if not is_public(address):
            raise PermanentError(
                f"refused: {parts.hostname} resolves to a non-public address {address}")
    # A few push services serve every subscriber: resolving once a minute per host, not
    # once per message, keeps DNS out of the delivery rate. The connection check (3) still
    # sees every address actually connected to.
    _passed[key] = time.monotonic() + _PASSED_FOR_SECONDS


_passed: dict[tuple[str, int], float] = {}
_PASSED_FOR_SECONDS = 60


def resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for `host`, as connecting would see them."""
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


# --- Checked on every connection ------------------------------------------------------------

def _refuse_unless_public(sock: socket.socket, host: str) -> None:
    peer = sock.getpeername()[0]
    if not private_allowed() and not is_public(peer):
        sock.close()
        # Not an OSError: urllib3 and requests would wrap that into a retried connection
        # error. This one passes through them to the caller as a permanent failure.
        raise PermanentError(f"refused: connected to non-public address {peer} for {host}")


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _refuse_unless_public(sock, self.host)
        return sock


class _PublicHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _refuse_unless_public(sock, self.host)
        return sock


class _PublicHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """requests' adapter whose connections refuse a non-public peer (see the module doc).
    Through a proxy the peer is the proxy, so proxied requests rely on `endpoint_check`."""

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _PublicHTTPConnectionPool, "https": _PublicHTTPSConnectionPool}
