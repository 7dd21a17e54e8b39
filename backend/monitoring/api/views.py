from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import PatientCreateView
from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get, sees_health_data
from audit.recording import AuditedView
from common.pagination import page_headers
from common.permissions import IsClinicStaff, IsPatient
from monitoring.api import serializers as s
from monitoring.api.serializers import AdherenceQuerySerializer, AdherenceReportSerializer
from monitoring.diary_month import diary_month
from monitoring.selectors import adherence_report, patient_list_page, people_list_page
from monitoring.services import summaries_refresh_due

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


def _diary(request: AuthedRequest, patient: User) -> Response:
    query = s.DiaryMonthQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    given = query.validated_data.get("month")
    month = (date(int(given[:4]), int(given[5:7]), 1) if given
             else patient.local_today().replace(day=1))
    return Response(diary_month(patient=patient, month=month))


_month = [OpenApiParameter("month", str, description="YYYY-MM; default: this month.")]


class MyDiaryView(AuditedView, APIView):
    """The patient's month calendar: each day's status, pain, medication and sessions."""

    audit_record = "diary"
    permission_classes = [IsPatient]

    @extend_schema(parameters=_month, responses=s.DiaryMonthSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return _diary(request, request.user)


class PatientDiaryView(AuditedView, APIView):
    audit_record = "diary"
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=_month, responses=s.DiaryMonthSerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        return _diary(request, patient_get(viewer=request.user, patient_id=patient_id))


class PatientListView(PatientCreateView):
    """`GET patients`: the clinic's patients, the ones who most need attention first (and
    `POST patients` from accounts, on the same path)."""

    audit_record = "patient_list"
    @extend_schema(parameters=[s.PatientQuerySerializer],
                   responses=s.PatientListItemSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        query = s.PatientQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        viewer, data = request.user, query.validated_data
        limit, offset = data["limit"], data["offset"]
        if sees_health_data(viewer):
            if viewer.clinic_id:
                # What the worker has not recomputed yet (normally nothing): a page never
                # shows a figure a write or a midnight has made stale.
                summaries_refresh_due(clinic_id=viewer.clinic_id)
            rows, total = patient_list_page(
                viewer=viewer, search=data.get("search"),
                needs_attention=data.get("needs_attention"), limit=limit, offset=offset)
            body = [s.summary_list_body(row) for row in rows]
        else:
            people, total = people_list_page(viewer=viewer, search=data.get("search"),
                                             limit=limit, offset=offset)
            body = [s.patient_list_body(patient) for patient in people]
        return Response(body, headers=page_headers(request, total=total, limit=limit,
                                                    offset=offset))
