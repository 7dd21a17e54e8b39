from rest_framework import serializers

from accounts.models import User
from common.fields import TimeZoneField


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


class PatientSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "timezone", "primary_therapist",
                  "baseline_headache_days_28", "status", "date_joined", "care_team"]

    care_team = serializers.SerializerMethodField(
        help_text="Colleagues on the patient's care team besides the primary therapist.")

    def get_care_team(self, obj: User) -> list[int]:
        return sorted(obj.care_team.values_list("member_id", flat=True))

    def to_representation(self, instance: User) -> dict:
        body = super().to_representation(instance)
        if not self.context.get("health_data", True):
            # An administrator kept from health data: who the patient is, not their figures.
            body.pop("baseline_headache_days_28", None)
        return body

    def get_status(self, obj: User) -> str:
        """`invited` until the patient has set a password through their invite."""
        return "active" if obj.has_usable_password() else "invited"


class PatientCreatedSerializer(PatientSerializer):
    invite = InviteSerializer()

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "invite"]


class CareTeamAddSerializer(serializers.Serializer):
    user = serializers.IntegerField(help_text="A colleague's id (an active therapist or admin).")


class StaffSerializer(serializers.ModelSerializer):
    patient_count = serializers.IntegerField(read_only=True, default=0,
                                             help_text="Active patients they are primary for.")
    status = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "role", "is_active",
                  "patient_count", "status"]

    def get_status(self, obj: User) -> str:
        if not obj.is_active:
            return "deactivated"
        return "active" if obj.has_usable_password() else "invited"


class StaffInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    first_name = serializers.CharField(max_length=150)
    last_name = serializers.CharField(max_length=150, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=["therapist", "clinic_admin"], error_messages={
        "invalid_choice": "Choose therapist or clinic administrator."})


class StaffInvitedSerializer(StaffSerializer):
    invite = InviteSerializer()

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "invite"]


class StaffUpdateSerializer(serializers.Serializer):
    is_active = serializers.BooleanField()


class PatientBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()


class StaffChangedSerializer(StaffSerializer):
    patients_to_reassign = PatientBriefSerializer(many=True)

    class Meta(StaffSerializer.Meta):
        fields = [*StaffSerializer.Meta.fields, "patients_to_reassign"]


class ClinicSettingSerializer(serializers.Serializer):
    key = serializers.CharField()
    # A field named like Field.label (a string): DRF reads declared fields, not attributes.
    label = serializers.CharField()  # type: ignore[assignment]
    default = serializers.JSONField()


class ClinicSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=200)
    timezone = TimeZoneField()
    settings = serializers.DictField(
        child=serializers.JSONField(),
        help_text="Every setting with the clinic's value or its default.")
    declared = ClinicSettingSerializer(many=True, read_only=True,
                                       help_text="What each setting is, for the admin screen.")
    require_staff_2fa = serializers.BooleanField(help_text=(
        "Staff must sign in with a second step (TOTP); those without one set it up at their "
        "next sign-in before they get a token."))


class ClinicUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False)
    timezone = TimeZoneField(required=False)
    settings = serializers.DictField(
        child=serializers.JSONField(allow_null=True), required=False,
        help_text="Only the settings to change; null returns one to its default.")
    require_staff_2fa = serializers.BooleanField(required=False)

    def validate_require_staff_2fa(self, value):
        # Only true or false: "yes", 1 or "on" would pass DRF's lenient check unnoticed.
        if not isinstance(self.initial_data.get("require_staff_2fa"), bool):
            raise serializers.ValidationError("Choose on or off (true or false).")
        return value


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)
    password = serializers.CharField(trim_whitespace=False, max_length=256)


class PasswordChangeSerializer(serializers.Serializer):
    current = serializers.CharField(trim_whitespace=False, max_length=256)
    new = serializers.CharField(trim_whitespace=False, max_length=256)


class SecondStepSerializer(serializers.Serializer):
    """`mfa_required`: give a code at auth/login/totp. `mfa_setup_required`: the clinic
    requires 2FA, set it up with me/totp and me/totp/confirm carrying this mfa_token."""

    mfa_required = serializers.BooleanField(required=False)
    mfa_setup_required = serializers.BooleanField(required=False)
    mfa_token = serializers.CharField()


class LoginTotpSerializer(serializers.Serializer):
    mfa_token = serializers.CharField(max_length=200)
    code = serializers.CharField(max_length=32)


class TotpBeginSerializer(serializers.Serializer):
    mfa_token = serializers.CharField(max_length=200, required=False)


class TotpSecretSerializer(serializers.Serializer):
    secret = serializers.CharField()
    otpauth_url = serializers.CharField()
    qr_svg = serializers.CharField(help_text="The otpauth_url as a QR code, an SVG data: URI.")


class TotpConfirmSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32)
    mfa_token = serializers.CharField(max_length=200, required=False)


class RecoveryCodesSerializer(serializers.Serializer):
    recovery_codes = serializers.ListField(child=serializers.CharField())
    # Only when confirming finishes a sign-in (with an mfa_token).
    token = serializers.CharField(required=False)
    expires_at = serializers.DateTimeField(required=False)
    user = UserSerializer(required=False)


class TotpStatusSerializer(serializers.Serializer):
    enabled = serializers.BooleanField()
    required_by_clinic = serializers.BooleanField()
    recovery_codes_left = serializers.IntegerField()


class DeviceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(source="token.expiry", allow_null=True)
    current = serializers.BooleanField()
