from __future__ import annotations

import uuid
from datetime import date

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.selectors import patient_get
from assignments.models import Assignment, AssignmentItem
from common.fields import ProgramDateField
from common.ownership import resolve_reference
from common.pagination import list_response
from common.permissions import IsPatient
from logs import selectors, services
from logs.api import serializers as s
from logs.models import DailyCheckin, HeadacheLog, SessionLog, WeeklyCheckin

CLOCK_SKEW = services.CLOCK_SKEW

_list_params = [
    OpenApiParameter("from", date, description="First local date, included."),
    OpenApiParameter("to", date, description="Last local date, included."),
    OpenApiParameter("patient", int, description="Clinic staff: whose logs."),
]


def logs_visible_to(request: Request, model: type[Model], date_field: str) -> QuerySet:
    """The caller's logs (staff: their clinic's, or one patient's), filtered by local dates."""
    query = s.LogQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    user: User = request.user
    if "patient" in params:
        patient = patient_get(viewer=user, patient_id=params["patient"])
        rows = model.objects.filter(patient=patient)
    elif user.is_clinic_staff:
        rows = model.objects.filter(patient__clinic_id=user.clinic_id)
    else:
        rows = model.objects.filter(patient=user)
    if params.get("from"):
        rows = rows.filter(**{f"{date_field}__gte": params["from"]})
    if params.get("to"):
        rows = rows.filter(**{f"{date_field}__lte": params["to"]})
    return rows


def _not_in_future(value, field: str) -> None:
    if value is not None and value > timezone.now() + CLOCK_SKEW:
        raise ValidationError({field: ["Cannot be in the future."]})


def _replay_or_refuse(request: Request, model: type[SessionLog | HeadacheLog], serializer,
                      errors) -> Response:
    """A body that fails validation may still be a resend of a log stored earlier (the
    phone's copy of the form may have aged): answer with the first record if so.

    Valid bodies need no look-up first: the unique (patient, client_id) constraint turns a
    resend into the first record when it is written (see logs.services).
    """
    raw = request.data.get("client_id") if isinstance(request.data, dict) else None
    try:
        first = model.objects.filter(patient=request.user, client_id=uuid.UUID(str(raw))).first()
    except ValueError:
        first = None
    if first is None:
        raise ValidationError(errors)
    return Response(serializer(first).data, status=status.HTTP_200_OK)


class SessionLogListView(GenericAPIView):
    queryset = SessionLog.objects.none()  # rows come from logs_visible_to(); this names the model
    serializer_class = s.SessionLogSerializer

    def get_permissions(self):
        return [IsPatient()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=_list_params, responses=s.SessionLogSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = logs_visible_to(request, SessionLog, "local_date").prefetch_related(
            "entries__exercise")
        return list_response(self, rows, s.SessionLogSerializer)

    @extend_schema(request=s.SessionLogInputSerializer,
                   responses={201: s.SessionLogSerializer, 200: s.SessionLogSerializer})
    def post(self, request: Request) -> Response:
        data = s.SessionLogInputSerializer(data=request.data)
        if not data.is_valid():
            return _replay_or_refuse(request, SessionLog, s.SessionLogSerializer, data.errors)
        values = data.validated_data
        patient: User = request.user
        assignment, exercise_ids = self._program(patient, values["assignment"])
        _not_in_future(values["performed_at"], "performed_at")
        if values["performed_at"].astimezone(patient.zone).date() < assignment.start_date:
            raise ValidationError({"performed_at": ["Before this program started."]})
        entries = self._entries(values["entries"], exercise_ids)
        session, created = services.session_log_create(
            patient=patient, client_id=values["client_id"], assignment=assignment,
            performed_at=values["performed_at"], entries=entries,
            pain_during=values.get("pain_during"), soreness_after=values.get("soreness_after"),
            headache_triggered=values["headache_triggered"], notes=values["notes"],
        )
        if not created:
            return Response(s.SessionLogSerializer(session).data, status=status.HTTP_200_OK)
        return Response(s.session_log_body(session, exercise_slugs={
            pk: slug for slug, pk in exercise_ids.items()}), status=status.HTTP_201_CREATED)

    @staticmethod
    def _program(patient: User, assignment_id: int) -> tuple[Assignment, dict[str, int]]:
        """The patient's assignment and its exercises {slug: id}, in one query when it is
        theirs; otherwise 400 on `assignment`, whoever's it is (common/ownership.py)."""
        rows = list(AssignmentItem.objects
                    .filter(assignment_id=assignment_id, assignment__patient=patient)
                    .values_list("exercise__slug", "exercise_id", "assignment__start_date"))
        if not rows:
            assignment = resolve_reference(
                visible=Assignment.objects.filter(patient=patient), value=assignment_id,
                field="assignment", missing="No such program of yours.")
            return assignment, {}
        # Only the id is written with the log; the start date is all the checks read.
        assignment = Assignment(pk=assignment_id, patient=patient, start_date=rows[0][2])
        return assignment, {slug: pk for slug, pk, _ in rows}

    @staticmethod
    def _entries(entries: list[dict], exercise_ids: dict[str, int]) -> list[dict]:
        missing = {e["exercise"] for e in entries} - set(exercise_ids)
        if not missing:
            return [{**{k: v for k, v in e.items() if k != "exercise"},
                     "exercise_id": exercise_ids[e["exercise"]]} for e in entries]
        known = set(services.exercises_by_slug(missing))
        raise ValidationError({
            f"entries.{index}.exercise": [
                f"'{e['exercise']}' is not part of this program." if e["exercise"] in known
                else f"Unknown exercise '{e['exercise']}'."]
            for index, e in enumerate(entries) if e["exercise"] in missing
        })


class SessionLogDetailView(APIView):
    @extend_schema(responses=s.SessionLogSerializer)
    def get(self, request: Request, log_id: int) -> Response:
        return Response(s.SessionLogSerializer(_get(request, SessionLog, log_id)).data)


def _get(request: Request, model: type[Model], pk: int):
    user: User = request.user
    rows = (model.objects.filter(patient__clinic_id=user.clinic_id) if user.is_clinic_staff
            else model.objects.filter(patient=user))
    try:
        return rows.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


class HeadacheLogListView(GenericAPIView):
    queryset = HeadacheLog.objects.none()
    serializer_class = s.HeadacheLogSerializer

    def get_permissions(self):
        return [IsPatient()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=_list_params, responses=s.HeadacheLogSerializer(many=True))
    def get(self, request: Request) -> Response:
        return list_response(self, logs_visible_to(request, HeadacheLog, "local_date"),
                             s.HeadacheLogSerializer)

    @extend_schema(request=s.HeadacheLogInputSerializer,
                   responses={201: s.HeadacheLogSerializer, 200: s.HeadacheLogSerializer})
    def post(self, request: Request) -> Response:
        data = s.HeadacheLogInputSerializer(data=request.data)
        if not data.is_valid():
            return _replay_or_refuse(request, HeadacheLog, s.HeadacheLogSerializer, data.errors)
        values = data.validated_data
        _not_in_future(values["started_at"], "started_at")
        _not_in_future(values.get("ended_at"), "ended_at")
        if values.get("ended_at") and values["ended_at"] < values["started_at"]:
            raise ValidationError({"ended_at": ["Must not be before started_at."]})
        log, created = services.headache_log_create(patient=request.user, **values)
        return Response(s.HeadacheLogSerializer(log).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class HeadacheLogDetailView(APIView):
    @extend_schema(responses=s.HeadacheLogSerializer)
    def get(self, request: Request, log_id: int) -> Response:
        return Response(s.HeadacheLogSerializer(_get(request, HeadacheLog, log_id)).data)


class DailyCheckinListView(GenericAPIView):
    queryset = DailyCheckin.objects.none()
    serializer_class = s.DailyCheckinSerializer

    @extend_schema(parameters=_list_params, responses=s.DailyCheckinSerializer(many=True))
    def get(self, request: Request) -> Response:
        return list_response(self, logs_visible_to(request, DailyCheckin, "date"),
                             s.DailyCheckinSerializer)


class DailyCheckinView(APIView):
    permission_classes = [IsPatient]

    @staticmethod
    def _date(request: Request, value: str) -> date:
        try:
            on = ProgramDateField().run_validation(value)
        except ValidationError as invalid:
            raise ValidationError({"date": invalid.detail}) from None
        if on > request.user.local_today():
            raise ValidationError({"date": ["Cannot be in the future."]})
        return on

    @extend_schema(responses=s.DailyCheckinSerializer)
    def get(self, request: Request, day: str) -> Response:
        on = self._date(request, day)
        checkin = DailyCheckin.objects.filter(patient=request.user, date=on).first()
        if checkin is None:
            raise Http404
        return Response(s.DailyCheckinSerializer(checkin).data)

    @extend_schema(request=s.DailyCheckinInputSerializer,
                   responses={200: s.DailyCheckinSerializer, 201: s.DailyCheckinSerializer})
    def put(self, request: Request, day: str) -> Response:
        on = self._date(request, day)
        data = s.DailyCheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin, created = services.daily_checkin_put(patient=request.user, on=on,
                                                      **data.validated_data)
        return Response(s.DailyCheckinSerializer(checkin).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class WeeklyCheckinView(APIView):
    """The patient's answer to "how many sessions did you manage this week?", by the
    Monday that starts the week. Like daily check-ins, the path reaches only the caller's
    own: another patient's week is simply a week they have not answered."""

    permission_classes = [IsPatient]

    @staticmethod
    def _week(request: Request, value: str) -> date:
        try:
            monday = ProgramDateField().run_validation(value)
        except ValidationError as invalid:
            raise ValidationError({"week_start": invalid.detail}) from None
        services.checkin_week_validate(patient=request.user, week_start=monday)
        return monday

    @extend_schema(responses=s.WeeklyCheckinSerializer)
    def get(self, request: Request, week_start: str) -> Response:
        monday = self._week(request, week_start)
        checkin = WeeklyCheckin.objects.filter(patient=request.user, week_start=monday).first()
        if checkin is None:
            raise Http404
        return Response(s.WeeklyCheckinSerializer(checkin).data)

    @extend_schema(request=s.WeeklyCheckinInputSerializer,
                   responses={200: s.WeeklyCheckinSerializer, 201: s.WeeklyCheckinSerializer})
    def put(self, request: Request, week_start: str) -> Response:
        monday = self._week(request, week_start)
        data = s.WeeklyCheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin, created = services.weekly_checkin_put(
            patient=request.user, week_start=monday, **data.validated_data)
        return Response(s.WeeklyCheckinSerializer(checkin).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MyWeeklyCheckinsView(APIView):
    """The weekly check-in screen reads this: each of the last `weeks` weeks with what was
    planned and what the patient answered (null when not yet)."""

    permission_classes = [IsPatient]

    @extend_schema(parameters=[OpenApiParameter(
        "weeks", int, description="How many weeks back, the current one first (1-52), "
                                  "default 4.")],
        responses=s.WeekOfCheckinsSerializer(many=True))
    def get(self, request: Request) -> Response:
        query = s.WeeksQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.weekly_checkin_list(patient=request.user,
                                             weeks=query.validated_data["weeks"])
        return Response(s.WeekOfCheckinsSerializer(rows, many=True).data)
