"""Delivery: claimed once, recorded before and after, dead and slow targets handled."""

import time
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from logs.services import session_log_create
from reminders import services
from reminders.models import (
    DeliveryAttempt,
    Notification,
    NotificationKind,
    Outcome,
    PushSubscription,
    VapidKeys,
)
from reminders.transports import TransientError, vapid
from tests.reminders.conftest import remind, subscribe, with_program

pytestmark = pytest.mark.django_db


def due_reminder(patient, *, at="08:00", **fields) -> Notification:
    key = f"{patient.local_today().isoformat()}T{at}"
    return Notification.objects.create(user=patient, kind=NotificationKind.EXERCISE_REMINDER,
                                       slot_key=key, due_at=timezone.now(), **fields)


def test_a_due_reminder_reaches_the_browser_encrypted_and_once(
        patient, receiver, django_capture_on_commit_callbacks):
    with_program(patient)
    subscribe(patient, receiver, "phone")
    remind(patient, ["08:00"], now=timezone.now() - timedelta(days=1))
    from reminders.models import ReminderSettings

    ReminderSettings.objects.update(next_due_at=timezone.now() - timedelta(seconds=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.tick() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.tick()
        services.sweep()
    assert receiver.errors == []
    [(name, payload)] = receiver.received
    assert name == "phone"
    assert payload["title"] == "Time for your exercises"
    assert payload["body"] == "1 exercise left for today."
    notification = Notification.objects.get()
    assert payload["notification_id"] == notification.pk
    assert payload["snoozable"] is True  # the phone shows "Snooze" on a reminder
    assert notification.sent_at is not None
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.outcome, attempt.status_code, attempt.target) == (
        Outcome.OK, 201, str(PushSubscription.objects.get().pk))
    assert attempt.finished_at >= attempt.created_at


def test_no_reminder_when_everything_due_today_is_logged(patient, receiver):
    assignment, exercise = with_program(patient)
    subscribe(patient, receiver, "phone")
    session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                       performed_at=timezone.now(), entries=[{"exercise": exercise, "reps": 10}])
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    notification.refresh_from_db()
    assert receiver.arrivals == [] and not DeliveryAttempt.objects.exists()
    assert notification.sent_at is None and notification.abandoned_at is not None
    assert "nothing due" in notification.payload["abandoned"]


def test_no_program_no_reminder(patient, receiver):
    subscribe(patient, receiver, "phone")
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    assert receiver.arrivals == []


def test_the_claim_lets_one_delivery_through(patient, receiver):
    with_program(patient)
    subscribe(patient, receiver, "phone")
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    services.deliver(notification.pk)  # a redelivered message (acks_late), or a second worker
    assert not services.claim(notification.pk)
    assert receiver.names_received() == ["phone"]
    assert DeliveryAttempt.objects.count() == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_disabled_and_the_others_still_get_it(patient, receiver, status):
    with_program(patient)
    dead = subscribe(patient, receiver, "old-laptop", status=status)
    subscribe(patient, receiver, "phone")
    notification = due_reminder(patient)
    assert services.deliver(notification.pk) == []  # nothing to retry
    dead.refresh_from_db()
    assert dead.disabled_at is not None and str(status) in dead.disabled_reason
    assert receiver.names_received() == ["phone"]
    outcomes = dict(DeliveryAttempt.objects.values_list("target", "outcome"))
    assert outcomes == {str(dead.pk): Outcome.PERMANENT_ERROR,
                        str(PushSubscription.objects.get(disabled_at=None).pk): Outcome.OK}
    # Next time it is not tried at all.
    assert [t.target for t in services.targets_for(due_reminder(patient, at="09:00"))] == [
        str(PushSubscription.objects.get(disabled_at=None).pk)]


def test_transient_errors_are_retried_then_given_up(patient, receiver):
    with_program(patient)
    flaky = subscribe(patient, receiver, "phone", status=503)
    notification = due_reminder(patient)
    target = ("push", str(flaky.pk))
    assert services.deliver(notification.pk) == [target]
    with pytest.raises(TransientError):  # the task turns this into a retry with backoff
        services.retry_target(notification.pk, *target, final=False)
    assert services.retry_target(notification.pk, *target, final=True) == Outcome.TRANSIENT_ERROR
    attempts = list(DeliveryAttempt.objects.values_list("outcome", "status_code"))
    assert attempts == [(Outcome.TRANSIENT_ERROR, 503)] * 3
    notification.refresh_from_db()
    flaky.refresh_from_db()
    assert flaky.disabled_at is None  # 5xx is not the subscription's fault
    assert notification.sent_at is None and notification.abandoned_at is not None


def test_the_retry_task_retries_transient_errors_only(patient, receiver):
    from celery.exceptions import Retry

    from reminders.tasks import retry_target

    with_program(patient)
    flaky = subscribe(patient, receiver, "phone", status=503)
    notification = due_reminder(patient)
    services.claim(notification.pk)
    with pytest.raises(Retry):
        retry_target.apply((notification.pk, "push", str(flaky.pk)), throw=True)
    receiver.subscribers["phone"].status = 400  # permanent: no retry
    assert retry_target.apply((notification.pk, "push", str(flaky.pk)),
                              throw=True).result == Outcome.PERMANENT_ERROR


def test_a_transient_error_then_success(patient, receiver):
    with_program(patient)
    subscribe(patient, receiver, "phone", status=429)
    notification = due_reminder(patient)
    assert services.deliver(notification.pk) == [("push", str(PushSubscription.objects.get().pk))]
    receiver.subscribers["phone"].status = 201
    from reminders.tasks import retry_target

    retry_target.delay(notification.pk, "push", str(PushSubscription.objects.get().pk))
    notification.refresh_from_db()
    assert notification.sent_at is not None
    assert [o for o, in DeliveryAttempt.objects.order_by("pk").values_list("outcome")] == [
        Outcome.TRANSIENT_ERROR, Outcome.OK]


def test_a_slow_subscription_does_not_hold_up_the_others(clinic, receiver, settings):
    settings.REMINDERS_PUSH_TIMEOUT_SECONDS = 0.5
    from tests.factories import PatientFactory

    patients = PatientFactory.create_batch(3, clinic=clinic)
    for index, patient in enumerate(patients):
        with_program(patient)
        subscribe(patient, receiver, f"p{index}", delay=5 if index == 0 else 0)
    ids = [due_reminder(patient).pk for patient in patients]
    started = time.monotonic()
    retries = [services.deliver(pk) for pk in ids]  # the task would schedule these apart
    elapsed = time.monotonic() - started
    assert elapsed < 2.5, elapsed
    assert sorted(receiver.names_received()) == ["p1", "p2"]
    assert retries[0] and not retries[1] and not retries[2]
    slow = DeliveryAttempt.objects.get(notification_id=ids[0])
    assert slow.outcome == Outcome.TRANSIENT_ERROR and "Timeout" in slow.error


def test_email_channel(patient):
    with_program(patient)
    remind(patient, ["08:00"], channels=["email"])
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    assert [m.to for m in mail.outbox] == [[patient.email]]
    assert mail.outbox[0].subject == "Time for your exercises"


def test_no_target_is_recorded_not_pretended(patient):
    with_program(patient)
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.abandoned_at is not None


def test_a_dead_workers_claim_is_reclaimed_without_a_second_send(patient, receiver, settings):
    """Worker A claimed, wrote the attempt for the phone (it may have reached it) and died;
    the laptop was never tried. The sweep reclaims; delivery goes to the laptop only."""
    settings.REMINDERS_RECLAIM_AFTER_SECONDS = 60
    with_program(patient)
    phone = subscribe(patient, receiver, "phone")
    subscribe(patient, receiver, "laptop")
    notification = due_reminder(patient, enqueued_at=timezone.now())
    long_ago = timezone.now() - timedelta(minutes=5)
    assert services.claim(notification.pk, now=long_ago)
    DeliveryAttempt.objects.create(notification=notification, channel="push", target=str(phone.pk))
    services.sweep()  # eager: enqueued and delivered at once
    assert receiver.names_received() == ["laptop"]
    notification.refresh_from_db()
    assert notification.sent_at is not None
    # A claim that is recent is left alone.
    other = due_reminder(patient, at="09:00", enqueued_at=timezone.now())
    services.claim(other.pk)
    services.sweep()
    assert receiver.names_received() == ["laptop"]


def test_snoozed_notifications_come_back(patient, receiver, patient_client):
    with_program(patient)
    subscribe(patient, receiver, "phone")
    notification = due_reminder(patient)
    services.deliver(notification.pk)
    response = patient_client.post(f"/api/v1/notifications/{notification.pk}/snooze",
                                   {"minutes": 10})
    assert response.status_code == 201, response.json()
    snoozed = Notification.objects.get(pk=response.json()["id"])
    assert snoozed.slot_key == f"{notification.slot_key}+snooze1"
    services.sweep()
    assert receiver.names_received() == ["phone"]  # not yet
    services.sweep(now=timezone.now() + timedelta(minutes=11))
    assert receiver.names_received() == ["phone", "phone"]


def test_vapid_keys_are_generated_once_and_kept(settings):
    settings.VAPID_PRIVATE_KEY = ""
    vapid.vapid_keys.cache_clear()
    first = vapid.public_key()
    vapid.vapid_keys.cache_clear()
    assert vapid.public_key() == first
    assert VapidKeys.objects.count() == 1
    assert len(vapid._b64url(b"")) == 0 and len(first) == 87  # 65-byte uncompressed point
    vapid.vapid_keys.cache_clear()
