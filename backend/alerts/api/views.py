from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from accounts.selectors import patient_get, visible_to
from alerts.api.serializers import (
    AlertDeclineSerializer,
    AlertQuerySerializer,
    AlertResolveSerializer,
    AlertSerializer,
)
from alerts.models import Alert
from alerts.services import alert_decline, alert_resolve
from audit.recording import AuditedView
from common.pagination import list_response
from common.permissions import IsClinicStaff


class AlertListView(AuditedView, GenericAPIView):
    audit_record = "alert"
    permission_classes = [IsClinicStaff]
    queryset = Alert.objects.none()
    serializer_class = AlertSerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=["open", "resolved"]),
                               OpenApiParameter("patient", int)],
                   responses=AlertSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        query = AlertQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        alerts = visible_to(request.user, Alert.objects.select_related("patient", "resolved_by"))
        if "status" in query.validated_data:
            alerts = alerts.filter(status=query.validated_data["status"])
        if "patient" in query.validated_data:
            patient = patient_get(viewer=request.user, patient_id=query.validated_data["patient"])
            alerts = alerts.filter(patient=patient)
        return list_response(self, alerts, AlertSerializer)


def _alert_for(request: AuthedRequest, alert_id: int) -> Alert:
    alert = visible_to(request.user, Alert.objects.select_related("patient", "resolved_by")
                       .filter(pk=alert_id)).first()
    if alert is None:
        raise Http404
    return alert


class AlertResolveView(AuditedView, APIView):
    audit_record = "alert"
    permission_classes = [IsClinicStaff]

    @extend_schema(request=AlertResolveSerializer, responses=AlertSerializer)
    def post(self, request: AuthedRequest, alert_id: int) -> Response:
        alert = _alert_for(request, alert_id)
        data = AlertResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AlertSerializer(alert_resolve(
            alert=alert, by=request.user, note=data.validated_data["note"])).data)


class AlertDeclineView(AuditedView, APIView):
    """Decline a progression proposal: the phase stays; who and why is kept and shown."""

    audit_record = "alert"
    permission_classes = [IsClinicStaff]

    @extend_schema(request=AlertDeclineSerializer, responses=AlertSerializer)
    def post(self, request: AuthedRequest, alert_id: int) -> Response:
        alert = _alert_for(request, alert_id)
        data = AlertDeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(AlertSerializer(alert_decline(
            alert=alert, by=request.user, reason=data.validated_data["reason"])).data)
