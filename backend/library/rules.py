"""Where the progression thresholds come from: the one place they are resolved.

Four levels, each overriding the one before it key by key:

1. `settings.PROGRESSION_DEFAULTS` (the pain-monitoring model's defaults, §4);
2. the template phase's `progression` rule (programs/README.md), with the phase's
   `min_days` as `advance.min_days_in_phase`;
3. the clinic's `Clinic.settings["progression"]`;
4. the assignment's `progression_settings`.

Levels 3 and 4 follow programs/schema/progression.schema.json. A template cannot set the
pain bands (`pain`): the same pain must mean the same to a patient in every program.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings

from library.validation import progression_settings_problems

logger = logging.getLogger(__name__)

@dataclass(frozen=True)
class Rules:
    """Resolved thresholds for one phase of one assignment."""

    window_days: int
    min_days_in_phase: int
    min_adherence_pct: int
    min_full_dose_sessions: int
    max_pain_during: int
    max_dizziness: int
    hold_unsettled_amber_days: int
    regress_unsettled_amber_days: int
    pain_safe_max: int
    pain_red_above: int
    settle_margin: int
    usual_soreness_days: int
    # Exercises a full-dose session must include; empty: the phase's first item.
    key_exercises: tuple[str, ...] = ()
    # What moving on is judged by: "pain" during exercise, or "dizziness" provoked.
    progress_on: str = "pain"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "key_exercises": list(self.key_exercises)}


def _merged(base: Mapping[str, Any], layer: Mapping[str, Any]) -> dict[str, Any]:
    """`layer` over `base`, one level of nesting deep (the groups advance, hold, regress, pain)."""
    out = {key: dict(value) if isinstance(value, Mapping) else value
           for key, value in base.items()}
    for key, value in layer.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value
    return out


def _template_layer(phase: Mapping[str, Any]) -> dict[str, Any]:
    rule = phase.get("progression") or {}
    layer: dict[str, Any] = {key: rule[key] for key in ("window_days", "hold", "regress")
                             if key in rule}
    layer["advance"] = {**rule.get("advance", {})}
    if phase.get("min_days") is not None:
        layer["advance"]["min_days_in_phase"] = phase["min_days"]
    return layer


def clinic_layer(clinic_settings: Mapping[str, Any] | None, *, clinic_id: int | None = None
                 ) -> dict[str, Any]:
    """The clinic's thresholds. Nothing checks them when they are written (the admin), so a
    malformed block is ignored and logged here: never a 500 on a session post."""
    clinic_settings = clinic_settings or {}
    layer = clinic_settings.get("progression") or {}
    if layer:
        problems = progression_settings_problems(document=layer)
        if problems:
            logger.warning("Clinic %s: settings.progression ignored: %s", clinic_id,
                           "; ".join(problem.slashed() for problem in problems))
            layer = {}
    return dict(layer)


def resolve(*, phase: Mapping[str, Any] | None, clinic: Mapping[str, Any] | None = None,
            assignment: Mapping[str, Any] | None = None) -> Rules:
    """Thresholds for a phase (a template phase dict), given the clinic's and the
    assignment's own levels (already in the progression-settings shape)."""
    phase = phase or {}
    values = _merged(settings.PROGRESSION_DEFAULTS, {"advance": {"min_days_in_phase": 0}})
    for layer in (_template_layer(phase), clinic or {}, assignment or {}):
        values = _merged(values, layer)
    advance, pain = values["advance"], values["pain"]
    rule = phase.get("progression") or {}
    return Rules(
        window_days=values["window_days"],
        min_days_in_phase=advance["min_days_in_phase"],
        min_adherence_pct=advance["min_adherence_pct"],
        min_full_dose_sessions=advance["min_full_dose_sessions"],
        max_pain_during=advance["max_pain_during"],
        max_dizziness=advance["max_dizziness"],
        hold_unsettled_amber_days=values["hold"]["unsettled_amber_days"],
        regress_unsettled_amber_days=values["regress"]["unsettled_amber_days"],
        pain_safe_max=pain["safe_max"],
        pain_red_above=pain["red_above"],
        settle_margin=pain["settle_margin"],
        usual_soreness_days=pain["usual_soreness_days"],
        key_exercises=tuple(rule.get("key_exercises", ())),
        progress_on=rule.get("progress_on", "pain"),
    )


def rules_for(*, assignment, phase: int) -> Rules:
    """The thresholds in force for one phase of an assignment (template, patient and clinic
    loaded or loadable)."""
    patient = assignment.patient
    clinic = patient.clinic.settings if patient.clinic_id else {}
    return resolve(phase=assignment.template.phases[phase],
                   clinic=clinic_layer(clinic, clinic_id=patient.clinic_id),
                   assignment=assignment.progression_settings)


def pain_bands(*, clinic_settings: Mapping[str, Any] | None, clinic_id: int | None = None,
               assignment_settings: Mapping[str, Any] | None = None) -> tuple[int, int]:
    """(safe_max, red_above) in force for an assignment: the green band's top and the red
    line, which no template moves."""
    rules = resolve(phase=None, clinic=clinic_layer(clinic_settings, clinic_id=clinic_id),
                    assignment=assignment_settings)
    return rules.pain_safe_max, rules.pain_red_above


def pain_red_above(*, clinic_settings: Mapping[str, Any] | None, clinic_id: int | None = None,
                   assignment_settings: Mapping[str, Any] | None = None) -> int:
    """The red line for pain during exercise. Templates cannot move it, so it needs no
    template: the session post and the patient's day ask this without loading one."""
    return resolve(phase=None, clinic=clinic_layer(clinic_settings, clinic_id=clinic_id),
                   assignment=assignment_settings).pain_red_above


# --- Emergencies, screening and escalation: clinic keys over the settings ------------------
# Clinic settings are written in the admin unchecked: a value of the wrong type is ignored
# (and logged) here, so a typo never silences an urgent message or a screening check.

def _clinic_value(clinic_settings: Mapping[str, Any] | None, key: str, default: Any,
                  valid) -> Any:
    value = (clinic_settings or {}).get(key)
    if value is None:
        return default
    if not valid(value):
        logger.warning("Clinic setting %s ignored: %r", key, value)
        return default
    return value


def _whole(low: int, high: int):
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def emergency_number(clinic_settings: Mapping[str, Any] | None) -> str:
    """The number the urgent message offers to call (`tel:` link)."""
    return str(_clinic_value(
        clinic_settings, "emergency_number", settings.EMERGENCY_NUMBER,
        lambda v: isinstance(v, str) and 0 < len(v.strip()) <= 20
        and all(c.isdigit() or c in "+ -" for c in v))).strip()


def exercise_trigger_window_hours(clinic_settings: Mapping[str, Any] | None) -> int:
    """A headache starting this many hours after a session may have been brought on by it."""
    return _clinic_value(clinic_settings, "exercise_trigger_window_hours",
                         settings.EXERCISE_TRIGGER_WINDOW_HOURS, _whole(1, 48))


def escalation_rise_pct(clinic_settings: Mapping[str, Any] | None) -> int:
    return _clinic_value(clinic_settings, "escalation_rise_pct",
                         settings.ESCALATION_RISE_PCT, _whole(1, 1000))


def escalation_headache_days(clinic_settings: Mapping[str, Any] | None) -> int:
    return _clinic_value(clinic_settings, "escalation_headache_days",
                         settings.ESCALATION_HEADACHE_DAYS, _whole(1, 28))


def screening_required_slugs(clinic_settings: Mapping[str, Any] | None) -> frozenset[str]:
    """Exercises a clinic (or the settings) add to those whose file requires screening."""
    extra = _clinic_value(clinic_settings, "screening_required_exercises", [],
                          lambda v: isinstance(v, list) and all(isinstance(s, str) for s in v))
    return frozenset([*settings.SCREENING_REQUIRED_EXERCISES, *extra])
