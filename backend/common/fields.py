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
