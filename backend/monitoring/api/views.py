from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import PatientCreateView
from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get
from audit.recording import AuditedView
from common.permissions import IsClinicStaff, IsPatient
from monitoring.api import serializers as s
from monitoring.api.serializers import AdherenceQuerySerializer, AdherenceReportSerializer
from monitoring.selectors import adherence_report, patient_attention_list

_params = [OpenApiParameter("weeks", int, description="How many weeks back (1-52), default 12."),
           OpenApiParameter("date", str, description="Report as of this local date.")]


def _report(request: AuthedRequest, patient: User) -> Response:
    query = AdherenceQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    report = adherence_report(patient=patient, weeks=query.validated_data["weeks"],
                              today=query.validated_data.get("date"))
    return Response(AdherenceReportSerializer(report).data)


class PatientAdherenceView(AuditedView, APIView):
    audit_record = "adherence"
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=_params, responses=AdherenceReportSerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        return _report(request, patient_get(viewer=request.user, patient_id=patient_id))


class MyAdherenceView(AuditedView, APIView):
    """The patient's own progress screen reads the same report."""

    audit_record = "adherence"
    permission_classes = [IsPatient]

    @extend_schema(parameters=_params, responses=AdherenceReportSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return _report(request, request.user)


class PatientListView(PatientCreateView):
    """`GET patients`: the clinic's patients, the ones who most need attention first (and
    `POST patients` from accounts, on the same path)."""

    audit_record = "patient_list"
    @extend_schema(parameters=[s.PatientQuerySerializer],
                   responses=s.PatientListItemSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        query = s.PatientQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        patients = patient_attention_list(viewer=request.user,
                                          search=query.validated_data.get("search"))
        return Response([s.patient_list_body(patient) for patient in patients])
