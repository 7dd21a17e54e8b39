"""me/reminder-settings, push-subscriptions, the VAPID public key, snooze."""

import pytest

from reminders.models import PushSubscription
from tests.conftest import client_for
from tests.factories import PatientFactory
from tests.reminders.conftest import with_program
from tests.reminders.receiver import Subscriber

pytestmark = pytest.mark.django_db

ENDPOINT = "https://push.example.test/send/abc"


def keys() -> dict:
    sub = Subscriber("x")
    return {"p256dh": sub.p256dh, "auth": sub.auth_b64}


@pytest.mark.parametrize(("per_day", "times"), [(1, ["18:00"]), (2, ["08:00", "18:00"])])
def test_defaults_come_from_the_assigned_schedule(patient, patient_client, per_day, times):
    with_program(patient, times_per_day=per_day)
    body = patient_client.get("/api/v1/me/reminder-settings").json()
    assert body["times"] == times
    assert body["enabled"] is True and body["channels"] == ["push"]
    assert body["timezone"] == patient.timezone and body["quiet_hours"] is None
    assert body["next_due_at"] is not None


def test_put_validates_and_names_the_fields(patient_client):
    response = patient_client.put("/api/v1/me/reminder-settings", {
        "times": ["25:00"], "timezone": "Mars/Olympus", "channels": ["pigeon"],
        "quiet_hours": {"start": "22:00"}, "weekdays": ["funday"]})
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert {"times.0", "timezone", "channels.0", "quiet_hours.end", "weekdays.0"} <= set(fields)


def test_put_saves_and_reschedules(patient_client):
    response = patient_client.put("/api/v1/me/reminder-settings", {
        "enabled": True, "times": ["19:30", "07:15"], "timezone": "Europe/Berlin",
        "quiet_hours": {"start": "22:00", "end": "07:00"}, "channels": ["email", "push"],
        "weekdays": ["sun", "mon"]})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["times"] == ["07:15", "19:30"] and body["channels"] == ["push", "email"]
    assert body["weekdays"] == ["mon", "sun"] and body["timezone"] == "Europe/Berlin"
    off = patient_client.put("/api/v1/me/reminder-settings", {"enabled": False}).json()
    assert off["next_due_at"] is None and off["times"] == ["07:15", "19:30"]


def test_push_subscriptions_201_then_200_and_never_moved_to_another_user(patient,
                                                                         patient_client):
    body = {"endpoint": ENDPOINT, "keys": keys()}
    first = patient_client.post("/api/v1/push-subscriptions", body, format="json")
    assert first.status_code == 201, first.json()
    again = patient_client.post("/api/v1/push-subscriptions", body, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = PatientFactory(clinic=patient.clinic)
    taken = client_for(other).post("/api/v1/push-subscriptions", body, format="json")
    assert taken.status_code == 409  # tests/reminders/test_push_subscriptions.py
    assert PushSubscription.objects.get().user == patient


def test_push_subscription_validation(patient_client):
    response = patient_client.post("/api/v1/push-subscriptions", {
        "endpoint": "http://169.254.169.254/latest", "keys": {"p256dh": "x", "auth": ""}},
        format="json")
    assert response.status_code == 400
    assert {"endpoint", "keys.p256dh", "keys.auth"} <= set(response.json()["fields"])


def test_delete_own_subscription_only(patient, patient_client):
    other = PatientFactory(clinic=patient.clinic)
    theirs = PushSubscription.objects.create(user=other, endpoint=ENDPOINT, **keys())
    assert patient_client.delete(f"/api/v1/push-subscriptions/{theirs.pk}").status_code == 404
    mine = PushSubscription.objects.create(user=patient, endpoint=ENDPOINT + "2", **keys())
    assert patient_client.delete(f"/api/v1/push-subscriptions/{mine.pk}").status_code == 204
    assert list(PushSubscription.objects.all()) == [theirs]


def test_vapid_public_key_is_served(api):
    body = api.get("/api/v1/push/vapid-public-key").json()
    assert len(body["public_key"]) == 87


def test_snooze_someone_elses_notification_is_404(patient, patient_client):
    from django.utils import timezone

    from reminders.models import Notification

    other = PatientFactory(clinic=patient.clinic)
    theirs = Notification.objects.create(user=other, kind="exercise_reminder", slot_key="k",
                                         due_at=timezone.now())
    assert patient_client.post(f"/api/v1/notifications/{theirs.pk}/snooze",
                               {"minutes": 10}).status_code == 404
