"""Time-based one-time codes (RFC 6238) for staff sign-in, through pyotp.

pyotp does the cryptography and the otpauth:// URI every authenticator app reads; what is
ours is the rule around it: which time steps count, and that a step once used is spent.
"""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp
import segno
from django.conf import settings
from django.utils import timezone

ISSUER = "HEP Tracker"


def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, RFC 4226's recommended length


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def qr_svg_data_uri(uri: str) -> str:
    """The otpauth:// link as a QR code the PWA shows as an <img> (a data: URI passes the
    content security policy, which forbids inline script and style, not images)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def matching_step(secret: str, code: str, *, after_step: int,
                  now: datetime | None = None) -> int | None:
    """The time step `code` belongs to, if it is the code of the current step or of one
    within TOTP_ALLOWED_DRIFT_STEPS of it (a phone's clock a little off) and later than
    `after_step` (the last step accepted); None otherwise."""
    code = "".join(code.split())
    if not code.isdigit() or len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    moment = now or timezone.now()
    current = totp.timecode(moment)
    drift = settings.TOTP_ALLOWED_DRIFT_STEPS
    for step in range(current - drift, current + drift + 1):
        if step <= after_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
