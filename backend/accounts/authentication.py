"""Per-device API tokens (django-rest-knox): stored as digests, expiring, revocable."""

from __future__ import annotations

from django.utils import timezone
from knox.auth import TokenAuthentication


class DeviceTokenAuthentication(TokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        # Knox also sweeps the user's other expired tokens here, one extra query on every
        # request; we sweep those at login instead and only check the token in hand.
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            auth_token.delete()
            return True
        return False
