"""A headache that started 3 hours ago, five hours after a session: the app asks whether exercise
brought it on (nothing pre-filled), and "yes" makes it a red event for that session."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert, AlertKind
from logs.models import HeadacheLog
from logs.services import session_log_create
from tests.e2e.pwa import assign_template, clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_headache_hours_after_a_session_asks_and_yes_ties_it_to_the_session(
        live_server, browser):
    therapist, patient = clinic_patient("kai@example.test")
    assignment = assign_template(patient, therapist, "neck-shoulder-stretching")
    session, _ = session_log_create(
        patient=patient, client_id=uuid.uuid4(), assignment=assignment, entries=[],
        performed_at=timezone.now() - timedelta(hours=8), pain_during=1)
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("link", name="Headache").click()

    pick(page, "How bad is it at its worst? (0–10)", "6")
    question = "It started within 6 hours of your exercises. Did exercise bring it on?"
    # Starting now is 8 hours after the session: outside the window, nothing to ask.
    expect(page.get_by_role("group", name=question)).to_have_count(0)
    pick(page, "When did it start?", "3 hours ago")
    group = page.get_by_role("group", name=question)
    expect(group).to_be_visible()
    expect(group.get_by_role("radio", name="Yes")).not_to_be_checked()
    expect(group.get_by_role("radio", name="No")).not_to_be_checked()
    save = page.get_by_role("button", name="Save headache")
    expect(save).to_be_disabled()  # the patient must answer
    pick(page, question, "Yes")
    save.click()

    expect(page.get_by_text("Stop your exercises for today and rest")).to_be_visible()
    log = HeadacheLog.objects.get()
    assert (log.exercise_triggered, log.triggered_by_session_id) == (True, session.pk)
    alert = Alert.objects.get(kind=AlertKind.TRIGGERED_HEADACHE)
    assert alert.session_log_id == session.pk
    assert errors == []
    context.close()
