from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.fields import AwareDateTimeField, CleanJSONField, ProgramDateField
from measures.instruments import instruments
from measures.models import Instrument, Measure

_HIT6_KEYS = ["never", "rarely", "sometimes", "very_often", "always"]
# Ids are 64-bit; a larger number would overflow the database driver, not just miss.
ID_MAX = 2**63 - 1

ANSWERS_HELP = (
    "One format per instrument (programs/instruments/<slug>.yaml lists the questions; GET "
    "measures/instruments serves them). hit6: 6 option keys in question order, e.g. "
    '["never", "rarely", "sometimes", "very_often", "always", "never"]. ndi: 10 section '
    "scores 0-5 in order, null for a skipped section (at most 2 skipped, prorated). midas: "
    "5 day counts 0-90 for questions 1-5, optionally followed by A (headache days 0-90) and B "
    "(average pain 0-10), which are not scored. psfs: 3 to 5 "
    '{"activity": "turning my head to reverse the car", "score": 4} with scores 0-10; send '
    "`version` 2 for PSFS 2.0. Problems are reported per answer: `answers.3`, "
    "`answers.1.score`."
)


@extend_schema_field({
    "description": ANSWERS_HELP,
    "oneOf": [
        {"title": "hit6", "type": "array", "minItems": 6, "maxItems": 6,
         "items": {"type": "string", "enum": _HIT6_KEYS}},
        {"title": "ndi", "type": "array", "minItems": 10, "maxItems": 10,
         "items": {"type": "integer", "minimum": 0, "maximum": 5, "nullable": True}},
        {"title": "midas", "type": "array", "minItems": 5, "maxItems": 7,
         "items": {"type": "integer", "minimum": 0, "maximum": 90, "nullable": True}},
        {"title": "psfs", "type": "array", "minItems": 3, "maxItems": 5,
         "items": {"type": "object", "required": ["activity", "score"],
                   "additionalProperties": False,
                   "properties": {"activity": {"type": "string", "minLength": 1,
                                               "maxLength": 200},
                                  "score": {"type": "integer", "minimum": 0,
                                            "maximum": 10}}}},
    ],
})
class AnswersField(CleanJSONField):
    """Checked against the instrument's data by measures.scoring, which names each answer."""


class MeasureInputSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=Instrument.choices)
    answers = AnswersField()
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=99,
        help_text="The instrument's version; only PSFS has two (2 = PSFS 2.0, reversed).")
    taken_at = AwareDateTimeField(required=False, help_text="Default: now.")
    client_id = serializers.UUIDField(
        required=False, help_text="Made by the client; the same id again answers 200 with "
                                  "the first measure instead of storing a second.")
    patient = serializers.IntegerField(
        required=False, min_value=1, max_value=ID_MAX,
        help_text="Clinic staff: whose measure (e.g. completed in clinic). "
                                  "A patient records their own and may leave it out.")


class MeasureSerializer(serializers.ModelSerializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    band = serializers.CharField(help_text="Band key from the instrument file; empty for "
                                           "PSFS, which has no bands.")
    band_label = serializers.SerializerMethodField()
    details = serializers.JSONField(help_text="e.g. NDI: answered, prorated, skipped, percent.")
    answers = AnswersField()

    class Meta:
        model = Measure
        fields = ["id", "patient", "instrument", "version", "score", "band", "band_label",
                  "details", "answers", "taken_at", "local_date", "client_id", "created_by",
                  "created_at"]

    def get_band_label(self, measure: Measure) -> str | None:
        definition = instruments().get(measure.instrument)
        return definition.band_label(measure.band) if definition and measure.band else None


class MeasureQuerySerializer(serializers.Serializer):
    patient = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    instrument = serializers.ChoiceField(choices=Instrument.choices, required=False)


class AsOfQuerySerializer(serializers.Serializer):
    date = ProgramDateField(required=False)


class InstrumentThresholdsSerializer(serializers.Serializer):
    meaningful_change = serializers.FloatField()
    unit = serializers.ChoiceField(choices=["points", "bands"])
    remeasure_days = serializers.IntegerField()
    max_missing = serializers.IntegerField(allow_null=True)
    scheduled = serializers.BooleanField()


class InstrumentDocumentSerializer(serializers.Serializer):
    """The instrument file as written (programs/schema/instrument.schema.json), plus the
    thresholds in force for the caller's clinic."""

    slug = serializers.CharField(help_text="hit6, ndi, midas or psfs: a measure's `instrument`.")
    name = serializers.CharField()
    short_name = serializers.CharField()
    summary = serializers.CharField()
    instructions = serializers.CharField()
    recall_period = serializers.CharField()
    notes = serializers.CharField()
    evidence = serializers.CharField()
    sources = serializers.ListField(child=serializers.CharField())
    default_version = serializers.IntegerField()
    versions = serializers.ListField(child=serializers.DictField())
    items = serializers.ListField(child=serializers.DictField(), required=False,
                                  help_text="Fixed questions, in answer order.")
    activities = serializers.DictField(required=False,
                                       help_text="Patient-specific activities (PSFS).")
    scoring = serializers.DictField()
    bands = serializers.ListField(child=serializers.DictField())
    meaningful_change = serializers.DictField()
    remeasure_days = serializers.IntegerField()
    thresholds = InstrumentThresholdsSerializer()


class MeasureDueSerializer(serializers.Serializer):
    instrument = serializers.ChoiceField(choices=Instrument.choices)
    due_on = ProgramDateField(allow_null=True, help_text="Local date; null when never taken "
                                                        "and no program has started.")
    last_taken_at = serializers.DateTimeField(allow_null=True)
    remeasure_days = serializers.IntegerField()
    due = serializers.BooleanField()
    overdue = serializers.BooleanField()


class HeadacheDaysSerializer(serializers.Serializer):
    baseline_28 = serializers.IntegerField(allow_null=True)
    last_28 = serializers.IntegerField()
    change_pct = serializers.IntegerField(
        allow_null=True, help_text="Negative: fewer headache days. Null without a baseline "
                                   "or with a baseline of 0.")
    responder = serializers.BooleanField(
        allow_null=True, help_text="Null when it cannot be told: no baseline, or only the "
                                   "days without a diary entry would decide.")
    days_recorded_last_28 = serializers.IntegerField()
    unknown_days_last_28 = serializers.IntegerField()
    responder_threshold_pct = serializers.IntegerField()
    band = serializers.ChoiceField(
        choices=["worse", "under_30", "30_to_49", "50_to_74", "75_plus"], allow_null=True,
        help_text="`worse`: more headache days than the baseline; otherwise how much fewer, "
                  "counting days without a diary entry as headache days. Null without a "
                  "baseline.")
    drop_pct = serializers.IntegerField(
        allow_null=True, help_text="Percent fewer headache days, unknown days counted as "
                                   "headache days (0 when they rose).")
    baseline_source = serializers.CharField(allow_null=True)
    baseline_recalled = serializers.BooleanField(
        help_text="The baseline is the patient's recollection at intake, not a diary.")
    reason = serializers.CharField()


class InstrumentChangeSerializer(serializers.Serializer):
    first = serializers.FloatField(allow_null=True)
    latest = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="latest - first.")
    meaningful = serializers.BooleanField(
        allow_null=True, help_text="The change reaches the meaningful-change threshold, "
                                   "either way; `direction` says which way.")
    direction = serializers.ChoiceField(choices=["better", "worse", "same"], allow_null=True)
    better = serializers.ChoiceField(choices=["lower", "higher"], allow_null=True)
    threshold = serializers.FloatField()
    unit = serializers.ChoiceField(choices=["points", "bands"])
    band_change = serializers.IntegerField(required=False,
                                           help_text="Band steps (MIDAS grades).")
    count = serializers.IntegerField(help_text="Measures of the compared version.")
    version = serializers.IntegerField(allow_null=True)
    first_band = serializers.CharField(allow_null=True)
    latest_band = serializers.CharField(allow_null=True)
    first_taken_at = serializers.DateTimeField(allow_null=True)
    latest_taken_at = serializers.DateTimeField(allow_null=True)


VERDICTS = ["too_early", "responding", "partly_responding", "not_responding", "worsening"]


class ProgramVerdictSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    name = serializers.CharField(help_text="The program's name.")
    start_date = ProgramDateField()
    weeks = serializers.IntegerField(help_text="Whole weeks since this program began.")
    verdict = serializers.ChoiceField(choices=VERDICTS)
    reasons = serializers.ListField(child=serializers.CharField())


class OutcomesSerializer(serializers.Serializer):
    date = ProgramDateField()
    program_start = ProgramDateField(allow_null=True)
    weeks_in_program = serializers.IntegerField(allow_null=True)
    headache_days = HeadacheDaysSerializer()
    hit6 = InstrumentChangeSerializer()
    ndi = InstrumentChangeSerializer()
    midas = InstrumentChangeSerializer()
    psfs = InstrumentChangeSerializer()
    verdict = serializers.ChoiceField(choices=VERDICTS)
    reasons = serializers.ListField(child=serializers.CharField())
    evidence_for = serializers.ListField(
        child=serializers.CharField(), help_text="Sentences that speak for a response.")
    evidence_against = serializers.ListField(
        child=serializers.CharField(), help_text="Sentences that speak against one, or "
                                                 "limit what can be told.")
    programs = ProgramVerdictSerializer(many=True)
    too_early_weeks = serializers.IntegerField()
