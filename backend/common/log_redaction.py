"""Secrets out of every log line: invite tokens in URLs, device tokens in headers.

The contract puts invite tokens in API paths (`GET /api/v1/invites/<token>`), and links
sent before the fragment form (`/invite#<token>`) put them in page paths. Whoever can read
the logs (a hosting provider, a log shipper, a support engineer) could otherwise open an
unused invite and take over a patient's account. One filter, attached to every handler
that writes a request line: Django's (settings.LOGGING, including `django.server` and
`django.request`), gunicorn's access and error logs (docker/gunicorn.conf.py) and
Celery's (hep/celery.py). Stdlib only: gunicorn loads it before Django is set up.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"

# Path segments that are secrets: what follows /invites/ (API) or /invite/ (an old link).
# A password-reset path joins this list if it ever carries a token in its path.
_SECRET_PATH = re.compile(r"(/invites?/)[^/?#\s\"'\\]+")
# ?token=... in a query string, and credentials in a logged header.
_SECRET_QUERY = re.compile(r"([?&](?:token|key)=)[^&#\s\"'\\]+", re.IGNORECASE)
_CREDENTIALS = re.compile(r"\b(Token|Bearer|Basic)\s+[\w+/=.~-]{16,}")


def redact(text: str) -> str:
    text = _SECRET_PATH.sub(rf"\1{REDACTED}", text)
    text = _SECRET_QUERY.sub(rf"\1{REDACTED}", text)
    return _CREDENTIALS.sub(rf"\1 {REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (and its traceback text) with the secrets replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the formatter's to report
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set: format it once, clean.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact_handlers(logger: logging.Logger) -> None:
    """Adds the filter to each handler of `logger` (once)."""
    for handler in logger.handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets())
