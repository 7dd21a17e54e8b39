from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from progression.models import STATE_CHOICES


def _integers(**names: str) -> dict:
    return {name: {"type": "integer", "description": text} for name, text in names.items()}


# programs/schema/progression.schema.json, as OpenAPI shows it (the service checks the
# value against that file).
PROGRESSION_SETTINGS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **_integers(window_days="Days of evidence, never before the phase began."),
        "advance": {"type": "object", "additionalProperties": False, "properties": _integers(
            min_days_in_phase="Days in the phase before moving on.",
            min_adherence_pct="Sessions done of those prescribed in the window, in %.",
            min_full_dose_sessions="Sessions at the full dose of the key exercises.",
            max_pain_during="Highest pain during exercise (0-10) that allows moving on.")},
        "hold": {"type": "object", "additionalProperties": False, "properties": _integers(
            unsettled_amber_days="Days of amber pain not settled by next morning: hold.")},
        "regress": {"type": "object", "additionalProperties": False, "properties": _integers(
            unsettled_amber_days="Days of amber pain not settled by next morning: step back.")},
        "pain": {"type": "object", "additionalProperties": False, "properties": _integers(
            safe_max="Pain up to this is safe (green).",
            red_above="Pain above this is a red event.",
            settle_margin="Next-morning soreness may exceed the usual by this much.",
            usual_soreness_days="Days of check-ins the usual soreness is the median of.")},
    },
}


@extend_schema_field(PROGRESSION_SETTINGS_SCHEMA)
class ProgressionSettingsField(serializers.JSONField):
    """Checked against programs/schema/progression.schema.json by the service."""


class ProgressionSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=STATE_CHOICES)
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Readable sentences built from the logged data, the most important first.")
    proposed_phase = serializers.IntegerField(
        allow_null=True, help_text="The phase the engine proposes (advance or step back).")
    evaluated_at = serializers.DateTimeField(allow_null=True,
                                             help_text="Empty until the first evaluation.")


class PhaseMoveSerializer(serializers.Serializer):
    from_phase = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="The phase you saw (0-based). Given, the move is made only if the "
                  "assignment is still in it; otherwise 409 `phase_moved` and nothing "
                  "changes (two therapists confirming at once move it once). Left out: "
                  "from wherever it is now.")
    to_phase = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="Default: the next phase (advance) or the previous one (regress).")
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Why; default: the proposal's own sentence when confirming it.")
