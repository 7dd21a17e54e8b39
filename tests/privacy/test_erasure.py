"""Erasure: asked by the patient, confirmed by a clinic administrator (the account stops at
once), carried out after the grace period, leaving nothing personal in any table."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import models
from django.utils import timezone
from knox.models import AuthToken

from accounts.clinic_settings import clinic_update
from accounts.models import User
from audit.chain import verify
from audit.models import AuditEvent, PatientAuditKey
from logs.models import HeadacheLog, SessionLog
from measures.models import Measure
from privacy.erasure import erasures_due
from privacy.models import ErasureRequest
from reminders.models import Notification, ReminderSettings
from tests.conftest import client_for
from tests.privacy.conftest import PERSONAL, Full

TEXT = (models.CharField, models.TextField, models.JSONField)  # EmailField, URLField: CharField


def personal_data_left(needles: tuple[str, ...]) -> list[str]:
    """Every text, char, email, URL and JSON column of every table, searched for the
    patient's name, email and free text: 'table.column: what' for each find."""
    found = []
    for model in apps.get_models():
        columns = [f for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        if not columns:
            continue
        for row in model._base_manager.values_list(*(f.attname for f in columns)):
            for column, value in zip(columns, row, strict=True):
                text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) \
                    else value
                for needle in needles:
                    if needle.lower() in (text or "").lower():
                        found.append(f"{model._meta.db_table}.{column.column}: {needle}")
    return found


def _ask_and_confirm(full: Full):
    asked = client_for(full.patient).post("/api/v1/me/erasure")
    assert asked.status_code == 202 and asked.json()["status"] == "requested"
    confirmed = client_for(full.admin).post(f"/api/v1/patients/{full.patient.pk}/erasure",
                                            {"confirm": True}, format="json")
    assert confirmed.status_code == 202, confirmed.content
    return confirmed.json()


def test_the_scan_finds_the_patients_data_before_erasure(full: Full):
    """The scan itself can fail: before erasure it finds every needle."""
    found = {line.split(": ", 1)[1] for line in personal_data_left(PERSONAL)}
    assert found == set(PERSONAL)


def test_confirming_stops_the_account_at_once_and_keeps_the_data_for_the_grace_period(
        full: Full):
    patient_client = client_for(full.patient)
    body = _ask_and_confirm(full)
    assert body["status"] == "confirmed"
    due = timezone.datetime.fromisoformat(body["due_at"])
    assert timedelta(days=29, hours=23) < due - timezone.now() <= timedelta(days=30)
    assert patient_client.get("/api/v1/me").status_code == 401
    assert not AuthToken.objects.filter(user=full.patient).exists()
    assert not User.objects.get(pk=full.patient.pk).is_active
    settings = ReminderSettings.objects.get(user=full.patient)
    assert (settings.enabled, settings.next_due_at) == (False, None)
    assert not Notification.objects.filter(user=full.patient, sent_at=None,
                                           abandoned_at=None).exists()
    assert erasures_due() == 0  # not yet
    assert SessionLog.objects.filter(patient=full.patient).exists()


def test_after_the_grace_period_no_table_holds_anything_personal(full: Full):
    _ask_and_confirm(full)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert erasures_due() == 1
    assert personal_data_left(PERSONAL) == []
    assert not SessionLog.objects.filter(patient=full.patient).exists()
    assert not PatientAuditKey.objects.filter(patient_id=full.patient.pk).exists()
    erased = User.objects.get(pk=full.patient.pk)
    assert not erased.is_active and not erased.has_usable_password()
    # The audit log keeps the fact: asked, confirmed, carried out; the chain still holds.
    rows = AuditEvent.objects.filter(patient_id=full.patient.pk).order_by("seq")
    assert [(r.action, r.record) for r in rows][-3:] == [
        ("create", "erasure"), ("create", "erasure"), ("erasure", "patient")]
    assert verify() == []
    assert ErasureRequest.objects.get(patient=full.patient).status == "done"
    assert User.objects.filter(pk=full.world.users["peer"].pk, is_active=True).exists()


def test_a_clinic_that_must_keep_the_record_keeps_it_without_name_or_free_text(full: Full):
    clinic_update(clinic=full.world.clinic,
                  settings_changes={"erasure_keeps_clinical_record": True,
                                    "erasure_grace_days": 0})
    _ask_and_confirm(full)
    assert erasures_due() == 1
    assert personal_data_left(PERSONAL) == []
    log = SessionLog.objects.get(patient=full.patient)
    assert (log.pain_during, log.notes) == (2, "")
    assert HeadacheLog.objects.get(patient=full.patient).peak_pain == 4
    assert Measure.objects.get(patient=full.patient).answers == [{"activity": "", "score": 4}]


def test_another_clinics_administrator_cannot_erase_the_patient(full: Full):
    from tests.factories import ClinicAdminFactory

    theirs = client_for(ClinicAdminFactory(clinic=full.world.other_clinic))
    response = theirs.post(f"/api/v1/patients/{full.patient.pk}/erasure", {"confirm": True},
                           format="json")
    assert response.status_code == 404
    assert User.objects.get(pk=full.patient.pk).is_active


def test_erasure_needs_the_box_ticked_and_is_confirmed_once(full: Full):
    admin = client_for(full.admin)
    path = f"/api/v1/patients/{full.patient.pk}/erasure"
    refused = admin.post(path, {"confirm": False}, format="json")
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["confirm"]
    assert User.objects.get(pk=full.patient.pk).is_active
    assert admin.post(path, {"confirm": True}, format="json").status_code == 202
    again = admin.post(path, {"confirm": True}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize("days", [-1, 91, "30", True])
def test_the_grace_period_setting_refuses_what_it_cannot_use(full: Full, days):
    response = client_for(full.admin).patch(
        "/api/v1/clinic", {"settings": {"erasure_grace_days": days}}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "settings.erasure_grace_days": ["Days before erasure must be a whole number from 0 to "
                                        "90."]}


def test_the_patient_sees_where_their_request_stands(full: Full):
    client = client_for(full.patient)
    assert client.get("/api/v1/me/erasure").json()["status"] == "none"
    client.post("/api/v1/me/erasure")
    assert client.get("/api/v1/me/erasure").json()["status"] == "requested"
    staff_view = client_for(full.admin).get(f"/api/v1/patients/{full.patient.pk}/erasure")
    assert staff_view.json()["status"] == "requested"


def test_the_clinic_admin_lists_the_erasures_to_confirm_even_without_health_data(full: Full):
    clinic_update(clinic=full.world.clinic, settings_changes={"admin_sees_health_data": False})
    client_for(full.patient).post("/api/v1/me/erasure")
    rows = client_for(full.admin).get("/api/v1/erasure-requests").json()
    assert [(r["patient"], r["first_name"], r["status"]) for r in rows] == [
        (full.patient.pk, "Zebediah", "requested")]
    client_for(full.admin).post(f"/api/v1/patients/{full.patient.pk}/erasure",
                                {"confirm": True}, format="json")
    erasures_due(now=timezone.now() + timedelta(days=31))
    assert client_for(full.admin).get("/api/v1/erasure-requests").json() == []
