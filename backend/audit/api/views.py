from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit import selectors
from audit.models import AuditAction
from common.permissions import IsPatient


class IsClinicAdmin(BasePermission):
    message = "Only a clinic administrator can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role == "clinic_admin"
                    and user.clinic_id)


class CsvRenderer(BaseRenderer):
    """Names `?format=csv`; the view writes the file itself."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class AuditQuerySerializer(serializers.Serializer):
    patient = serializers.IntegerField(required=False, min_value=1)
    actor = serializers.IntegerField(required=False, min_value=1)
    action = serializers.ChoiceField(choices=AuditAction.choices, required=False)
    start = serializers.DateField(required=False, source="from")
    end = serializers.DateField(required=False, source="to")

    def to_internal_value(self, data):
        data = {**data.dict()} if hasattr(data, "dict") else dict(data)
        if "from" in data:
            data["start"] = data.pop("from")
        if "to" in data:
            data["end"] = data.pop("to")
        return super().to_internal_value(data)


class AuditEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    patient = serializers.IntegerField(source="patient_id", allow_null=True)
    action = serializers.CharField()
    record = serializers.CharField()
    ip = serializers.CharField(source="ip_hash", help_text="Keyed hash of the address.")
    device = serializers.CharField(source="token_id")
    seq = serializers.IntegerField()


class AuditPage(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


class AuditEventListView(APIView):
    """`GET audit-events`: the clinic's audit log, newest first, paged; `?format=csv` is
    the whole selection as a file."""

    permission_classes = [IsClinicAdmin]
    renderer_classes = [JSONRenderer, CsvRenderer]

    def handle_exception(self, exc):
        # A refusal is the API's error shape in JSON, even when a CSV file was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(parameters=[AuditQuerySerializer],
                   responses=AuditEventSerializer(many=True))
    def get(self, request: Request):
        user: Any = request.user  # accounts' User (IsClinicAdmin), above this app
        query = AuditQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        rows = selectors.clinic_events(
            clinic_id=user.clinic_id, patient=params.get("patient"),
            actor=params.get("actor"), action=params.get("action"),
            start=params.get("from"), end=params.get("to"))
        if request.accepted_renderer.format == "csv":
            out = io.StringIO()
            fields = ["seq", "at", "actor", "patient", "action", "record", "ip", "device"]
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            for row in rows.iterator():
                writer.writerow(AuditEventSerializer(row).data)
            response = HttpResponse(out.getvalue(), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="audit-events.csv"'
            return response
        pages = AuditPage()
        page = pages.paginate_queryset(rows, request, view=self)
        return pages.get_paginated_response(AuditEventSerializer(page, many=True).data)


class AccessLogEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    record = serializers.CharField()
    role = serializers.CharField()
    name = serializers.CharField()


class AccessLogView(APIView):
    """`GET me/access-log`: who looked at or changed my record (role and name), when."""

    permission_classes = [IsPatient]

    @extend_schema(responses=AccessLogEntrySerializer(many=True))
    def get(self, request: Request) -> Response:
        pages = AuditPage()
        page = pages.paginate_queryset(selectors.access_log(patient_id=request.user.pk or 0),
                                       request, view=self) or []
        people = {p.pk: p for p in get_user_model().objects.filter(
            pk__in={row.actor_id for row in page})}
        body = []
        for row in page:
            person = people.get(row.actor_id) if row.actor_id is not None else None
            body.append({"at": row.at, "action": row.action, "record": row.record,
                         "role": getattr(person, "role", "former staff"),
                         "name": person.get_full_name() if person else "Former staff member"})
        return pages.get_paginated_response(AccessLogEntrySerializer(body, many=True).data)
