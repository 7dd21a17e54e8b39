"""GET me/notifications: the signed-in user's own notifications, newest first."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from alerts.models import AlertKind
from alerts.services import alert_raise
from reminders import services
from reminders.models import Notification, NotificationKind
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program
from tests.reminders.conftest import subscribe

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/notifications"
NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


def notify(user, kind, key, *, ago=timedelta(hours=1), **fields) -> Notification:
    return Notification.objects.create(user=user, kind=kind, slot_key=key,
                                       due_at=NOW - ago, **fields)


def test_the_list_is_mine_newest_first_with_what_the_app_shows(patient, patient_client):
    reminder = notify(patient, NotificationKind.EXERCISE_REMINDER, "2026-05-04T08:00",
                      ago=timedelta(hours=4), sent_at=NOW - timedelta(hours=4))
    nudge = notify(patient, NotificationKind.MISSED_DAYS_NUDGE, "gap:2026-05-01",
                   payload={"title": "We miss you", "body": "A short session still counts.",
                            "url": "/today"})
    notify(PatientFactory(clinic=patient.clinic), NotificationKind.EXERCISE_REMINDER, "k")
    with time_machine.travel(NOW, tick=False):
        body = patient_client.get(URL).json()
    assert [row["id"] for row in body] == [nudge.pk, reminder.pk]
    assert body[0] == {"id": nudge.pk, "kind": "missed_days_nudge", "title": "We miss you",
                       "body": "A short session still counts.", "url": "/today",
                       "due_at": "2026-05-04T11:00:00Z", "sent_at": None, "snoozable": True}
    assert body[1]["title"] == "Time for your exercises" and body[1]["url"] == "/today"
    assert body[1]["sent_at"] == "2026-05-04T08:00:00Z"


def test_not_listed_a_snooze_still_running_or_what_was_abandoned(patient, patient_client):
    sent = notify(patient, NotificationKind.EXERCISE_REMINDER, "2026-05-04T08:00",
                  sent_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        snoozed = services.notification_snooze(notification=sent, minutes=30)
        notify(patient, NotificationKind.EXERCISE_REMINDER, "2026-05-04T11:30",
               ago=timedelta(minutes=30), abandoned_at=NOW,
               payload={"abandoned": "nothing to say: nothing due, or no program"})
        assert [row["id"] for row in patient_client.get(URL).json()] == [sent.pk]
    with time_machine.travel(NOW + timedelta(minutes=31), tick=False):
        assert [row["id"] for row in patient_client.get(URL).json()] == [snoozed.pk, sent.pk]


def test_pages_with_limit_and_offset_like_every_list(patient, patient_client):
    for hour in range(5):
        notify(patient, NotificationKind.EXERCISE_REMINDER, f"2026-05-04T0{hour}:00",
               ago=timedelta(hours=12 - hour))
    with time_machine.travel(NOW, tick=False):
        page = patient_client.get(URL + "?limit=2&offset=2").json()
    assert page["count"] == 5
    assert [row["due_at"] for row in page["results"]] == ["2026-05-04T02:00:00Z",
                                                          "2026-05-04T01:00:00Z"]


def test_therapists_see_their_alerts_which_are_not_snoozable(patient, therapist):
    alert = alert_raise(patient=patient, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    client = client_for(therapist)
    [row] = client.get(URL).json()
    assert row["kind"] == "therapist_alert" and row["snoozable"] is False
    assert row["title"].startswith(f"{patient.first_name} {patient.last_name[:1]}.")
    assert row["url"] == f"/therapist/patients/{alert.patient_id}"
    response = client.post(f"/api/v1/notifications/{row['id']}/snooze", {"minutes": 30})
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["notification"]
    assert Notification.objects.count() == 1


def test_a_patient_snoozes_what_the_list_says_is_snoozable(patient, patient_client):
    reminder = notify(patient, NotificationKind.EXERCISE_REMINDER, "2026-05-04T08:00")
    [row] = patient_client.get(URL).json()
    assert row["snoozable"] is True
    response = patient_client.post(f"/api/v1/notifications/{reminder.pk}/snooze",
                                   {"minutes": 30})
    assert response.status_code == 201


def test_the_list_repeats_what_a_delivered_reminder_said(patient, patient_client, receiver):
    template = program(phase(item(ExerciseFactory(), reps=10), item(ExerciseFactory(), reps=8)))
    assign(patient, template, patient.local_today() - timedelta(days=3))
    subscribe(patient, receiver, "phone")
    reminder = Notification.objects.create(
        user=patient, kind=NotificationKind.EXERCISE_REMINDER,
        slot_key=f"{patient.local_today().isoformat()}T08:00", due_at=timezone.now(),
        payload={"snoozed_from": 7})
    services.deliver(reminder.pk)
    [(_, pushed)] = receiver.received
    [row] = patient_client.get(URL).json()
    assert row["body"] == pushed["body"] == "2 exercises left for today."
    assert (row["title"], row["url"]) == ("Time for your exercises", "/today")
    reminder.refresh_from_db()
    assert reminder.payload["snoozed_from"] == 7  # what was there before is kept
    assert "tag" not in reminder.payload  # only the words, not the push's envelope


def test_the_words_are_not_kept_when_nothing_got_through(patient, patient_client):
    template = program(phase(item(ExerciseFactory(), reps=10)))
    assign(patient, template, patient.local_today() - timedelta(days=3))
    reminder = Notification.objects.create(
        user=patient, kind=NotificationKind.EXERCISE_REMINDER,
        slot_key=f"{patient.local_today().isoformat()}T08:00", due_at=timezone.now())
    services.deliver(reminder.pk)  # no subscription: abandoned
    reminder.refresh_from_db()
    assert reminder.sent_at is None and "body" not in reminder.payload
