from rest_framework import serializers

from accounts.models import User
from common.fields import TimeZoneField
from monitoring.selectors import ATTENTION_REASONS


class UserSerializer(serializers.ModelSerializer):
    clinic_name = serializers.CharField(source="clinic.name", default=None, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "role", "clinic", "clinic_name",
                  "timezone"]
        read_only_fields = ["id", "email", "role", "clinic"]


class MeUpdateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False)
    # A patient who travels changes this; reminders and "today" follow.
    timezone = TimeZoneField(required=False)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, max_length=256)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    user = UserSerializer()


class InviteSerializer(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField()
    expires_at = serializers.DateTimeField()


class InviteInfoSerializer(serializers.Serializer):
    first_name = serializers.CharField()
    email = serializers.EmailField()
    clinic_name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class InviteAcceptSerializer(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=256)


class PatientCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150, allow_blank=True, default="")
    timezone = TimeZoneField()
    primary_therapist = serializers.IntegerField(required=False, allow_null=True)
    baseline_headache_days_28 = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=28
    )


class PatientUpdateSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=150, required=False)
    last_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    timezone = TimeZoneField(required=False)
    primary_therapist = serializers.IntegerField(required=False, allow_null=True)
    baseline_headache_days_28 = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=28
    )


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


class PatientSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "timezone", "primary_therapist",
                  "baseline_headache_days_28", "status", "date_joined"]

    def get_status(self, obj: User) -> str:
        """`invited` until the patient has set a password through their invite."""
        return "active" if obj.has_usable_password() else "invited"


class PatientListItemSerializer(PatientSerializer):
    adherence = AdherenceSummarySerializer()
    needs_attention = serializers.ListField(
        child=serializers.ChoiceField(choices=ATTENTION_REASONS),
        help_text="Why the patient is near the top (flares and exercise-triggered attacks "
                  "raise alerts: open_alerts).")

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "adherence", "needs_attention"]


def patient_list_body(patient: User) -> dict:
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
        },
        "needs_attention": list(patient.needs_attention),
    }


class PatientCreatedSerializer(PatientSerializer):
    invite = InviteSerializer()

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "invite"]


class PatientQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=100,
                                   help_text="Part of a name or email.")
