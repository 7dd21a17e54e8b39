"""What a clinic may choose, each choice declared once: its key, default and check.

`Clinic.settings` is JSON. Every key in it is declared here by the app that reads it: this
module declares accounts' own (who sees whom); apps above register theirs in their
`AppConfig.ready()` (library: progression thresholds; measures: instrument and verdict
numbers; reminders: reminder defaults), because accounts may not import them. `PATCH
clinic` writes through `clinic_settings_update`, so a value an app cannot use is refused
with a 400 in the clinic admin's words instead of being stored and ignored later.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Clinic

# What is wrong with a value, in the admin's words; empty when it is fine.
Check = Callable[[Any], list[str]]


@dataclass(frozen=True)
class ClinicSetting:
    key: str
    label: str  # how the admin screen and error messages name it
    default: Any
    check: Check


_declared: dict[str, ClinicSetting] = {}


def declare(setting: ClinicSetting) -> None:
    _declared[setting.key] = setting


def declared() -> list[ClinicSetting]:
    return sorted(_declared.values(), key=lambda setting: setting.key)


def yes_or_no(label: str) -> Check:
    def check(value: Any) -> list[str]:
        return [] if isinstance(value, bool) else [f"{label}: choose on or off."]
    return check


def value_of(clinic: Clinic | None, key: str) -> Any:
    """The clinic's choice for `key`, or its declared default."""
    chosen = clinic.settings if clinic is not None and isinstance(clinic.settings, dict) else {}
    if key in chosen:
        return chosen[key]
    setting = _declared.get(key)
    return setting.default if setting else None


def effective(clinic: Clinic) -> dict[str, Any]:
    """Every declared setting with the clinic's value or the default (what `GET clinic`
    shows), plus anything the clinic kept under a key no app declares any more."""
    chosen = clinic.settings if isinstance(clinic.settings, dict) else {}
    return {**chosen, **{s.key: chosen.get(s.key, s.default) for s in declared()}}


def problems(changes: Mapping[str, Any]) -> dict[str, list[str]]:
    """{settings.<key>: [messages]} for every change that cannot be used."""
    found: dict[str, list[str]] = {}
    for key, value in changes.items():
        setting = _declared.get(key)
        if setting is None:
            found[f"settings.{key}"] = ["There is no such setting."]
            continue
        if value is None:
            continue  # back to the default
        messages = setting.check(value)
        if messages:
            found[f"settings.{key}"] = messages
    return found


@transaction.atomic
def clinic_update(*, clinic: Clinic, name: str | None = None, timezone_name: str | None = None,
                  settings_changes: Mapping[str, Any] | None = None,
                  require_staff_2fa: bool | None = None) -> Clinic:
    """Change a clinic's name, zone, settings or whether its staff must sign in with a
    second step (accounts.services.second_step_demand reads it at each sign-in). A setting
    given as null returns to its default. Nothing is written unless every change can be
    used."""
    changes = dict(settings_changes or {})
    found = problems(changes)
    if found:
        raise ValidationError(found)
    clinic = Clinic.objects.select_for_update().get(pk=clinic.pk)
    stored = dict(clinic.settings) if isinstance(clinic.settings, dict) else {}
    for key, value in changes.items():
        if value is None:
            stored.pop(key, None)
        else:
            stored[key] = value
    clinic.settings = stored
    if name is not None:
        clinic.name = name
    if timezone_name is not None:
        clinic.timezone = timezone_name
    if require_staff_2fa is not None:
        clinic.require_staff_2fa = require_staff_2fa
    clinic.save()
    return clinic


CARE_TEAM_ONLY = "care_team_only"
ADMIN_SEES_HEALTH_DATA = "admin_sees_health_data"

declare(ClinicSetting(
    key=CARE_TEAM_ONLY, label="Therapists see only their care team's patients",
    default=False, check=yes_or_no("Care-team scope")))
declare(ClinicSetting(
    key=ADMIN_SEES_HEALTH_DATA, label="Clinic administrators see patients' health data",
    default=True, check=yes_or_no("Administrators' access to health data")))


def whole_number(label: str, low: int, high: int) -> Check:
    def check(value: Any) -> list[str]:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return [f"{label} must be a whole number from {low} to {high}."]
        return []
    return check


# Erasure (privacy.erasure, docs/privacy.md): how long an erasure a clinic administrator
# confirmed waits before the personal data goes (the account is deactivated at once; the
# days let a mistaken request be stopped), and whether the clinic must keep the clinical
# record (exercise, headache and questionnaire figures, programs, screenings), stripped of
# everything that names the patient and of free text, for its legal retention period.
ERASURE_GRACE_DAYS = "erasure_grace_days"
ERASURE_KEEPS_CLINICAL_RECORD = "erasure_keeps_clinical_record"

declare(ClinicSetting(
    key=ERASURE_GRACE_DAYS, label="Days between a confirmed erasure and the data's removal",
    default=30, check=whole_number("Days before erasure", 0, 90)))
declare(ClinicSetting(
    key=ERASURE_KEEPS_CLINICAL_RECORD,
    label="Keep the clinical record, without name or notes, after an erasure",
    default=False, check=yes_or_no("Keeping the clinical record after erasure")))
