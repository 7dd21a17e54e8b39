"""What a push does on the phone, in the real service worker: the notification shows with
its slot's tag (a redelivery replaces, never stacks) and a snooze action that puts the
reminder off by 30 minutes through the API with the token the app keeps on the device."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reminders.models import Notification, NotificationKind
from tests.e2e.conftest import PUSH_STUB
from tests.factories import ClinicFactory, PatientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def patient_page(live_server, browser):
    patient = PatientFactory(clinic=ClinicFactory(), email="ada@example.test")
    patient.set_password("a-long-patient-password")
    patient.save()
    context = browser.new_context(service_workers="allow")
    context.grant_permissions(["notifications"], origin=live_server.url)
    context.add_init_script(PUSH_STUB)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_label("Password").fill("a-long-patient-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    yield patient, page, context
    context.close()


def service_worker(context):
    for worker in context.service_workers:
        if worker.url.endswith("/sw.js"):
            return worker
    return context.wait_for_event("serviceworker")


SHOWN = """async () => (await self.registration.getNotifications()).map(
    (n) => ({title: n.title, tag: n.tag, actions: n.actions.map((a) => a.action)}))"""


def test_a_reminder_shows_once_per_slot_and_snoozes_from_the_notification(patient_page):
    patient, page, context = patient_page
    reminder = Notification.objects.create(
        user=patient, kind=NotificationKind.EXERCISE_REMINDER, slot_key="2026-11-21T18:00",
        due_at=timezone.now(), sent_at=timezone.now())
    payload = {"title": "Time for your exercises", "body": "2 exercises left for today.",
               "url": "/today", "kind": reminder.kind, "notification_id": reminder.pk,
               "tag": f"exercise_reminder:{reminder.slot_key}", "snoozable": True}
    worker = service_worker(context)
    worker.evaluate("(data) => self.hepShowPush(data)", payload)
    worker.evaluate("(data) => self.hepShowPush(data)", payload)  # the same slot again
    assert worker.evaluate(SHOWN) == [{"title": "Time for your exercises",
                                       "tag": "exercise_reminder:2026-11-21T18:00",
                                       "actions": ["snooze"]}]

    worker.evaluate("""async () => {
        const [n] = await self.registration.getNotifications();
        await self.hepNotificationClick(n, "snooze");
    }""")
    snoozed = Notification.objects.exclude(pk=reminder.pk).get()
    assert snoozed.slot_key == "2026-11-21T18:00+snooze1"
    assert snoozed.kind == NotificationKind.EXERCISE_REMINDER and snoozed.sent_at is None
    assert abs(snoozed.due_at - (timezone.now() + timedelta(minutes=30))) < timedelta(minutes=1)
    assert worker.evaluate(SHOWN) == []  # the tapped notification is gone


def test_a_therapist_alert_has_no_snooze(patient_page):
    patient, page, context = patient_page
    worker = service_worker(context)
    worker.evaluate("(data) => self.hepShowPush(data)", {
        "title": "Ada M.: pain during exercise above the limit", "kind": "therapist_alert",
        "notification_id": 1, "tag": "therapist_alert:alert:1", "url": "/patients/1",
        "snoozable": False})
    assert worker.evaluate(SHOWN)[0]["actions"] == []
