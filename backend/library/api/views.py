"""The exercise library and program templates. Everyone signed in reads; clinic staff copy
templates to their clinic and edit their copies."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from common.permissions import IsClinicStaff
from library import selectors, services
from library.api import serializers as s
from library.models import Exercise, Medication, ProgramTemplate


def _visible_template(request: AuthedRequest, slug: str) -> ProgramTemplate:
    try:
        return selectors.template_current_get(slug=slug, clinic_id=request.user.clinic_id)
    except ProgramTemplate.DoesNotExist:
        raise NotFound() from None  # missing, or another clinic's own template


def _template_response(template: ProgramTemplate, status_code: int = 200) -> Response:
    exercises = selectors.template_exercises(templates=[template])
    return Response(s.template_data([template], exercises=exercises)[0], status=status_code)


class ExerciseListView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the name, slug or region."),
            OpenApiParameter("region", str, description="Exact region, e.g. neck."),
        ],
        responses=s.LibraryExerciseSerializer(many=True),
    )
    def get(self, request: AuthedRequest) -> Response:
        query = s.ExerciseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        exercises = selectors.exercise_list(search=query.validated_data.get("search"),
                                            region=query.validated_data.get("region"))
        return Response(s.LibraryExerciseSerializer(exercises, many=True).data)


class ExerciseDetailView(APIView):
    @extend_schema(responses=s.LibraryExerciseSerializer)
    def get(self, request: AuthedRequest, slug: str) -> Response:
        try:
            exercise = selectors.exercise_get(slug=slug)
        except Exercise.DoesNotExist:
            raise NotFound() from None
        return Response(s.LibraryExerciseSerializer(exercise).data)


class ProgramTemplateListView(APIView):
    @extend_schema(responses=s.ProgramTemplateSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        templates = selectors.template_list(clinic_id=request.user.clinic_id)
        exercises = selectors.template_exercises(templates=templates)
        return Response(s.template_data(templates, exercises=exercises))


class ProgramTemplateDetailView(APIView):
    def get_permissions(self):
        if self.request.method == "PATCH":
            return [IsAuthenticated(), IsClinicStaff()]
        return super().get_permissions()

    @extend_schema(responses=s.ProgramTemplateSerializer)
    def get(self, request: AuthedRequest, slug: str) -> Response:
        return _template_response(_visible_template(request, slug))

    @extend_schema(request=s.TemplateUpdateSerializer, responses=s.ProgramTemplateSerializer)
    def patch(self, request: AuthedRequest, slug: str) -> Response:
        """Edit the clinic's own copy: the answer is its new current version."""
        template = _visible_template(request, slug)
        if template.clinic_id != request.user.clinic_id:
            raise PermissionDenied("Shared library templates change only through the program "
                                   "files; copy this template to your clinic to edit it.")
        data = s.TemplateUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.template_update(template=template, **data.validated_data)
        return _template_response(updated)


class ProgramTemplateCopyView(APIView):
    permission_classes = [IsAuthenticated, IsClinicStaff]

    @extend_schema(request=s.TemplateCopySerializer, responses={201: s.ProgramTemplateSerializer})
    def post(self, request: AuthedRequest, slug: str) -> Response:
        template = _visible_template(request, slug)
        data = s.TemplateCopySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clinic = request.user.clinic
        if clinic is None:  # IsClinicStaff lets in only staff of a clinic
            raise PermissionDenied
        copy = services.template_copy(template=template, clinic=clinic,
                                      **data.validated_data)
        return _template_response(copy, status.HTTP_201_CREATED)


class MedicationListView(APIView):
    """The acute-medication catalogue the diary offers, by name; anyone signed in."""

    @extend_schema(responses=s.MedicationSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        return Response(s.MedicationSerializer(Medication.objects.all(), many=True).data)
