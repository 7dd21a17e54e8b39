from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assignments.dose import dose_text, fields_for
from assignments.models import (
    Assignment,
    AssignmentItem,
    AssignmentStatus,
    CervicalArterial,
    ProgressionState,
    Screening,
)
from assignments.selectors import progression_of
from assignments.services import DOSE_FIELDS
from common.fields import ProgramDateField


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
    state = serializers.ChoiceField(choices=ProgressionState.choices)
    reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Readable sentences built from the logged data, the most important first.")
    proposed_phase = serializers.IntegerField(
        allow_null=True, help_text="The phase the engine proposes (advance or step back).")
    evaluated_at = serializers.DateTimeField(allow_null=True,
                                             help_text="Empty until the first evaluation.")


def prescription_of(item: AssignmentItem) -> dict:
    return {**item.extra, **{field: getattr(item, field) for field in DOSE_FIELDS}}


class ExerciseBriefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ExerciseForTodaySerializer(ExerciseBriefSerializer):
    instructions = serializers.CharField()
    what_to_feel = serializers.CharField()
    stop_if = serializers.CharField()
    cues = serializers.ListField(child=serializers.CharField())
    media = serializers.ListField(child=serializers.DictField())
    demonstration = serializers.JSONField(
        allow_null=True, help_text="The drawn figure's key poses, as in GET exercises.")
    rates_dizziness = serializers.BooleanField(
        help_text="The end of a session asks the dizziness this exercise brought on.")


class PrescriptionSerializer(serializers.Serializer):
    sets = serializers.IntegerField(allow_null=True)
    reps = serializers.IntegerField(allow_null=True)
    hold_seconds = serializers.IntegerField(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True)
    times_per_day = serializers.IntegerField()
    days_of_week = serializers.ListField(child=serializers.CharField())


class DoseFieldSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The prescription key (`item_doses.<n>.<field>`).")
    label = serializers.CharField()  # type: ignore[assignment]
    unit = serializers.CharField(allow_null=True, help_text="s, min or mmHg; empty: a count.")
    min = serializers.IntegerField(allow_null=True, help_text="From prescription.schema.json.")
    max = serializers.IntegerField(allow_null=True)
    kind = serializers.ChoiceField(choices=["integer", "rpe", "days"])
    clearable = serializers.BooleanField(help_text="May be emptied (null).")


class AssignmentItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    phase = serializers.IntegerField()
    exercise = ExerciseBriefSerializer()
    prescription = serializers.SerializerMethodField()
    dose_text = serializers.SerializerMethodField(
        help_text="The dose in words: “10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day”.")
    dose_fields = serializers.SerializerMethodField(
        help_text="What the therapist may change of this item's dose, with limits.")

    def get_prescription(self, item: AssignmentItem) -> PrescriptionSerializer:
        return prescription_of(item)  # type: ignore[return-value]

    def get_dose_text(self, item: AssignmentItem) -> str:
        return dose_text(prescription_of(item), item.exercise.kind)

    def get_dose_fields(self, item: AssignmentItem) -> DoseFieldSerializer(many=True):  # type: ignore[valid-type]
        return [f.as_dict() for f in fields_for(item.exercise.kind, prescription_of(item))]


class PhaseChangeSerializer(serializers.Serializer):
    from_phase = serializers.IntegerField()
    to_phase = serializers.IntegerField()
    effective_date = ProgramDateField()
    changed_by = serializers.IntegerField(
        source="changed_by_id", allow_null=True,
        help_text="Empty when the progression engine moved the phase (automatic advance).")
    changed_at = serializers.DateTimeField()
    reason = serializers.CharField()


class AssignmentSerializer(serializers.ModelSerializer):
    template = serializers.CharField(source="template.slug")
    template_name = serializers.CharField(source="template.name")
    template_version = serializers.IntegerField(source="template.version")
    current_phase_name = serializers.SerializerMethodField()
    phases = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()
    phase_changes = PhaseChangeSerializer(many=True)
    progression = serializers.SerializerMethodField()
    progression_settings = ProgressionSettingsField(
        help_text="This patient's own progression thresholds (over the clinic's, the "
                  "template's and the defaults).")
    ended_by_name = serializers.SerializerMethodField(
        help_text="Who ended the program; empty while it runs.")
    ended_reason = serializers.CharField(read_only=True,
                                         help_text="Why it was ended, as the therapist said.")

    class Meta:
        model = Assignment
        fields = ["id", "patient", "template", "template_name", "template_version",
                  "start_date", "end_date", "status", "current_phase", "current_phase_name",
                  "pauses", "phase_timeline",
                  "overrides", "items", "phases", "phase_changes", "progression",
                  "auto_advance", "progression_settings", "created_at", "ended_by",
                  "ended_by_name", "ended_reason"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_ended_by_name(self, a: Assignment) -> str | None:
        by = a.ended_by
        return None if by is None else by.get_full_name() or by.email

    def get_progression(self, a: Assignment) -> ProgressionSerializer:
        return progression_of(a)  # type: ignore[return-value]

    def get_current_phase_name(self, a: Assignment) -> str:
        return a.template.phases[a.current_phase]["name"]

    def get_items(self, a: Assignment) -> AssignmentItemSerializer(many=True):  # type: ignore[valid-type]
        """The items of the phase the patient is in now."""
        return AssignmentItemSerializer(
            [i for i in a.items.all() if i.phase == a.current_phase], many=True
        ).data

    def get_phases(self, a: Assignment) -> list[dict]:
        items = list(a.items.all())
        return [
            {"index": index, "name": phase["name"], "min_days": phase.get("min_days"),
             "items": AssignmentItemSerializer([i for i in items if i.phase == index],
                                               many=True).data}
            for index, phase in enumerate(a.template.phases)
        ]


class AssignmentCreateSerializer(serializers.Serializer):
    template = serializers.SlugField()
    start_date = ProgramDateField()
    end_date = ProgramDateField(required=False, allow_null=True)
    overrides = serializers.DictField(required=False, child=serializers.DictField())


class AssignmentUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AssignmentStatus.choices, required=False)
    end_date = ProgramDateField(required=False, allow_null=True)
    overrides = serializers.DictField(required=False, child=serializers.DictField())
    current_phase = serializers.IntegerField(required=False, min_value=0)
    from_phase = serializers.IntegerField(
        required=False, min_value=0, max_value=1000,
        help_text="The phase you saw (0-based). Given, the change is made only if the "
                  "assignment is still in it; otherwise 409 `phase_moved` and nothing "
                  "changes. Left out: from wherever it is now.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    auto_advance = serializers.BooleanField(
        required=False, help_text="Move on when ready instead of proposing it to you.")
    progression_settings = ProgressionSettingsField(
        required=False, help_text="Replaces this patient's thresholds as a whole; {} clears.")
    item_doses = serializers.ListField(
        required=False, max_length=100, child=serializers.DictField(),
        help_text="New doses, per item of any phase: `[{id, sets?, reps?, hold_seconds?, "
                  "rest_seconds?, duration_minutes?, rpe_target?, target_mmhg?, "
                  "times_per_day?, days_of_week?}]` (null clears an optional field). Errors "
                  "name `item_doses.<n>.<field>`.")
    add_items = serializers.ListField(
        required=False, max_length=20, child=serializers.DictField(),
        help_text="`[{phase, exercise: slug, prescription?}]`, over the exercise's default "
                  "dose. 400 `screening_required` when the exercise needs a clear screening "
                  "that the newest one is not.")
    remove_items = serializers.ListField(required=False, max_length=100,
                                         child=serializers.IntegerField())


class ScreeningInputSerializer(serializers.Serializer):
    red_flags_clear = serializers.BooleanField(
        help_text="The therapist examined for red flags (clinical reference §6) and found none.")
    cervical_arterial = serializers.ChoiceField(
        choices=CervicalArterial.choices,
        help_text="Cervical arterial dysfunction screening (IFOMPT framework).")
    screened_on = ProgramDateField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ScreeningRecorderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class ScreeningSerializer(serializers.ModelSerializer):
    recorded_by = serializers.SerializerMethodField()
    clear = serializers.BooleanField(source="is_clear", read_only=True,
                                     help_text="Red flags cleared and cervical arterial clear.")

    class Meta:
        model = Screening
        fields = ["id", "patient", "red_flags_clear", "cervical_arterial", "screened_on",
                  "notes", "clear", "recorded_by", "recorded_at"]

    @extend_schema_field(ScreeningRecorderSerializer(allow_null=True))
    def get_recorded_by(self, screening: Screening) -> dict | None:
        by = screening.recorded_by
        return None if by is None else {"id": by.pk, "first_name": by.first_name,
                                        "last_name": by.last_name}


class HistoryAuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["phase", "dose", "exercise_added",
                                            "exercise_removed", "status", "dates"])
    changed_at = serializers.DateTimeField()
    changed_by = serializers.SerializerMethodField(
        help_text="Empty when the progression engine moved the phase (automatic advance).")
    what = serializers.CharField(help_text="What changed, in a sentence.")
    reason = serializers.CharField(help_text="Why, as the therapist gave it.")
    phase = serializers.IntegerField(allow_null=True)
    exercise = serializers.CharField(allow_null=True)
    before = serializers.DictField()
    after = serializers.DictField()

    @extend_schema_field(HistoryAuthorSerializer(allow_null=True))
    def get_changed_by(self, row: dict) -> dict | None:
        by = row["changed_by"]
        return None if by is None else {"id": by.pk, "first_name": by.first_name,
                                        "last_name": by.last_name}
