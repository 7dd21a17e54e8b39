"""The patient's recent notifications on the Reminders screen: a reminder that was delivered
shows with the words it was sent with, and "Snooze 30 min" puts it off through the API."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from reminders import services
from reminders.models import Notification, NotificationKind, ReminderSettings
from tests.e2e.a11y import AXE, Audit
from tests.e2e.pwa import assign_template, clinic_patient, phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def delivered_reminder(patient) -> Notification:
    """A reminder due a minute ago, delivered for real (by email: no push service here)."""
    ReminderSettings.objects.create(user=patient, times=["08:00"], channels=["email"])
    reminder = Notification.objects.create(
        user=patient, kind=NotificationKind.EXERCISE_REMINDER,
        slot_key=f"{patient.local_today().isoformat()}T08:00",
        due_at=timezone.now() - timedelta(minutes=1))
    services.deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and len(mail.outbox) == 1
    return reminder


def test_a_delivered_reminder_is_listed_and_snoozed_for_30_minutes(live_server, browser):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression",
                    every_day=("ccf-nod-no-cuff",))
    reminder = delivered_reminder(patient)
    said = reminder.payload["body"]
    assert said.endswith("left for today.")
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("link", name="Reminders").click()
    recent = page.get_by_role("region", name="Recent notifications")
    expect(recent.get_by_role("heading", name="Recent notifications")).to_be_visible()
    [item] = recent.get_by_role("listitem").all()
    expect(item.get_by_role("heading", name="Time for your exercises")).to_be_visible()
    expect(item.get_by_text(said)).to_be_visible()
    expect(item.get_by_text("just now")).to_be_visible()  # when it was sent
    expect(item.get_by_role("link", name="Time for your exercises")).to_have_attribute(
        "href", "/today")
    if AXE.exists():  # the list in light and dark, with its 44 px targets
        audit = Audit()
        audit.screen(page, "Reminders with recent notifications", patient=True)
        assert not audit.problems, audit.report()

    before = timezone.now()
    item.get_by_role("button", name="Snooze 30 min").click()
    expect(item.get_by_text("Snoozed. We will remind you again at")).to_be_visible()
    expect(item.get_by_role("button", name="Snooze 30 min")).to_have_count(0)
    snoozed = Notification.objects.get(slot_key=f"{reminder.slot_key}+snooze1")
    assert snoozed.user_id == patient.pk and snoozed.payload["snoozed_from"] == reminder.pk
    assert before + timedelta(minutes=30) <= snoozed.due_at <= timezone.now() + timedelta(
        minutes=30)
    assert snoozed.sent_at is None

    item.get_by_role("link", name="Time for your exercises").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    assert errors == []
    context.close()
