from typing import cast

from rest_framework import serializers

from accounts.api.serializers import PatientSerializer
from common.fields import ProgramDateField
from monitoring.models import PatientSummary
from monitoring.selectors import ATTENTION_REASONS, AttentionPatient


class AdherenceQuerySerializer(serializers.Serializer):
    weeks = serializers.IntegerField(required=False, default=12, min_value=1, max_value=52)
    date = ProgramDateField(required=False)


class WeekSerializer(serializers.Serializer):
    week_start = ProgramDateField()
    sessions_prescribed = serializers.IntegerField()
    sessions_done = serializers.IntegerField()
    adherence_pct = serializers.IntegerField(allow_null=True)
    aerobic_minutes = serializers.IntegerField()
    max_soreness = serializers.IntegerField(allow_null=True)
    headache_days = serializers.IntegerField()
    unknown_days = serializers.IntegerField(help_text="Days with no headache information.")
    reported_sessions = serializers.IntegerField(
        allow_null=True, help_text="Sessions the patient reported for the week at the weekly "
                                   "check-in; null when not answered. Not part of adherence.")


class RtmSerializer(serializers.Serializer):
    period_start = ProgramDateField(allow_null=True)
    period_end = ProgramDateField(allow_null=True)
    data_days = serializers.IntegerField()


class AdherenceReportSerializer(serializers.Serializer):
    date = ProgramDateField()
    weeks = WeekSerializer(many=True)
    current_streak_days = serializers.IntegerField()
    headache_days_last_28 = serializers.IntegerField()
    days_recorded_last_28 = serializers.IntegerField()
    baseline_headache_days_28 = serializers.IntegerField(allow_null=True)
    baseline_source = serializers.CharField(
        allow_null=True, help_text="`diary` (at least BASELINE_MIN_RECORDED_DAYS of the 28 days "
                                   "before the program recorded), `intake` (recalled by the "
                                   "patient), or null.")
    baseline_recalled = serializers.BooleanField(
        help_text="The baseline is the patient's recollection at intake, not a diary.")
    baseline_days_recorded = serializers.IntegerField(
        help_text="Diary days recorded in the 28 days before the program.")
    rtm = RtmSerializer()


class AdherenceSummarySerializer(serializers.Serializer):
    last_7_days_pct = serializers.IntegerField(allow_null=True)
    weekly_pct = serializers.ListField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Adherence by week (Monday to Sunday, the patient's zone), oldest first, "
                  "the current week so far last; null for a week with nothing prescribed. "
                  "The same figures as `adherence_pct` in patients/{id}/adherence. "
                  "ATTENTION_TREND_WEEKS weeks (default 6).")
    last_log_at = serializers.DateTimeField(allow_null=True)
    open_alerts = serializers.IntegerField()
    updated_at = serializers.DateTimeField(
        allow_null=True, help_text="When these figures were computed (the list keeps one "
                                   "summary per patient, recomputed after every write that "
                                   "changes it and at the patient's local midnight).")


class PatientListItemSerializer(PatientSerializer):
    adherence = AdherenceSummarySerializer()
    needs_attention = serializers.ListField(
        child=serializers.ChoiceField(choices=ATTENTION_REASONS),
        help_text="Why the patient is near the top (flares and exercise-triggered attacks "
                  "raise alerts: open_alerts).")

    class Meta(PatientSerializer.Meta):
        # The care team is on the patient's page; the list stays one query for a clinic.
        fields = [*(f for f in PatientSerializer.Meta.fields if f != "care_team"),
                  "adherence", "needs_attention"]


def patient_list_body(patient: AttentionPatient) -> dict:
    """What PatientListItemSerializer gives, built directly: the list holds a whole clinic.

    tests/accounts check that both agree.
    """
    when = serializers.DateTimeField().to_representation
    summary = patient.adherence
    return {
        "id": patient.pk, "email": patient.email, "first_name": patient.first_name,
        "last_name": patient.last_name, "timezone": patient.timezone,
        "primary_therapist": patient.primary_therapist_id,
        "baseline_headache_days_28": patient.baseline_headache_days_28,
        "status": "active" if patient.has_usable_password() else "invited",
        "date_joined": when(patient.date_joined),
        "adherence": {
            "last_7_days_pct": summary["last_7_days_pct"],
            "weekly_pct": list(summary["weekly_pct"]),
            "last_log_at": when(summary["last_log_at"]) if summary["last_log_at"] else None,
            "open_alerts": summary["open_alerts"],
            "updated_at": when(summary["updated_at"]) if summary.get("updated_at") else None,
        },
        "needs_attention": list(patient.needs_attention),
    }


def summary_list_body(row: PatientSummary) -> dict:
    """A list item from the patient's stored summary: the same shape and figures."""
    patient = cast(AttentionPatient, row.patient)
    patient.adherence = {"last_7_days_pct": row.last_7_days_pct, "weekly_pct": row.weekly_pct,
                         "last_log_at": row.last_log_at, "open_alerts": row.open_alerts,
                         "updated_at": row.updated_at}
    patient.needs_attention = row.needs_attention
    return patient_list_body(patient)


class PatientQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=100,
                                   help_text="Part of a name or email.")
    needs_attention = serializers.BooleanField(
        required=False, allow_null=True, default=None,
        help_text="true: only patients with a reason in needs_attention; false: only those "
                  "without.")
    limit = serializers.IntegerField(
        required=False, default=50, min_value=1, max_value=200,
        error_messages={"invalid": "Limit must be a whole number from 1 to 200.",
                        "min_value": "Limit must be a whole number from 1 to 200.",
                        "max_value": "Limit must be a whole number from 1 to 200."},
        help_text="Patients per page (1-200), default 50.")
    offset = serializers.IntegerField(
        required=False, default=0, min_value=0,
        error_messages={"invalid": "Offset must be a whole number, 0 or more.",
                        "min_value": "Offset must be a whole number, 0 or more."},
        help_text="How many patients to skip; X-Total-Count says how many there are and "
                  "Link gives the next and previous pages.")


class DiaryMonthQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(
        r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
        error_messages={"invalid": "Give the month as YYYY-MM, for example 2026-11."},
        help_text="YYYY-MM; default: this month in the patient's zone.")


class DiaryDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=["migraine", "headache", "free", "unknown"])
    peak_pain = serializers.IntegerField(allow_null=True)
    medication_classes = serializers.ListField(child=serializers.CharField())
    sessions = serializers.IntegerField(help_text="Exercise sessions logged that day.")


class DiaryTotalsSerializer(serializers.Serializer):
    headache_days = serializers.IntegerField()
    migraine_days = serializers.IntegerField()
    unknown_days = serializers.IntegerField(help_text="Days up to today with no word.")
    acute_medication_days = serializers.DictField(
        child=serializers.IntegerField(), help_text="Days by medication class.")
    any_acute_medication_days = serializers.IntegerField()


class DiaryRulesSerializer(serializers.Serializer):
    headache_day = serializers.CharField()
    open_max_days = serializers.IntegerField()


class DiaryMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    days = DiaryDaySerializer(many=True)
    totals = DiaryTotalsSerializer()
    rules = DiaryRulesSerializer()
