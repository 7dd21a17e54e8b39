from rest_framework import serializers

from alerts.models import Alert


class AlertSerializer(serializers.ModelSerializer):
    patient_name = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = ["id", "patient", "patient_name", "kind", "status", "created_at", "details",
                  "session_log", "resolved_at", "resolved_by"]

    def get_patient_name(self, alert: Alert) -> str:
        return alert.patient.get_full_name()


class AlertQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["open", "resolved"], required=False)
    patient = serializers.IntegerField(required=False)
