"""One error shape for the whole API.

Every 4xx answers `{"code": ..., "detail": ..., "fields": {...}}` where `fields` maps each
offending field, nested ones as dotted paths (`entries.0.exercise`), to its messages.
Services raise Django's ValidationError with a field dict; it lands here as a 400 too.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def flatten_errors(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into {dotted.path: [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten_errors(value, path))
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            if detail:
                out[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(m) for m in detail]
        else:
            for index, item in enumerate(detail):
                out.update(flatten_errors(item, f"{prefix}.{index}" if prefix else str(index)))
    else:
        out[prefix or api_settings.NON_FIELD_ERRORS_KEY] = [str(detail)]
    return out


# How a field's name reads in a sentence ("Please check: minutes for Aerobic session.");
# any other name reads with its underscores and dashes as spaces, list positions left out.
FIELD_WORDS = {
    "non_field_errors": "the form", "start_date": "start date", "end_date": "end date",
    "template": "program", "duration_minutes": "minutes", "hold_seconds": "hold (seconds)",
    "rest_seconds": "rest (seconds)", "times_per_day": "times a day", "days_of_week": "days",
    "days_per_week": "days a week", "rpe_target": "effort (RPE)", "target_mmhg": "target (mmHg)",
    "from_phase": "phase", "to_phase": "phase", "current_phase": "phase",
    "progression_settings": "progression thresholds", "first_name": "first name",
    "last_name": "last name", "timezone": "time zone",
}


def field_words(path: str) -> str:
    """`overrides.aerobic-session.duration_minutes` -> "overrides aerobic session minutes":
    never a raw path in a sentence. Services that know better name the field themselves
    (`FieldErrors(labels=...)`)."""
    parts = [part for part in path.split(".") if part and not part.isdigit()]
    return " ".join(FIELD_WORDS.get(part, part.replace("_", " ").replace("-", " "))
                    for part in parts) or "the form"


class FieldErrors(DjangoValidationError):
    """A service's ValidationError that can name each field in words: the messages keyed by
    the field's path (the client places each next to its input), `labels` the same keys in
    words for the 400's summary ("Please check: minutes for Aerobic session.")."""

    def __init__(self, fields: dict[str, list[str]], labels: dict[str, str] | None = None):
        super().__init__(fields)
        self.labels = labels or {}


def error_body(code: str, detail: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"code": code, "detail": detail, "fields": fields or {}}


class Conflict(exceptions.APIException):
    """409: the request was fine when the caller made it, but what it acts on has moved on
    meanwhile (another therapist changed the phase) or reached a limit. Reloading shows why;
    `detail` says it in the user's words, `fields` names what the caller sent that no
    longer holds."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, detail: str, *, code: str = "conflict",
                 fields: dict[str, list[str]] | None = None):
        super().__init__(detail=detail, code=code)
        self.fields = fields or {}


class Refused(exceptions.APIException):
    """400 with a code of its own (`screening_required`): the request is well formed but a
    rule refuses it, and the client must tell this refusal from a mistyped field."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"

    def __init__(self, detail: str, *, code: str,
                 fields: dict[str, list[str]] | None = None):
        super().__init__(detail=detail, code=code)
        self.fields = fields or {}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        # Over DATA_UPLOAD_MAX_MEMORY_SIZE; Django alone would call it a 400 (HTML).
        return Response(error_body("too_large", "The request is too large."),
                        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    labels: dict[str, str] = getattr(exc, "labels", {})
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})

    response = exception_handler(exc, context)
    if response is None:
        return None  # a real bug: let Django log it and answer 500

    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_errors(exc.detail)
        names = ", ".join(dict.fromkeys(labels.get(path) or field_words(path)
                                        for path in sorted(fields)))
        response.data = error_body("invalid", f"Please check: {names}.", fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response

    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        response.data = error_body(code, str(detail), getattr(exc, "fields", None))
        # DRF's Throttled sets `wait` in __init__; the stubs do not declare it.
        wait = getattr(exc, "wait", None) if isinstance(exc, exceptions.Throttled) else None
        if wait is not None:
            response.data["retry_after_seconds"] = int(wait)
    else:  # Http404, PermissionDenied: DRF has already mapped the status
        response.data = error_body(
            "not_found" if response.status_code == 404 else "permission_denied",
            "Not found." if response.status_code == 404 else "Permission denied.",
        )
    return response
