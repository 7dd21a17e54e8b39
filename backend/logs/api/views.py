from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.http import AuthedRequest
from accounts.models import User
from accounts.selectors import patient_get, visible_to
from audit.recording import AuditedView
from common.fields import ProgramDateField
from common.pagination import list_response
from common.permissions import IsClinicStaff, IsPatient
from common.replay import earlier_copy
from logs import selectors, services
from logs.api import serializers as s
from logs.models import (
    DailyCheckin,
    DaySkip,
    DiarySettings,
    HeadacheLog,
    SessionLog,
    WeeklyCheckin,
)
from logs.triggers import triggers_for

_list_params = [
    OpenApiParameter("from", date, description="First local date, included."),
    OpenApiParameter("to", date, description="Last local date, included."),
    OpenApiParameter("patient", int, description="Clinic staff: whose logs."),
]


def logs_visible_to(request: AuthedRequest, model: type[Model], date_field: str) -> QuerySet:
    """The caller's logs (staff: their clinic's, or one patient's), filtered by local dates."""
    query = s.LogQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    params = query.validated_data
    rows = visible_to(request.user, model._default_manager.all())
    if "patient" in params:
        rows = rows.filter(patient=patient_get(viewer=request.user, patient_id=params["patient"]))
    if params.get("from"):
        rows = rows.filter(**{f"{date_field}__gte": params["from"]})
    if params.get("to"):
        rows = rows.filter(**{f"{date_field}__lte": params["to"]})
    return rows


def _replay_or_refuse(request: AuthedRequest, model: type[SessionLog], serializer,
                      errors) -> Response:
    """A body that fails validation may still be a resend of a log stored earlier
    (common.replay): answer with the first record if so."""
    first = earlier_copy(model._default_manager.all(), body=request.data,
                         owner={"patient": request.user})
    if first is None:
        raise ValidationError(errors)
    return Response(serializer(first).data, status=status.HTTP_200_OK)


class SessionLogListView(AuditedView, GenericAPIView):
    audit_record = "session_log"
    queryset = SessionLog.objects.none()  # rows come from logs_visible_to(); this names the model
    serializer_class = s.SessionLogSerializer

    def get_permissions(self):
        return [IsPatient()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=_list_params, responses=s.SessionLogSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        rows = logs_visible_to(request, SessionLog, "local_date").prefetch_related(
            "entries__exercise")
        return list_response(self, rows, s.SessionLogSerializer)

    @extend_schema(request=s.SessionLogInputSerializer,
                   responses={201: s.SessionLogSerializer, 200: s.SessionLogSerializer})
    def post(self, request: AuthedRequest) -> Response:
        data = s.SessionLogInputSerializer(data=request.data)
        if not data.is_valid():
            return _replay_or_refuse(request, SessionLog, s.SessionLogSerializer, data.errors)
        values = data.validated_data
        session, created = services.session_log_submit(
            patient=request.user, client_id=values["client_id"],
            assignment_id=values["assignment"], performed_at=values["performed_at"],
            entries=values["entries"], pain_during=values.get("pain_during"),
            soreness_after=values.get("soreness_after"),
            headache_triggered=values["headache_triggered"], notes=values["notes"],
        )
        if not created:
            return Response(s.SessionLogSerializer(session).data, status=status.HTTP_200_OK)
        return Response(s.session_log_body(session), status=status.HTTP_201_CREATED)


class SessionLogDetailView(AuditedView, APIView):
    audit_record = "session_log"
    @extend_schema(responses=s.SessionLogSerializer)
    def get(self, request: AuthedRequest, log_id: int) -> Response:
        return Response(s.SessionLogSerializer(_get(request, SessionLog, log_id)).data)


def _get(request: AuthedRequest, model: type[Model], pk: int):
    try:
        return visible_to(request.user, model._default_manager.all()).get(pk=pk)
    except ObjectDoesNotExist:  # the model's DoesNotExist
        raise Http404 from None


class HeadacheLogListView(AuditedView, GenericAPIView):
    audit_record = "headache_log"
    queryset = HeadacheLog.objects.none()
    serializer_class = s.HeadacheLogSerializer

    def get_permissions(self):
        return [IsPatient()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(parameters=_list_params, responses=s.HeadacheLogSerializer(many=True),
                   description="Newest first; entries the patient deleted are left out.")
    def get(self, request: AuthedRequest) -> Response:
        rows = logs_visible_to(request, HeadacheLog, "local_date").prefetch_related(
            "medications__medication")
        return list_response(self, rows, s.HeadacheLogSerializer)

    @extend_schema(request=s.HeadacheLogInputSerializer,
                   responses={201: s.HeadacheLogAnswerSerializer,
                              200: s.HeadacheLogAnswerSerializer})
    def post(self, request: AuthedRequest) -> Response:
        data = s.HeadacheLogInputSerializer(data=request.data)
        if not data.is_valid():
            first = earlier_copy(HeadacheLog.all_objects.all(), body=request.data,
                                 owner={"patient": request.user})
            if first is None:
                raise ValidationError(data.errors)
            return Response(s.HeadacheLogAnswerSerializer(first).data, status=status.HTTP_200_OK)
        values = data.validated_data
        log, created = services.headache_log_create(patient=request.user, **values)
        log.patient = request.user  # the urgent message reads the clinic's number
        return Response(s.HeadacheLogAnswerSerializer(log).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class HeadacheLogDetailView(AuditedView, APIView):
    """One entry. The patient corrects (`PATCH`, with the `version` they saw) or deletes
    (`DELETE`: soft, no longer counted) their own; another's is 404."""

    audit_record = "headache_log"

    def get_permissions(self):
        return [IsPatient()] if self.request.method in ("PATCH", "DELETE") else (
            super().get_permissions())

    @extend_schema(responses=s.HeadacheLogSerializer)
    def get(self, request: AuthedRequest, log_id: int) -> Response:
        return Response(s.HeadacheLogSerializer(_get(request, HeadacheLog, log_id)).data)

    @extend_schema(request=s.HeadacheLogChangeSerializer, responses=s.HeadacheLogSerializer)
    def patch(self, request: AuthedRequest, log_id: int) -> Response:
        data = s.HeadacheLogChangeSerializer(data=request.data, partial=True)
        if not data.is_valid():
            raise ValidationError(data.errors)
        changes = dict(data.validated_data)
        if "version" not in changes:
            raise ValidationError({"version": [
                "Send the entry's version, so that an older copy does not overwrite a newer "
                "one."]})
        version = changes.pop("version")
        log = services.headache_log_update(patient=request.user, log_id=log_id,
                                           version=version, changes=changes)
        if log is None:
            raise Http404
        return Response(s.HeadacheLogSerializer(log).data)

    @extend_schema(responses={204: None})
    def delete(self, request: AuthedRequest, log_id: int) -> Response:
        if not services.headache_log_delete(patient=request.user, log_id=log_id):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class TriggerListView(APIView):
    """The possible triggers a patient may tick with a headache: their clinic's list."""

    @extend_schema(responses=s.TriggerSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        return Response(triggers_for(request.user.clinic))


class DiarySettingsView(AuditedView, APIView):
    """The patient's own diary choices: whether each headache asks about menstruation."""

    audit_record = "diary_settings"
    permission_classes = [IsPatient]

    @extend_schema(responses=s.DiarySettingsSerializer)
    def get(self, request: AuthedRequest) -> Response:
        found = DiarySettings.objects.filter(patient=request.user).first()
        return Response(s.DiarySettingsSerializer(found or DiarySettings()).data)

    @extend_schema(request=s.DiarySettingsSerializer, responses=s.DiarySettingsSerializer)
    def put(self, request: AuthedRequest) -> Response:
        data = s.DiarySettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.diary_settings_put(
            patient=request.user,
            track_menstruation=data.validated_data.get("track_menstruation", False))
        return Response(s.DiarySettingsSerializer(saved).data)


class DailyCheckinListView(AuditedView, GenericAPIView):
    audit_record = "daily_checkin"
    queryset = DailyCheckin.objects.none()
    serializer_class = s.DailyCheckinSerializer

    @extend_schema(parameters=_list_params, responses=s.DailyCheckinSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        return list_response(self, logs_visible_to(request, DailyCheckin, "date"),
                             s.DailyCheckinSerializer)


class DailyCheckinView(AuditedView, APIView):
    audit_record = "daily_checkin"
    permission_classes = [IsPatient]

    @staticmethod
    def _date(request: AuthedRequest, value: str) -> date:
        try:
            on = ProgramDateField().run_validation(value)
        except ValidationError as invalid:
            raise ValidationError({"date": invalid.detail}) from None
        if on > request.user.local_today():
            raise ValidationError({"date": ["Cannot be in the future."]})
        return on

    @extend_schema(responses=s.DailyCheckinSerializer)
    def get(self, request: AuthedRequest, day: str) -> Response:
        on = self._date(request, day)
        checkin = DailyCheckin.objects.filter(patient=request.user, date=on).first()
        if checkin is None:
            raise Http404
        return Response(s.DailyCheckinSerializer(checkin).data)

    @extend_schema(request=s.DailyCheckinInputSerializer,
                   responses={200: s.DailyCheckinSerializer, 201: s.DailyCheckinSerializer})
    def put(self, request: AuthedRequest, day: str) -> Response:
        on = self._date(request, day)
        data = s.DailyCheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin, created = services.daily_checkin_put(patient=request.user, on=on,
                                                      **data.validated_data)
        return Response(s.DailyCheckinSerializer(checkin).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class WeeklyCheckinView(AuditedView, APIView):
    """The patient's answer to "how many sessions did you manage this week?", by the
    Monday that starts the week. Like daily check-ins, the path reaches only the caller's
    own: another patient's week is simply a week they have not answered."""

    audit_record = "weekly_checkin"
    permission_classes = [IsPatient]

    @staticmethod
    def _week(request: AuthedRequest, value: str) -> date:
        try:
            monday = ProgramDateField().run_validation(value)
        except ValidationError as invalid:
            raise ValidationError({"week_start": invalid.detail}) from None
        services.checkin_week_validate(patient=request.user, week_start=monday)
        return monday

    @extend_schema(responses=s.WeeklyCheckinSerializer)
    def get(self, request: AuthedRequest, week_start: str) -> Response:
        monday = self._week(request, week_start)
        checkin = WeeklyCheckin.objects.filter(patient=request.user, week_start=monday).first()
        if checkin is None:
            raise Http404
        return Response(s.WeeklyCheckinSerializer(checkin).data)

    @extend_schema(request=s.WeeklyCheckinInputSerializer,
                   responses={200: s.WeeklyCheckinSerializer, 201: s.WeeklyCheckinSerializer})
    def put(self, request: AuthedRequest, week_start: str) -> Response:
        monday = self._week(request, week_start)
        data = s.WeeklyCheckinInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin, created = services.weekly_checkin_put(
            patient=request.user, week_start=monday, **data.validated_data)
        return Response(s.WeeklyCheckinSerializer(checkin).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class MyWeeklyCheckinsView(AuditedView, APIView):
    """The weekly check-in screen reads this: each of the last `weeks` weeks with what was
    planned and what the patient answered (null when not yet)."""

    audit_record = "weekly_checkin"
    permission_classes = [IsPatient]

    @extend_schema(parameters=[OpenApiParameter(
        "weeks", int, description="How many weeks back, the current one first (1-52), "
                                  "default 4.")],
        responses=s.WeekOfCheckinsSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        query = s.WeeksQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.weekly_checkin_list(patient=request.user,
                                             weeks=query.validated_data["weeks"])
        return Response(s.WeekOfCheckinsSerializer(rows, many=True).data)


def _today_response(request: AuthedRequest, patient: User) -> Response:
    query = s.TodayQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    on = query.validated_data.get("date") or patient.local_today()
    # Built as plain data by the selector (this is the hottest read); TodaySerializer
    # documents its shape for the OpenAPI schema.
    return Response(selectors.today_get(patient=patient, on=on))


_date_param = OpenApiParameter("date", str, description="YYYY-MM-DD in the patient's zone; "
                               "default: today there.")


class TodayView(AuditedView, APIView):
    audit_record = "today"
    permission_classes = [IsPatient]

    @extend_schema(parameters=[_date_param], responses=s.TodaySerializer)
    def get(self, request: AuthedRequest) -> Response:
        return _today_response(request, request.user)


class PatientTodayView(AuditedView, APIView):
    """The therapist's view of a patient's day, exactly as the patient sees it."""

    audit_record = "today"
    permission_classes = [IsClinicStaff]

    @extend_schema(parameters=[_date_param], responses=s.TodaySerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        return _today_response(request, patient_get(viewer=request.user, patient_id=patient_id))


class MySkipsView(AuditedView, APIView):
    """The patient's skipped days, newest first (the last 90 days)."""
    audit_record = "day_skip"

    permission_classes = [IsPatient]

    @extend_schema(responses=s.DaySkipSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        since = request.user.local_today() - timedelta(days=90)
        rows = DaySkip.objects.filter(patient=request.user, date__gte=since)
        return Response(s.DaySkipSerializer(rows, many=True).data)


class MySkipView(AuditedView, APIView):
    """`PUT me/skips/{date} {reason}`: rest today (or on a past day) without it counting
    against adherence (logs.excused). The date is the caller's own, so there is nothing of
    anyone else's to reach."""
    audit_record = "day_skip"

    permission_classes = [IsPatient]

    @extend_schema(request=s.DaySkipInputSerializer,
                   responses={200: s.DaySkipSerializer, 201: s.DaySkipSerializer})
    def put(self, request: AuthedRequest, day: str) -> Response:
        on = DailyCheckinView._date(request, day)
        data = s.DaySkipInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        skip, created = services.day_skip_put(patient=request.user, on=on,
                                              reason=data.validated_data["reason"])
        return Response(s.DaySkipSerializer(skip).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(responses={204: None})
    def delete(self, request: AuthedRequest, day: str) -> Response:
        on = DailyCheckinView._date(request, day)
        if not services.day_skip_delete(patient=request.user, on=on):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)
