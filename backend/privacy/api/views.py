"""A patient's copy of their data and their erasure (issue 11 item 6, docs/privacy.md)."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get, patients_visible_to
from audit.recording import AuditedView
from common.permissions import IsClinicAdmin, IsClinicStaff, IsPatient
from common.throttling import ClientScopedRateThrottle
from privacy import erasure
from privacy.export import build_zip
from privacy.models import ErasureRequest, ErasureStatus

ZIP = OpenApiResponse(OpenApiTypes.BINARY, description="application/zip: one JSON file per "
                      "kind of record and summary.html")


def _zip_response(patient: User) -> HttpResponse:
    body, name = build_zip(patient)
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


class MyExportView(AuditedView, APIView):
    """`GET me/export`: everything the product holds about me, as a ZIP."""

    audit_record = "export"
    permission_classes = [IsPatient]
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "export"

    @extend_schema(responses={200: ZIP})
    def get(self, request: AuthedRequest) -> HttpResponse:
        return _zip_response(request.user)


class PatientExportView(AuditedView, APIView):
    """`GET patients/{id}/export`: the same archive, for the patient's therapist (audited)."""

    audit_record = "export"
    permission_classes = [IsClinicStaff]
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "export"

    @extend_schema(responses={200: ZIP})
    def get(self, request: AuthedRequest, patient_id: int) -> HttpResponse:
        return _zip_response(patient_get(viewer=request.user, patient_id=patient_id))


# The erasure's states as the API shows them: "none" before anyone asked.
ERASURE_STATES = [("none", "Not asked"), *ErasureStatus.choices]


class ErasureSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ERASURE_STATES, help_text=(
        "none: never asked; requested: waiting for a clinic administrator; confirmed: the "
        "account is closed and the data goes at due_at; done: erased."))
    requested_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=(
        "When the personal data goes (after the clinic's grace period)."))
    done_at = serializers.DateTimeField(allow_null=True)


class ErasureConfirmSerializer(serializers.Serializer):
    confirm = serializers.BooleanField(help_text="Must be true: erasure cannot be undone.")


NOT_ASKED = {"status": "none", "requested_at": None, "confirmed_at": None, "due_at": None,
             "done_at": None}


def _body(request: ErasureRequest | None) -> dict:
    return ErasureSerializer(request if request is not None else NOT_ASKED).data


class ErasureListRowSerializer(ErasureSerializer):
    patient = serializers.IntegerField(source="patient_id")
    first_name = serializers.CharField(source="patient.first_name")
    last_name = serializers.CharField(source="patient.last_name")


class ErasureListView(AuditedView, APIView):
    """`GET erasure-requests`: the clinic's erasures not yet carried out, oldest first, for
    its administrators to confirm (also where the clinic keeps health data from them)."""

    audit_record = "erasure"
    permission_classes = [IsClinicAdmin]

    @extend_schema(responses=ErasureListRowSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        rows = (ErasureRequest.objects
                .filter(patient__in=patients_visible_to(request.user, health_data=False))
                .exclude(status=ErasureStatus.DONE).select_related("patient")
                .order_by("requested_at", "pk"))
        return Response(ErasureListRowSerializer(rows, many=True).data)


class MyErasureView(AuditedView, APIView):
    """`POST me/erasure`: I ask my clinic to erase my account (202: a clinic administrator
    confirms it); `GET me/erasure`: where my request stands."""

    audit_record = "erasure"
    permission_classes = [IsPatient]

    @extend_schema(responses={200: ErasureSerializer})
    def get(self, request: AuthedRequest) -> Response:
        return Response(_body(ErasureRequest.objects.filter(patient=request.user).first()))

    @extend_schema(request=None, responses={202: ErasureSerializer})
    def post(self, request: AuthedRequest) -> Response:
        return Response(_body(erasure.erasure_request(patient=request.user)),
                        status=status.HTTP_202_ACCEPTED)


class PatientErasureView(AuditedView, APIView):
    """`GET patients/{id}/erasure`: where the patient's erasure stands (staff);
    `POST {confirm: true}`: a clinic administrator confirms it (202)."""

    audit_record = "erasure"
    permission_classes = [IsClinicStaff]

    def get_permissions(self):
        return [IsClinicAdmin()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses={200: ErasureSerializer})
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id, health_data=False)
        return Response(_body(ErasureRequest.objects.filter(patient=patient).first()))

    @extend_schema(request=ErasureConfirmSerializer, responses={202: ErasureSerializer})
    def post(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id, health_data=False)
        data = ErasureConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data["confirm"]:
            raise ValidationError({"confirm": ["Tick the box to confirm: erasure cannot be "
                                               "undone."]})
        done = erasure.erasure_confirm(patient=patient, by=request.user)
        return Response(_body(done), status=status.HTTP_202_ACCEPTED)

