"""Email through Django's backend (console locally, SMTP when EMAIL_HOST is set; its
timeout is EMAIL_TIMEOUT)."""

from __future__ import annotations

import smtplib

from django.core.mail import EmailMessage

from reminders.transports import PermanentError, TransientError


def send(*, to: str, subject: str, body: str) -> None:
    try:
        EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise PermanentError(f"recipient refused: {exc}"[:500], gone=True) from exc
    except OSError as exc:  # SMTPException and socket timeouts are OSErrors
        raise TransientError(f"{type(exc).__name__}: {exc}"[:500]) from exc
