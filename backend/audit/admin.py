"""The Django admin audited like the API: `AuditedModelAdmin` records a `read` for every
patient whose rows a list or a change form shows, and a `create`, `change` or `delete` for
every patient whose rows are saved or deleted, in the request's own transaction.

Set `audit_record` (the kind of record, as on AuditedView) and `audit_patient_path` (the
lookup from a row to its person's id: "user_id", "notification__user_id", "patient_id").
Only rows of patients are recorded (staff's own settings are not patient data). Rows name
the patient's clinic: an admin superuser may belong to none.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from audit.chain import Entry, append_many
from audit.models import AuditAction
from common.client_ip import client_ip


def record_admin(request: HttpRequest, *, patient_ids: set[int], record: str,
                 action: str) -> None:
    if not patient_ids:
        return
    patients = get_user_model().objects.filter(pk__in=patient_ids, role="patient",
                                               clinic__isnull=False)
    actor = getattr(request, "user", None)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    ip = client_ip(request)
    append_many([Entry(clinic_id=clinic_id, patient_id=pk, actor_id=actor_id, action=action,
                       record=record, ip=ip, token_id="admin")
                 for pk, clinic_id in patients.order_by("pk").values_list("pk", "clinic_id")])


class AuditedModelAdmin(admin.ModelAdmin):
    audit_record: str = ""
    audit_patient_path: str = "patient_id"

    def _patients_of(self, rows: QuerySet | list[Model]) -> set[int]:
        if isinstance(rows, QuerySet):
            return {pk for pk in rows.values_list(self.audit_patient_path, flat=True)
                    if pk is not None}
        pks = [row.pk for row in rows]
        return self._patients_of(self.model._default_manager.filter(pk__in=pks))

    def _record(self, request: HttpRequest, rows: Any, action: str) -> None:
        record_admin(request, patient_ids=self._patients_of(rows),
                     record=self.audit_record or self.model._meta.model_name, action=action)

    def get_changelist_instance(self, request: HttpRequest):
        changelist = super().get_changelist_instance(request)
        # The page shown, not the whole table: what the person could read.
        self._record(request, list(changelist.result_list), AuditAction.READ)
        return changelist

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None):
        with transaction.atomic():
            response = super().change_view(request, object_id, form_url, extra_context)
            if request.method == "GET" and response.status_code == 200:
                self._record(request, self.model._default_manager.filter(pk=object_id),
                             AuditAction.READ)
        return response

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict | None = None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._record(request, self.model._default_manager.filter(pk=object_id),
                         AuditAction.READ)
        return response

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._record(request, [obj], AuditAction.CHANGE if change else AuditAction.CREATE)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        # Recorded before: afterwards the row no longer says whose it was.
        self._record(request, [obj], AuditAction.DELETE)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._record(request, queryset, AuditAction.DELETE)
        super().delete_queryset(request, queryset)
