"""The Django admin's reads and changes of patient data leave audit rows, as the API's do."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from audit.admin import AuditedModelAdmin
from audit.chain import verify
from audit.models import AuditEvent
from privacy.registry import reaches_a_person
from reminders.models import Notification, ReminderSettings
from tests.factories import TherapistFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(clinic):
    return TherapistFactory(clinic=clinic, is_staff=True, is_superuser=True)


@pytest.fixture
def browser(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


def _rows(patient, **kwargs):
    return list(AuditEvent.objects.filter(patient_id=patient.pk, **kwargs)
                .values_list("action", "record", "actor_id"))


def test_every_admin_page_of_rows_that_lead_to_a_person_is_audited():
    unaudited = [model._meta.label for model, model_admin in admin.site._registry.items()
                 if model._meta.label in reaches_a_person()
                 and not isinstance(model_admin, AuditedModelAdmin)]
    assert unaudited == []


def test_the_list_records_a_read_of_each_patient_shown_and_not_of_staff(
        browser, superuser, patient, therapist):
    Notification.objects.create(user=patient, kind="exercise_reminder", slot_key="a",
                                due_at=timezone.now())
    Notification.objects.create(user=therapist, kind="therapist_digest", slot_key="b",
                                due_at=timezone.now())
    assert browser.get("/admin/reminders/notification/").status_code == 200
    assert _rows(patient) == [("read", "notification", superuser.pk)]
    assert not AuditEvent.objects.filter(patient_id=therapist.pk).exists()
    row = AuditEvent.objects.get(patient_id=patient.pk)
    assert (row.clinic_id, row.token_id) == (patient.clinic_id, "admin") and row.ip_hash
    assert verify() == []


def test_opening_changing_and_deleting_a_patients_row_are_recorded(browser, superuser,
                                                                   patient):
    settings = ReminderSettings.objects.create(user=patient, times=["08:00"],
                                               channels=["push"])
    path = f"/admin/reminders/remindersettings/{settings.pk}/change/"
    assert browser.get(path).status_code == 200
    assert _rows(patient) == [("read", "reminder_settings", superuser.pk)]

    changed = browser.post(path, {"user": patient.pk, "enabled": "", "times": '["09:30"]',
                                  "weekdays": "[]", "timezone": "", "quiet_hours": "null",
                                  "channels": '["push"]', "next_slot": "", "digest_time": "",
                                  "digest_next_slot": ""})
    assert changed.status_code == 302, changed.content[:2000]
    settings.refresh_from_db()
    assert settings.times == ["09:30"]
    assert _rows(patient, action="change") == [("change", "reminder_settings", superuser.pk)]

    deleted = browser.post(f"/admin/reminders/remindersettings/{settings.pk}/delete/",
                           {"post": "yes"})
    assert deleted.status_code == 302
    assert not ReminderSettings.objects.filter(pk=settings.pk).exists()
    assert _rows(patient, action="delete") == [("delete", "reminder_settings", superuser.pk)]


def test_a_refused_change_is_not_recorded_as_one(browser, patient):
    settings = ReminderSettings.objects.create(user=patient, times=["08:00"],
                                               channels=["push"])
    path = f"/admin/reminders/remindersettings/{settings.pk}/change/"
    answer = browser.post(path, {"user": patient.pk, "times": "not json", "channels": "[]"})
    assert answer.status_code == 200  # the form again, with its errors
    assert _rows(patient, action="change") == []


def test_the_token_list_is_audited_too(browser, superuser, patient):
    from knox.models import AuthToken

    AuthToken.objects.create(patient)
    assert browser.get("/admin/knox/authtoken/").status_code == 200
    assert _rows(patient) == [("read", "device", superuser.pk)]
