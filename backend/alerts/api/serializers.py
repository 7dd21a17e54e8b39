from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from alerts.models import Alert
from alerts.sentences import alert_sentence
from alerts.services import NOTE_MAX


class AlertSerializer(serializers.ModelSerializer):
    patient_name = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField(
        help_text="The alert in a sentence: \"Pain 7 during exercise on Fri 27 Nov, above "
                  "the limit of 5.\"")
    resolved_by_name = serializers.SerializerMethodField(
        help_text="Who resolved or declined it; empty while open.")
    outcome = serializers.CharField(
        read_only=True, help_text="`resolved` or `declined` (a progression proposal); empty "
                                  "while open.")
    note = serializers.CharField(
        read_only=True, help_text="The note given on resolving, or the reason for declining.")

    class Meta:
        model = Alert
        fields = ["id", "patient", "patient_name", "kind", "status", "created_at", "details",
                  "summary", "session_log", "resolved_at", "resolved_by", "resolved_by_name",
                  "outcome", "note"]

    def get_patient_name(self, alert: Alert) -> str:
        return alert.patient.get_full_name()

    def get_summary(self, alert: Alert) -> str:
        return alert_sentence(alert)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_resolved_by_name(self, alert: Alert) -> str | None:
        by = alert.resolved_by
        return None if by is None else by.get_full_name() or by.email


class AlertQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "resolved"], required=False)
    patient = serializers.IntegerField(required=False)


class AlertResolveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=NOTE_MAX,
                                 default="", help_text="What was done (optional).")


class AlertDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=NOTE_MAX,
                                   help_text="Why the proposal is declined (required).")
