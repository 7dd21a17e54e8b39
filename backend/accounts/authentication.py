"""Per-device API tokens (django-rest-knox): stored as digests, expiring, revocable."""

from __future__ import annotations

from hmac import compare_digest

from django.utils import timezone
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import get_token_model
from knox.settings import CONSTANTS
from rest_framework import exceptions


class DeviceTokenAuthentication(TokenAuthentication):
    """Knox's scheme in one query: the token with its user and the user's clinic.

    Knox also sweeps the user's other expired tokens on every request (one more query);
    we sweep those at login instead and only check the token in hand.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            device = getattr(result[1], "device", None)
            if device is not None:
                from accounts.services import device_used

                device_used(device=device, user_agent=request.META.get("HTTP_USER_AGENT", ""))
        return result

    def authenticate_credentials(self, token: bytes):
        # Our tokens are printable ASCII; anything else (bytes that are not UTF-8, NUL,
        # which PostgreSQL refuses in a query) is simply not one of them: 401, not 500.
        try:
            raw = token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("Invalid token.") from None
        if not raw.isprintable():
            raise exceptions.AuthenticationFailed("Invalid token.")
        candidates = get_token_model().objects.filter(
            token_key=raw[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user", "user__clinic", "device")
        for auth_token in candidates:
            try:
                digest = hash_token(raw)
            except (TypeError, ValueError):  # binascii.Error is a ValueError
                break
            if not compare_digest(digest, auth_token.digest):
                continue
            if auth_token.expiry is not None and auth_token.expiry < timezone.now():
                auth_token.delete()
                break
            return self.validate_user(auth_token)
        raise exceptions.AuthenticationFailed("Invalid token.")
