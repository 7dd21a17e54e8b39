"""The VAPID key pair that signs Web Push requests.

From the environment (VAPID_PRIVATE_KEY, as PEM or base64url; VAPID_PUBLIC_KEY optional,
derived when absent) or, when unset, generated once and kept in the database (`VapidKeys`,
pk=1): the web process that hands the public key to the PWA and the workers that sign must
agree, and in the compose stack they share the database, not a disk. Changing the key
invalidates every existing subscription (push services answer 403), so it is generated once.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.db import IntegrityError, transaction
from py_vapid import Vapid


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _public_of(vapid: Vapid) -> str:
    return _b64url(vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint))


def _from_string(private: str) -> Vapid:
    if private.lstrip().startswith("-----BEGIN"):
        return Vapid.from_pem(private.encode())
    return Vapid.from_string(private_key=private)


def _stored() -> tuple[str, str]:
    from reminders.models import VapidKeys

    row = VapidKeys.objects.filter(pk=1).first()
    if row is None:
        vapid = Vapid()
        vapid.generate_keys()
        try:
            with transaction.atomic():
                row = VapidKeys.objects.create(
                    pk=1, private_key=vapid.private_pem().decode(), public_key=_public_of(vapid))
        except IntegrityError:  # another process generated them first: use theirs
            row = VapidKeys.objects.get(pk=1)
    return row.private_key, row.public_key


@lru_cache(maxsize=1)
def vapid_keys() -> tuple[Vapid, str]:
    """(signer, public key as the PWA passes it to pushManager.subscribe)."""
    if settings.VAPID_PRIVATE_KEY:
        vapid = _from_string(settings.VAPID_PRIVATE_KEY)
        return vapid, settings.VAPID_PUBLIC_KEY or _public_of(vapid)
    private, public = _stored()
    return _from_string(private), public


def public_key() -> str:
    return vapid_keys()[1]
