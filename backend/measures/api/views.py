from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get, patients_visible_to, visible_to
from audit.recording import AuditedView
from common.ownership import resolve_reference
from common.permissions import IsClinicStaff, IsPatient
from common.replay import earlier_copy
from measures import selectors, services
from measures.api import serializers as s
from measures.instruments import instruments
from measures.models import Measure
from measures.thresholds import instrument_thresholds

# Phones' clocks drift; a measure a few minutes "ahead" of ours is not from the future.
CLOCK_SKEW = timedelta(minutes=5)

_as_of = [OpenApiParameter("date", date, description="As of this local date; default today.")]


def _patient_for_post(request: AuthedRequest, raw) -> User:
    """Whose measure: staff name a patient of their clinic; a patient records their own.

    Anyone else, in this clinic or another, or no one: 400 on `patient`
    (common/ownership.py).
    """
    user: User = request.user
    if raw is None:
        if user.is_patient:
            return user
        raise ValidationError({"patient": ["Name the patient this measure belongs to."]})
    return resolve_reference(visible=patients_visible_to(user), value=raw, field="patient",
                             missing="No such patient here.")


def _earlier_copy(request: AuthedRequest) -> Measure | None:
    """A resend whose body no longer validates (an aged form on the phone) still finds the
    measure it stored the first time."""
    body = request.data if isinstance(request.data, dict) else {}
    try:
        patient_id = request.user.pk if request.user.is_patient else int(body["patient"])
    except (KeyError, ValueError, TypeError, OverflowError):
        return None
    if not 0 < patient_id <= s.ID_MAX:
        return None
    return earlier_copy(visible_to(request.user, Measure.objects.all()), body=body,
                        owner={"patient_id": patient_id})


class MeasureListView(AuditedView, GenericAPIView):
    audit_record = "measure"
    queryset = Measure.objects.none()  # rows come from selectors.measure_list
    serializer_class = s.MeasureSerializer

    def get_permissions(self):
        if self.request.method == "POST":
            return [(IsPatient | IsClinicStaff)()]
        return super().get_permissions()

    @extend_schema(
        description="Newest first. `?instrument=psfs&limit=1` is the latest PSFS: the app "
                    "asks its activities again, in its version, when the PSFS is next due.",
        parameters=[
            OpenApiParameter("patient", int, description="Whose measures (staff: a patient "
                                                         "of their clinic)."),
            OpenApiParameter("instrument", str, enum=["hit6", "ndi", "midas", "psfs"]),
        ],
        responses=s.MeasureSerializer(many=True),
    )
    def get(self, request: AuthedRequest) -> Response:
        query = s.MeasureQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        patient = (patient_get(viewer=request.user, patient_id=params["patient"])
                   if "patient" in params else None)
        rows = selectors.measure_list(viewer=request.user, patient=patient,
                                      instrument=params.get("instrument"))
        page = self.paginate_queryset(rows)
        if page is not None:
            return self.get_paginated_response(s.MeasureSerializer(page, many=True).data)
        return Response(s.MeasureSerializer(rows, many=True).data)

    @extend_schema(request=s.MeasureInputSerializer,
                   responses={201: s.MeasureSerializer, 200: s.MeasureSerializer})
    def post(self, request: AuthedRequest) -> Response:
        try:
            measure, created = self._create(request)
        except (ValidationError, DjangoValidationError):
            first = _earlier_copy(request)
            if first is None:
                raise
            return Response(s.MeasureSerializer(first).data, status=status.HTTP_200_OK)
        return Response(s.MeasureSerializer(measure).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @staticmethod
    def _create(request: AuthedRequest) -> tuple[Measure, bool]:
        data = s.MeasureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        patient = _patient_for_post(request, values.get("patient"))
        taken_at = values.get("taken_at") or timezone.now()
        if taken_at > timezone.now() + CLOCK_SKEW:
            raise ValidationError({"taken_at": ["Cannot be in the future."]})
        return services.measure_create(
            patient=patient, instrument=values["instrument"], answers=values["answers"],
            version=values.get("version"), taken_at=taken_at,
            client_id=values.get("client_id"), created_by=request.user,
        )


class InstrumentListView(APIView):
    """The questionnaires for the app to render, with the caller's clinic's thresholds."""

    @extend_schema(responses=s.InstrumentDocumentSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        clinic = request.user.clinic
        documents = []
        for definition in instruments().values():
            thresholds = instrument_thresholds(instrument=definition, clinic=clinic)
            documents.append({**definition.document, "thresholds": asdict(thresholds)})
        return Response(s.InstrumentDocumentSerializer(documents, many=True).data)


def _as_of_date(request: AuthedRequest, patient: User) -> date:
    query = s.AsOfQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data.get("date") or patient.local_today()


def _due(request: AuthedRequest, patient: User) -> Response:
    schedule = selectors.measures_due(patient=patient, on=_as_of_date(request, patient))
    return Response(s.MeasureDueSerializer(schedule, many=True).data)


def _outcomes(request: AuthedRequest, patient: User) -> Response:
    summary = selectors.outcomes_summary(patient=patient, today=_as_of_date(request, patient))
    return Response(s.OutcomesSerializer(summary).data)


class PatientMeasuresDueView(AuditedView, APIView):
    audit_record = "measure"
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=_as_of, responses=s.MeasureDueSerializer(many=True))
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        return _due(request, patient_get(viewer=request.user, patient_id=patient_id))


class MyMeasuresDueView(AuditedView, APIView):
    audit_record = "measure"
    permission_classes = [IsPatient]

    @extend_schema(parameters=_as_of, responses=s.MeasureDueSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        return _due(request, request.user)


class PatientOutcomesView(AuditedView, APIView):
    audit_record = "outcomes"
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=_as_of, responses=s.OutcomesSerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        return _outcomes(request, patient_get(viewer=request.user, patient_id=patient_id))


class MyOutcomesView(AuditedView, APIView):
    audit_record = "outcomes"
    permission_classes = [IsPatient]

    @extend_schema(parameters=_as_of, responses=s.OutcomesSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return _outcomes(request, request.user)
