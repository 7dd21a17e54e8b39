from __future__ import annotations

import zoneinfo
from datetime import date
from functools import lru_cache

from rest_framework import serializers


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class TimeZoneField(serializers.CharField):
    """An IANA time zone name such as "Europe/Oslo"."""

    default_error_messages = {"invalid_zone": "'{value}' is not an IANA time zone."}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in _zones():
            self.fail("invalid_zone", value=value)
        return value


class ScoreField(serializers.IntegerField):
    """A 0-10 score (pain, soreness)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10)
        super().__init__(**kwargs)


# Dates outside these years are typos, and date arithmetic near year 1 or 9999 overflows.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


class ProgramDateField(serializers.DateField):
    """A calendar date between 2000 and 2100."""

    default_error_messages = {"out_of_range": "Must be between 2000-01-01 and 2100-12-31."}

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if not EARLIEST <= parsed <= LATEST:
            self.fail("out_of_range")
        return parsed


class AwareDateTimeField(serializers.DateTimeField):
    """An instant with its UTC offset: a naive time is ambiguous for a travelling patient."""

    default_error_messages = {
        "naive": "Include the UTC offset, e.g. 2026-03-01T08:30:00+01:00.",
        "out_of_range": "Must be between 2000 and 2100.",
    }

    def enforce_timezone(self, value):
        if value.tzinfo is None:
            self.fail("naive")
        if not EARLIEST.year <= value.year <= LATEST.year:
            self.fail("out_of_range")
        return super().enforce_timezone(value)


def find_unstorable_text(value, path: str = "") -> str | None:
    """The dotted path of the first string holding NUL or a lone surrogate, if any.

    Free-form JSON skips DRF's CharField checks, but PostgreSQL refuses NUL and UTF-8
    cannot encode a lone surrogate: both would otherwise surface as a 500 on save.
    """
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            return path or "value"
        return None
    if isinstance(value, dict):
        children = [(f"{path}.{k}" if path else str(k), k) for k in value] + [
            (f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        children = [(f"{path}.{i}" if path else str(i), v) for i, v in enumerate(value)]
    else:
        return None
    for child_path, child in children:
        found = find_unstorable_text(child, child_path)
        if found:
            return found
    return None


class CleanJSONField(serializers.JSONField):
    """JSON whose strings can be stored: no NUL, no lone surrogates."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        bad = find_unstorable_text(value)
        if bad:
            raise serializers.ValidationError({bad: ["Contains characters that cannot be stored."]})
        return value
