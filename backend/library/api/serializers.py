"""Library API shapes. Phases are stored as JSON; these serializers give them a documented
shape on the way out and leave input validation to the same JSON Schema the files use."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.fields import CleanJSONField
from library.models import Exercise, ExerciseKind, Medication, ProgramTemplate
from library.rules import resolve

WEEKDAY_CHOICES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# The keys the scheduler reads; templates may add others (rest_seconds, target_mmhg,
# rpe_target...), which clients show as they are.
PRESCRIPTION_SCHEMA = {
    "type": "object",
    "properties": {
        "sets": {"type": "integer"},
        "reps": {"type": "integer"},
        "hold_seconds": {"type": "integer"},
        "duration_minutes": {"type": "integer"},
        "times_per_day": {"type": "integer", "description": "1 when absent"},
        "days_of_week": {"type": "array", "items": {"type": "string", "enum": WEEKDAY_CHOICES},
                         "description": "absent or empty: every day"},
    },
    "additionalProperties": True,
}
# A phase's rule for moving on, resolved over the settings defaults (library.rules):
# what GET program-templates shows as `advance_when`; empty on the last phase.
ADVANCE_WHEN_SCHEMA = {
    "type": "object",
    "properties": {
        "description": {"type": "string", "description": "The rule as people read it."},
        "min_days_in_phase": {"type": "integer"},
        "window_days": {"type": "integer"},
        "min_adherence_pct": {"type": "integer"},
        "min_full_dose_sessions": {"type": "integer"},
        "max_pain_during": {"type": "integer"},
        "key_exercises": {"type": "array", "items": {"type": "string"}},
    },
}
# The phase's `progression` block as the file or the clinic's edit wrote it
# (programs/schema/progression.schema.json#/$defs/phase_rule).
RULES_SCHEMA = {"type": "object", "additionalProperties": True, "properties": {
    "description": {"type": "string"},
    "key_exercises": {"type": "array", "items": {"type": "string"}},
    "window_days": {"type": "integer"},
    "advance": {"type": "object", "additionalProperties": True},
    "hold": {"type": "object", "additionalProperties": True},
    "regress": {"type": "object", "additionalProperties": True},
}}


@extend_schema_field(PRESCRIPTION_SCHEMA)
class PrescriptionField(serializers.JSONField):
    pass


@extend_schema_field(RULES_SCHEMA)
class RulesField(serializers.JSONField):
    pass


@extend_schema_field(ADVANCE_WHEN_SCHEMA)
class AdvanceWhenField(serializers.JSONField):
    pass


def advance_when(phases: list[dict[str, Any]], index: int) -> dict[str, Any]:
    """What moving on from phase `index` takes, as the template states it over the defaults
    (a clinic's or an assignment's own thresholds show on the assignment's evaluation)."""
    if index >= len(phases) - 1:
        return {}
    phase = phases[index]
    rules = resolve(phase=phase)
    key_exercises = list(rules.key_exercises) or [phase["items"][0]["exercise"]]
    rule = {"min_days_in_phase": rules.min_days_in_phase, "window_days": rules.window_days,
            "min_adherence_pct": rules.min_adherence_pct,
            "min_full_dose_sessions": rules.min_full_dose_sessions,
            "max_pain_during": rules.max_pain_during, "key_exercises": key_exercises}
    description = (phase.get("progression") or {}).get("description") or (
        f"Move on after at least {rule['min_days_in_phase']} days, when over the last "
        f"{rule['window_days']} days {rule['min_adherence_pct']}% of sessions are done, "
        f"{rule['min_full_dose_sessions']} at the full dose, with pain at most "
        f"{rule['max_pain_during']} and no red event.")
    return {"description": description, **rule}


class MediaSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["image", "video"])
    url = serializers.CharField()
    caption = serializers.CharField(required=False)


class LibraryExerciseSerializer(serializers.ModelSerializer):
    cues = serializers.ListField(child=serializers.CharField())
    media = MediaSerializer(many=True)
    demonstration = serializers.JSONField(
        allow_null=True,
        help_text="Key poses of a drawn figure ({view, focus, props, text, poses, arrow}) or "
                  "{none: reason} for a checklist item; see docs/demonstrations.md.")
    default_prescription = PrescriptionField()
    sources = serializers.ListField(child=serializers.CharField())
    required_prescription = serializers.ListField(
        child=serializers.CharField(), help_text="Prescription keys set at assignment.")

    class Meta:
        model = Exercise
        fields = ["slug", "name", "region", "kind", "instructions", "what_to_feel", "stop_if",
                  "cues", "media", "demonstration", "default_prescription", "sources",
                  "requires_screening", "rates_dizziness",
                  "required_prescription"]


class TemplateItemExerciseSerializer(serializers.Serializer):
    slug = serializers.CharField()
    # Empty only if an exercise row was removed by hand after the template named it.
    name = serializers.CharField(allow_null=True)
    # Plain text rather than a second use of the kind enum: drf-spectacular can only give
    # the enum a readable name while one component uses it (alerts also have a "kind").
    kind = serializers.CharField(allow_null=True,
                                 help_text=f"One of {', '.join(ExerciseKind.values)}.")


class TemplateItemSerializer(serializers.Serializer):
    exercise = serializers.SerializerMethodField()
    prescription = PrescriptionField()

    @extend_schema_field(TemplateItemExerciseSerializer)
    def get_exercise(self, item: dict[str, Any]) -> dict[str, Any]:
        # The view resolves every slug of the page in one query and passes them in context.
        exercise = self.context["exercises"].get(item["exercise"])
        return {"slug": item["exercise"], "name": exercise.name if exercise else None,
                "kind": exercise.kind if exercise else None}


class TemplatePhaseSerializer(serializers.Serializer):
    name = serializers.CharField()
    min_days = serializers.IntegerField()
    items = TemplateItemSerializer(many=True)
    # Optional in the stored phase; always present in the answer.
    progression = RulesField(default=dict, read_only=True)
    advance_when = serializers.SerializerMethodField()
    requires_signoff = serializers.BooleanField(
        default=False, read_only=True,
        help_text="The therapist confirms moving into this phase; never entered automatically.")
    notes = serializers.CharField(default="", read_only=True)

    @extend_schema_field(AdvanceWhenField)
    def get_advance_when(self, phase: dict[str, Any]) -> dict[str, Any]:
        phases, index = self.context["place_of"][id(phase)]
        return advance_when(phases, index)


class TemplateRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    version = serializers.IntegerField()
    clinic = serializers.IntegerField(source="clinic_id", allow_null=True)


class ProgramTemplateSerializer(serializers.ModelSerializer):
    clinic = serializers.IntegerField(source="clinic_id", allow_null=True,
                                      help_text="Empty for the shared library.")
    based_on = TemplateRefSerializer(allow_null=True,
                                     help_text="The template this clinic copy was made from.")
    sources = serializers.ListField(child=serializers.CharField())
    phases = TemplatePhaseSerializer(many=True)

    class Meta:
        model = ProgramTemplate
        fields = ["slug", "name", "summary", "weeks", "version", "clinic", "based_on",
                  "evidence", "sources", "disclaimer", "phases"]


def template_data(templates: list[ProgramTemplate], *, exercises: dict[str, Exercise]
                  ) -> list[dict[str, Any]]:
    # A phase's `advance_when` depends on its place among its template's phases.
    place_of = {id(phase): (template.phases, index) for template in templates
                for index, phase in enumerate(template.phases)}
    return list(ProgramTemplateSerializer(templates, many=True, context={
        "exercises": exercises, "place_of": place_of}).data)


# --- Input -------------------------------------------------------------------------------

class TemplateCopySerializer(serializers.Serializer):
    slug = serializers.SlugField(max_length=100, required=False,
                                 help_text="Defaults to the copied template's slug.")
    name = serializers.CharField(max_length=200, required=False)


class TemplateItemInputSerializer(serializers.Serializer):
    exercise = serializers.SlugField(help_text="An exercise slug from GET exercises.")
    prescription = PrescriptionField()


class TemplatePhaseInputSerializer(serializers.Serializer):
    name = serializers.CharField()
    min_days = serializers.IntegerField(min_value=0)
    items = TemplateItemInputSerializer(many=True)
    progression = RulesField(required=False)
    requires_signoff = serializers.BooleanField(required=False)
    notes = serializers.CharField(required=False)


@extend_schema_field(TemplatePhaseInputSerializer(many=True))
class PhasesField(CleanJSONField):
    """Taken as sent: the template JSON Schema checks it, strictly (no "10" for 10)."""


class TemplateUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False)
    weeks = serializers.IntegerField(min_value=1, max_value=104, required=False)
    phases = PhasesField(required=False)


class ExerciseQuerySerializer(serializers.Serializer):
    # CharField refuses NUL and lone surrogates, which PostgreSQL cannot compare.
    search = serializers.CharField(required=False, max_length=100)
    region = serializers.CharField(required=False, max_length=50)


class MedicationSerializer(serializers.ModelSerializer):
    """`GET medications`: the acute-medication catalogue (programs/medications/)."""

    # `class` is a Python keyword: the field is named in get_fields.
    overuse_limit = serializers.SerializerMethodField()

    class Meta:
        model = Medication
        fields = ["slug", "name", "also_known_as", "overuse_limit"]

    def get_fields(self):
        fields = super().get_fields()
        fields["class"] = serializers.CharField(
            source="drug_class", read_only=True,
            help_text="triptan, ergot, opioid, combination_analgesic, simple_analgesic, "
                      "gepant or lasmiditan.")
        return fields

    @extend_schema_field({"type": "object", "properties": {
        "days_per_month": {"type": "integer"}, "months": {"type": "integer"},
        "ichd3": {"type": "string"}}})
    def get_overuse_limit(self, medication: Medication) -> dict:
        return {"days_per_month": medication.overuse_days_per_month,
                "months": medication.overuse_months, "ichd3": medication.ichd3}
