from __future__ import annotations

import zoneinfo
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


class AwareDateTimeField(serializers.DateTimeField):
    """An instant with its UTC offset: a naive time is ambiguous for a travelling patient."""

    default_error_messages = {"naive": "Include the UTC offset, e.g. 2026-03-01T08:30:00+01:00."}

    def enforce_timezone(self, value):
        if value.tzinfo is None:
            self.fail("naive")
        return super().enforce_timezone(value)
