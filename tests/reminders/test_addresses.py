"""Push endpoints cannot make the server call internal addresses (SSRF).

The test settings allow private addresses for the local receiver; every test here turns
that off, as production has it.
"""

import socket

import pytest
from django.utils import timezone

from reminders import services
from reminders.models import DeliveryAttempt, Notification, Outcome, PushSubscription
from reminders.transports import addresses
from tests.reminders.conftest import subscribe
from tests.reminders.test_api import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_rules(settings, monkeypatch):
    settings.REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES = False
    monkeypatch.setattr(addresses, "_passed", {})  # no host passed by an earlier test


INTERNAL = [
    "https://127.0.0.1/push", "https://127.1/push", "https://2130706433/push",
    "https://0x7f000001/push", "https://10.1.2.3/push", "https://172.16.0.9/push",
    "https://192.168.1.20:8443/push", "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/push", "https://0.0.0.0/push", "https://localhost/push",
    "https://LOCALHOST./push", "https://api.localhost/push", "https://printer.local/push",
    "https://redis/push", "https://[::1]/push", "https://[fd12:3456::1]/push",
    "https://[fe80::1]/push", "https://[::ffff:10.0.0.1]/push",
]


@pytest.mark.parametrize("endpoint", INTERNAL)
def test_subscribing_an_internal_address_is_a_400_on_the_endpoint(
        production_rules, patient_client, endpoint):
    response = patient_client.post("/api/v1/push-subscriptions",
                                   {"endpoint": endpoint, "keys": keys()}, format="json")
    assert response.status_code == 400, response.json()
    assert list(response.json()["fields"]) == ["endpoint"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("endpoint", [
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "https://web.push.apple.com/QGx1",
    "https://8.8.8.8/push",
])
def test_public_push_services_are_accepted_without_a_dns_lookup(
        production_rules, patient_client, monkeypatch, endpoint):
    def no_dns(*args, **kwargs):
        raise AssertionError("subscribing must not wait for DNS")

    monkeypatch.setattr(addresses, "resolve", no_dns)
    response = patient_client.post("/api/v1/push-subscriptions",
                                   {"endpoint": endpoint, "keys": keys()}, format="json")
    assert response.status_code == 201, response.json()


def test_the_setting_allows_a_push_service_on_the_local_network(patient_client):
    response = patient_client.post("/api/v1/push-subscriptions", {
        "endpoint": "https://192.168.1.20:8443/push", "keys": keys()}, format="json")
    assert response.status_code == 201  # test settings: allowed, as when explicitly set


def _due(user) -> Notification:
    return Notification.objects.create(
        user=user, kind="missed_days_nudge", slot_key="gap:x", due_at=timezone.now(),
        payload={"title": "We miss you", "body": "A short session still counts.",
                 "url": "/today"})


def test_a_name_that_now_resolves_internally_is_refused_at_send_time(
        production_rules, patient, receiver, monkeypatch):
    sub = receiver.subscriber("phone")
    PushSubscription.objects.create(user=patient, endpoint="https://push.example.com/phone",
                                    p256dh=sub.p256dh, auth=sub.auth_b64)
    monkeypatch.setattr(addresses, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    notification = _due(patient)
    services.deliver(notification.pk)
    attempt = DeliveryAttempt.objects.get()
    assert attempt.outcome == Outcome.PERMANENT_ERROR
    assert "non-public address 10.0.0.7" in attempt.error
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.abandoned_at is not None
    # Not retried, but not disabled either: the name may be fixed (or the setting set).
    assert PushSubscription.objects.get().disabled_at is None


def test_a_name_that_does_not_resolve_now_is_retried(production_rules, patient, monkeypatch,
                                                     receiver):
    sub = receiver.subscriber("phone")
    PushSubscription.objects.create(user=patient, endpoint="https://push.example.com/phone",
                                    p256dh=sub.p256dh, auth=sub.auth_b64)

    def no_answer(host, port):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(addresses, "resolve", no_answer)
    notification = _due(patient)
    assert services.deliver(notification.pk) == [("push", str(PushSubscription.objects.get().pk))]
    assert DeliveryAttempt.objects.get().outcome == Outcome.TRANSIENT_ERROR


def test_a_rebound_name_is_caught_on_the_connection_itself(
        production_rules, patient, receiver, monkeypatch):
    """DNS rebinding: the name answered a public address to the check, then 127.0.0.1 to
    the connection. The connection's own peer check refuses before a byte is sent."""
    subscribe(patient, receiver, "phone")  # http://127.0.0.1:port/push/phone
    monkeypatch.setattr(addresses, "endpoint_check", lambda url: None)  # fooled
    notification = _due(patient)
    services.deliver(notification.pk)
    assert receiver.arrivals == []  # the request never reached the internal address
    attempt = DeliveryAttempt.objects.get()
    assert attempt.outcome == Outcome.PERMANENT_ERROR
    assert "connected to non-public address 127.0.0.1" in attempt.error


def test_the_local_receiver_still_works_under_the_test_settings(patient, receiver):
    subscribe(patient, receiver, "phone")
    services.deliver(_due(patient).pk)
    assert receiver.names_received() == ["phone"]


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("127.0.0.1", False),
    ("10.0.0.1", False), ("169.254.169.254", False), ("100.64.0.1", False),
    ("224.0.0.1", False), ("::1", False), ("fd00::1", False), ("fe80::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:8.8.8.8", True), ("64:ff9b::a9fe:a9fe", False),
])
def test_is_public(address, public):
    assert addresses.is_public(address) is public


def test_a_host_that_passed_is_not_resolved_again_within_the_minute_but_is_after(
        production_rules, monkeypatch):
    """DNS stays out of the per-message cost; a later change of answer is still caught."""
    answers = [["93.184.215.14"], ["10.0.0.7"]]
    monkeypatch.setattr(addresses, "resolve", lambda host, port: answers[0])
    addresses.endpoint_check("https://push.example.com/a")
    answers.pop(0)
    addresses.endpoint_check("https://push.example.com/b")  # within the minute: trusted
    monkeypatch.setattr(addresses, "_passed", {})  # the minute is over
    with pytest.raises(addresses.PermanentError):
        addresses.endpoint_check("https://push.example.com/c")

