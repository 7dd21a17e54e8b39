from rest_framework import serializers

from common.fields import TimeZoneField
from reminders import schedule
from reminders.models import Channel, NotificationKind, PushSubscription
from reminders.selectors import notification_snoozable, notification_text
from reminders.transports import addresses, push_keys


class HHMMField(serializers.RegexField):
    def __init__(self, **kwargs):
        super().__init__(r"^([01]\d|2[0-3]):[0-5]\d$", **kwargs)
        self.error_messages["invalid"] = "Use HH:MM, 24-hour (e.g. 18:00)."


class QuietHoursSerializer(serializers.Serializer):
    start = HHMMField()
    end = HHMMField()


class ReminderDefaultsSerializer(serializers.Serializer):
    """A clinic's defaults for a new patient's reminders (`Clinic.settings["reminders"]`)."""

    times = serializers.ListField(child=HHMMField(), min_length=1, max_length=6, required=False)
    quiet_hours = QuietHoursSerializer(required=False, allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(Channel.values),
                                     min_length=1, required=False)


def reminder_defaults_problems(value) -> list[str]:
    if not isinstance(value, dict):
        return ["Give the reminder defaults as times, quiet hours and channels."]
    unknown = sorted(set(value) - set(ReminderDefaultsSerializer().fields))
    if unknown:
        return ["Reminder defaults can set only the times, quiet hours and channels."]
    check = ReminderDefaultsSerializer(data=value)
    if check.is_valid():
        return []
    words = {"times": "Reminder times", "quiet_hours": "Quiet hours", "channels": "Channels"}
    return [f"{words.get(field, field)}: {message}" for field, messages in check.errors.items()
            for message in (messages if isinstance(messages, list) else [messages])]


class ReminderSettingsSerializer(serializers.Serializer):
    enabled = serializers.BooleanField(required=False)
    times = serializers.ListField(child=HHMMField(), max_length=6, required=False)
    weekdays = serializers.ListField(child=serializers.ChoiceField(schedule.WEEKDAYS),
                                     required=False)
    # Unset or the user's own zone: follow the user's zone when it changes.
    timezone = TimeZoneField(required=False, allow_blank=True)
    quiet_hours = QuietHoursSerializer(required=False, allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(Channel.values),
                                     required=False)
    next_due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    snoozed_until = serializers.DateTimeField(read_only=True, allow_null=True)
    # Clinic staff only: the daily email digest at this local time; null turns it off.
    # Patients always read null, and may send null back (never a time: 403).
    daily_digest_time = HHMMField(required=False, allow_null=True)
    daily_digest_next_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def validate_times(self, value):
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each time once.")
        return sorted(value)

    def validate_weekdays(self, value):
        return [day for day in schedule.WEEKDAYS if day in value]

    def validate_channels(self, value):
        return [c for c in Channel.values if c in value]

    def to_representation(self, instance):
        return {
            "enabled": instance.enabled, "times": instance.times,
            "weekdays": instance.weekdays or list(schedule.WEEKDAYS),
            "timezone": instance.zone_name(), "quiet_hours": instance.quiet_hours,
            "channels": instance.channels,
            "next_due_at": serializers.DateTimeField().to_representation(instance.next_due_at)
            if instance.next_due_at else None,
            "snoozed_until": serializers.DateTimeField().to_representation(
                instance.snoozed_until) if instance.snoozed_until else None,
            "daily_digest_time": instance.digest_time or None,
            "daily_digest_next_at": serializers.DateTimeField().to_representation(
                instance.digest_next_at) if instance.digest_next_at else None,
        }


class PushKeysSerializer(serializers.Serializer):
    p256dh = serializers.CharField(
        max_length=200, trim_whitespace=False,
        help_text="The subscriber's P-256 public key, uncompressed (65 bytes), base64url.")
    auth = serializers.CharField(max_length=100, trim_whitespace=False,
                                 help_text="The 16-byte auth secret, base64url.")

    def validate_p256dh(self, value: str) -> str:
        problem = push_keys.p256dh_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value

    def validate_auth(self, value: str) -> str:
        problem = push_keys.auth_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class PushSubscriptionCreateSerializer(serializers.Serializer):
    endpoint = serializers.URLField(max_length=1000)
    keys = PushKeysSerializer()

    def validate_endpoint(self, value: str) -> str:
        # Push services are https; anything else would let a user make the server post to
        # arbitrary plain-http addresses.
        if not value.startswith("https://"):
            raise serializers.ValidationError("A push endpoint is an https URL.")
        # Nor to the server's own neighbours (SSRF); checked again on every send.
        problem = addresses.endpoint_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class PushSubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "created_at", "disabled_at"]


class SnoozeSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=5, max_value=24 * 60)


class SnoozedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    due_at = serializers.DateTimeField()


class VapidPublicKeySerializer(serializers.Serializer):
    public_key = serializers.CharField()


class NotificationSerializer(serializers.Serializer):
    """One entry of the signed-in user's notification list (GET me/notifications)."""

    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(NotificationKind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, help_text="A path in the app, e.g. /today.")
    due_at = serializers.DateTimeField(read_only=True)
    sent_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                        help_text="Null: not delivered (yet).")
    snoozable = serializers.BooleanField(
        read_only=True, help_text="POST notifications/{id}/snooze accepts it.")

    def to_representation(self, instance):
        return {"id": instance.pk, "kind": instance.kind, **notification_text(instance),
                "due_at": serializers.DateTimeField().to_representation(instance.due_at),
                "sent_at": serializers.DateTimeField().to_representation(instance.sent_at)
                if instance.sent_at else None,
                "snoozable": notification_snoozable(instance)}
