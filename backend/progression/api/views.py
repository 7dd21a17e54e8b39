"""A therapist moves an assignment to the next or the previous phase."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from assignments.api.serializers import AssignmentSerializer
from assignments.selectors import assignment_get
from audit.recording import AuditedView
from common.permissions import IsClinicStaff
from progression.api.serializers import PhaseMoveSerializer
from progression.services import progression_phase_move


class _PhaseMoveView(APIView):
    direction: str

    def post(self, request: AuthedRequest, assignment_id: int) -> Response:
        if not IsClinicStaff().has_permission(request, self):
            # A patient reads their assignment, but only their therapist moves it.
            assignment_get(viewer=request.user, assignment_id=assignment_id)
            self.permission_denied(request, message=IsClinicStaff.message)
        assignment = assignment_get(viewer=request.user, assignment_id=assignment_id)
        data = PhaseMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        progression_phase_move(assignment=assignment, direction=self.direction,  # type: ignore[arg-type]
                               by=request.user, **data.validated_data)
        return Response(AssignmentSerializer(
            assignment_get(viewer=request.user, assignment_id=assignment_id)).data)


class AssignmentAdvanceView(AuditedView, _PhaseMoveView):
    audit_record = "assignment"
    direction = "advance"

    @extend_schema(request=PhaseMoveSerializer, responses=AssignmentSerializer,
                   description="Move to the next phase (or `to_phase`), recording who and why. "
                               "With `from_phase`, 409 `phase_moved` if it is no longer the "
                               "current phase.")
    def post(self, request: AuthedRequest, assignment_id: int) -> Response:
        return super().post(request, assignment_id)


class AssignmentRegressView(AuditedView, _PhaseMoveView):
    audit_record = "assignment"
    direction = "regress"

    @extend_schema(request=PhaseMoveSerializer, responses=AssignmentSerializer,
                   description="Step back to the previous phase (or `to_phase`), recording "
                               "who and why. With `from_phase`, 409 `phase_moved` if it is no "
                               "longer the current phase.")
    def post(self, request: AuthedRequest, assignment_id: int) -> Response:
        return super().post(request, assignment_id)
