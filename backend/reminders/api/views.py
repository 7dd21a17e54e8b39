from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from audit.recording import AuditedView
from common.pagination import list_response
from reminders import services
from reminders.api import serializers as s
from reminders.models import Notification, PushSubscription
from reminders.selectors import notification_list
from reminders.transports.vapid import public_key


class ReminderSettingsView(AuditedView, APIView):
    audit_record = "reminder_settings"
    @extend_schema(responses=s.ReminderSettingsSerializer)
    def get(self, request: AuthedRequest) -> Response:
        row = services.settings_get_or_create(user=request.user)
        return Response(s.ReminderSettingsSerializer(row).data)

    @extend_schema(request=s.ReminderSettingsSerializer, responses=s.ReminderSettingsSerializer)
    def put(self, request: AuthedRequest) -> Response:
        """Fields left out keep their current value. `daily_digest_time` ("HH:MM" in the
        user's zone, or null for off) is for clinic staff: a patient sending a time gets 403."""
        data = s.ReminderSettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "daily_digest_time" in values:
            digest_time = values.pop("daily_digest_time") or ""
            if digest_time and not request.user.is_clinic_staff:
                raise PermissionDenied("Only clinic staff receive a daily digest.")
            values["digest_time"] = digest_time
        if "quiet_hours" in values and values["quiet_hours"] is not None:
            values["quiet_hours"] = dict(values["quiet_hours"])
        row = services.settings_update(user=request.user, values=values)
        return Response(s.ReminderSettingsSerializer(row).data)


class PushSubscriptionListView(AuditedView, APIView):
    audit_record = "push_subscription"
    @extend_schema(request=s.PushSubscriptionCreateSerializer,
                   responses={201: s.PushSubscriptionSerializer,
                              200: s.PushSubscriptionSerializer})
    def post(self, request: AuthedRequest) -> Response:
        """201 for a new endpoint; 200 when the signed-in user posted it before (its keys
        are updated); 409 `endpoint_taken` when it is another account's."""
        data = s.PushSubscriptionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sub, created = services.subscription_save(
            user=request.user, endpoint=values["endpoint"], p256dh=values["keys"]["p256dh"],
            auth=values["keys"]["auth"])
        return Response(s.PushSubscriptionSerializer(sub).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class PushSubscriptionDetailView(AuditedView, APIView):
    audit_record = "push_subscription"
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthedRequest, subscription_id: int) -> Response:
        deleted, _ = PushSubscription.objects.filter(pk=subscription_id,
                                                     user=request.user).delete()
        if not deleted:
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class VapidPublicKeyView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=s.VapidPublicKeySerializer)
    def get(self, request: AuthedRequest) -> Response:
        """The applicationServerKey for pushManager.subscribe (base64url, uncompressed)."""
        return Response({"public_key": public_key()})


class NotificationListView(AuditedView, GenericAPIView):
    audit_record = "notification"
    queryset = Notification.objects.none()
    serializer_class = s.NotificationSerializer

    @extend_schema(responses=s.NotificationSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        """The signed-in user's own notifications that have come due, newest first; all of
        them, or a page with `?limit=&offset=`."""
        return list_response(self, notification_list(user=request.user),
                             s.NotificationSerializer)


class NotificationSnoozeView(AuditedView, APIView):
    audit_record = "notification"
    @extend_schema(request=s.SnoozeSerializer, responses={201: s.SnoozedSerializer})
    def post(self, request: AuthedRequest, notification_id: int) -> Response:
        """Again in `minutes`; 409 `snooze_limit` once this reminder was snoozed
        REMINDERS_MAX_SNOOZES times."""
        notification = Notification.objects.filter(pk=notification_id,
                                                   user=request.user).first()
        if notification is None:
            raise Http404
        data = s.SnoozeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        snoozed = services.notification_snooze(notification=notification,
                                               minutes=data.validated_data["minutes"])
        return Response(s.SnoozedSerializer(snoozed).data, status=status.HTTP_201_CREATED)
