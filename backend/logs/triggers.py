"""The possible headache triggers a patient may tick: the clinic's list (`GET triggers`),
the clinic setting `headache_triggers` (a list of names), or the default below.

An entry stores the slugs it was given; a clinic that edits its list later leaves earlier
entries as they were (a name no longer listed is still shown by its slug).
"""

from __future__ import annotations

from typing import Any

from django.utils.text import slugify

from accounts.clinic_settings import ClinicSetting, declare, value_of
from accounts.models import Clinic

KEY = "headache_triggers"

DEFAULT_TRIGGERS = [
    "Stress", "Poor or too little sleep", "Skipped meal", "Not enough to drink", "Alcohol",
    "Caffeine", "Weather change", "Long screen time", "Bright or flickering light",
    "Strong smell", "Long sitting or poor posture", "Physical exertion", "Neck strain",
]


def _problems(value: Any) -> list[str]:
    if not isinstance(value, list) or not value or len(value) > 40:
        return ["Possible headache triggers: give a list of 1 to 40 names."]
    if not all(isinstance(name, str) and 0 < len(name.strip()) <= 60 and slugify(name)
               for name in value):
        return ["Possible headache triggers: each name needs 1 to 60 letters or digits."]
    slugs = [slugify(name) for name in value]
    if len(set(slugs)) != len(slugs):
        return ["Possible headache triggers: a name is listed twice."]
    return []


def declare_setting() -> None:
    declare(ClinicSetting(key=KEY, label="Possible headache triggers",
                          default=DEFAULT_TRIGGERS, check=_problems))


def triggers_for(clinic: Clinic | None) -> list[dict[str, str]]:
    names = value_of(clinic, KEY) or DEFAULT_TRIGGERS
    return [{"slug": slugify(name), "name": name.strip()} for name in names]
