"""The keys a browser's PushSubscription hands over (RFC 8291 §3, the Push API's toJSON()):
`p256dh`, the subscriber's P-256 public key as an uncompressed point (65 bytes: 0x04, X,
Y), and `auth`, a 16-byte secret, each base64url, usually without padding.

Checked when a subscription arrives: a key that is not one was accepted before and only
failed later, at every delivery.
"""

from __future__ import annotations

import base64
import binascii
import re

from cryptography.hazmat.primitives.asymmetric import ec

_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
P256DH_BYTES = 65
AUTH_BYTES = 16


def _decoded(value: str) -> bytes | None:
    """The bytes of a base64url text; None when it is not one (another alphabet, a length
    no byte count encodes to)."""
    if not _BASE64URL.fullmatch(value):
        return None
    body = value.rstrip("=")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None


def p256dh_problem(value: str) -> str | None:
    """Why `value` is not a subscriber's public key, in words; None when it is one."""
    raw = _decoded(value)
    if raw is None or len(raw) != P256DH_BYTES or raw[0] != 0x04:
        return ("Not a browser's push key: expected a P-256 public key as an uncompressed "
                "point (65 bytes), base64url.")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return "Not a browser's push key: the point is not on the P-256 curve."
    return None


def auth_problem(value: str) -> str | None:
    """Why `value` is not a subscription's auth secret; None when it is one."""
    raw = _decoded(value)
    if raw is None or len(raw) != AUTH_BYTES:
        return "Not a browser's push secret: expected 16 bytes, base64url."
    return None
