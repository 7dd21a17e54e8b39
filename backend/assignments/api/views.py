from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get
from assignments import selectors, services
from assignments.api import serializers as s
from audit.recording import AuditedView
from common.permissions import IsClinicStaff, IsPatient
from library.models import ProgramTemplate
from library.selectors import template_current_get


def _template_for(viewer: User, slug: str) -> ProgramTemplate:
    """The template the body names: the shared library's or the clinic's own; anything
    else, another clinic's own copy included, is 400 on `template` (common/ownership.py)."""
    try:
        return template_current_get(slug=slug, clinic_id=viewer.clinic_id)
    except ProgramTemplate.DoesNotExist:
        raise ValidationError({"template": [f"No program template '{slug}'."]}) from None


def _render(assignment_id: int, viewer: User) -> dict:
    return s.AssignmentSerializer(
        selectors.assignment_get(viewer=viewer, assignment_id=assignment_id)
    ).data


class PatientAssignmentsView(AuditedView, APIView):
    audit_record = "assignment"
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id)
        assignments = selectors.with_plan(patient.assignments.all())
        return Response(s.AssignmentSerializer(assignments, many=True).data)

    @extend_schema(request=s.AssignmentCreateSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id)
        data = s.AssignmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        assignment = services.assignment_create(
            patient=patient, template=_template_for(request.user, values["template"]),
            start_date=values["start_date"], end_date=values.get("end_date"),
            overrides=values.get("overrides"), created_by=request.user,
        )
        return Response(_render(assignment.pk, request.user), status=status.HTTP_201_CREATED)


class AssignmentDetailView(AuditedView, APIView):
    audit_record = "assignment"
    @extend_schema(responses=s.AssignmentSerializer)
    def get(self, request: AuthedRequest, assignment_id: int) -> Response:
        return Response(_render(assignment_id, request.user))

    @extend_schema(request=s.AssignmentUpdateSerializer, responses=s.AssignmentSerializer)
    def patch(self, request: AuthedRequest, assignment_id: int) -> Response:
        if not IsClinicStaff().has_permission(request, self):
            # A patient may read their assignment but only their therapist changes it.
            selectors.assignment_get(viewer=request.user, assignment_id=assignment_id)
            self.permission_denied(request, message=IsClinicStaff.message)
        assignment = selectors.assignment_get(viewer=request.user, assignment_id=assignment_id)
        data = s.AssignmentUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        services.assignment_update(
            assignment=assignment, changed_by=request.user,
            status=values.get("status"), end_date=values.get("end_date", ...),
            overrides=values.get("overrides"), current_phase=values.get("current_phase"),
            from_phase=values.get("from_phase"), reason=values.get("reason", ""),
            auto_advance=values.get("auto_advance"),
            progression_settings=values.get("progression_settings"),
            item_doses=values.get("item_doses"), add_items=values.get("add_items"),
            remove_items=values.get("remove_items"),
        )
        return Response(_render(assignment.pk, request.user))


class AssignmentHistoryView(AuditedView, APIView):
    """Every change to the program, newest first: who, when, what and why."""
    audit_record = "assignment"

    @extend_schema(responses=s.HistoryEntrySerializer(many=True))
    def get(self, request: AuthedRequest, assignment_id: int) -> Response:
        assignment = selectors.assignment_get(viewer=request.user, assignment_id=assignment_id)
        if not IsClinicStaff().has_permission(request, self):
            # The care team's record; the patient sees the program itself and a notice.
            self.permission_denied(request, message=IsClinicStaff.message)
        return Response(s.HistoryEntrySerializer(
            selectors.assignment_history(assignment=assignment), many=True).data)


class MyAssignmentsView(AuditedView, APIView):
    audit_record = "assignment"
    permission_classes = [IsPatient]

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        assignments = selectors.with_plan(request.user.assignments.all())
        return Response(s.AssignmentSerializer(assignments, many=True).data)


class PatientScreeningView(AuditedView, APIView):
    """Screenings before neck loading, newest first; each one recorded is kept."""
    audit_record = "screening"

    permission_classes = [IsClinicStaff]

    @extend_schema(responses=s.ScreeningSerializer(many=True))
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id)
        return Response(s.ScreeningSerializer(selectors.screening_list(patient=patient),
                                              many=True).data)

    @extend_schema(request=s.ScreeningInputSerializer, responses={201: s.ScreeningSerializer})
    def post(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = patient_get(viewer=request.user, patient_id=patient_id)
        data = s.ScreeningInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        screening = services.screening_record(patient=patient, recorded_by=request.user,
                                              **data.validated_data)
        return Response(s.ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)
