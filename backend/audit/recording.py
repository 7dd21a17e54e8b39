"""The audit declared once per view: `AuditedView` with `audit_record = "<kind>"`.

A staff read of a patient's data and any change of it (by anyone) writes one row per
patient touched, in the request's own transaction: when the row cannot be written, the
answer is an error and the change is rolled back.

The audit sits just above `common`, below `accounts`, because the accounts views (a
patient's profile) are audited too; it reaches people only through `get_user_model()`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.request import Request
from rest_framework.response import Response

from audit.chain import Entry, append_many
from audit.models import AuditAction
from common.client_ip import client_ip

_ACTIONS = {"GET": AuditAction.READ, "POST": AuditAction.CREATE, "PUT": AuditAction.CHANGE,
            "PATCH": AuditAction.CHANGE, "DELETE": AuditAction.DELETE}


def _patients_in(data: Any, key: str = "patient") -> set[int]:
    """Patient ids an answer names: `patient` of the object, or of each row of a list."""
    rows = data if isinstance(data, list) else [data]
    found = set()
    for row in rows:
        if isinstance(row, dict) and isinstance(row.get(key), int):
            found.add(row[key])
    return found


def token_id(request: Request) -> str:
    return getattr(request.auth, "token_key", "") or ""


def record(request: Request, *, patients: set[int], record: str, action: str) -> None:
    # The user model lives above this app (accounts): its own fields, untyped here.
    user: Any = request.user
    if not patients or not getattr(user, "is_authenticated", False):
        return
    # Every patient an answer may name is in the caller's clinic (accounts.selectors
    # .visible_to decided what the answer holds), so no lookup is needed.
    clinic_id = user.clinic_id
    if clinic_id is None:
        return
    ip, device = client_ip(request), token_id(request)
    append_many([Entry(clinic_id=clinic_id, patient_id=patient, actor_id=user.pk,
                       action=action, record=record, ip=ip, token_id=device)
                 for patient in sorted(patients)])


class AuditedView:
    """Mixin for DRF views that read or change a patient's data."""

    audit_record: str = ""

    # The answer's rows are patients (their `id`), not rows naming one (`patient`).
    audit_ids_are_patients: bool = False

    def audit_patients(self, request: Request, response: Response, kwargs: dict) -> set[int]:
        if "patient_id" in kwargs:
            return {int(kwargs["patient_id"])}
        user: Any = request.user  # accounts' User, above this app
        if user.is_patient:
            return {user.pk}
        found = _patients_in(getattr(response, "data", None),
                             key="id" if self.audit_ids_are_patients else "patient")
        patient = request.query_params.get("patient")
        if patient and patient.isdigit():
            found.add(int(patient))
        return found

    def dispatch(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
            action = _ACTIONS.get(request.method or "")  # None: a method nothing records
            drf_request = self.request  # type: ignore[attr-defined]  # set by APIView
            user = drf_request.user
            audited = (action is not None and response.status_code < 400
                       and getattr(user, "is_authenticated", False)
                       and (action != AuditAction.READ or user.is_clinic_staff))
            if audited and action is not None:
                record(drf_request, record=self.audit_record, action=action,
                       patients=self.audit_patients(drf_request, response, kwargs))
        return response
