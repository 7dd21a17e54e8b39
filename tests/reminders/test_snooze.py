"""POST notifications/{id}/snooze: a reminder may be put off a few times, never more, and
taps at the same moment (the phone's action and the app) never crash or double up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reminders.models import Notification, NotificationKind
from reminders.services import compose
from tests.api_world import is_error_shape
from tests.concurrency import at_once, require_postgresql, signed_in
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def reminder(patient, kind=NotificationKind.EXERCISE_REMINDER, **fields) -> Notification:
    return Notification.objects.create(user=patient, kind=kind, slot_key="2026-05-04T08:00",
                                       due_at=timezone.now(), sent_at=timezone.now(), **fields)


def snooze(client, notification):
    return client.post(f"/api/v1/notifications/{notification.pk}/snooze", {"minutes": 10},
                       format="json")


def snoozes_of(notification) -> list[str]:
    return sorted(Notification.objects.filter(slot_key__startswith=f"{notification.slot_key}+")
                  .values_list("slot_key", flat=True))


def test_a_reminder_is_snoozed_three_times_then_409(patient, settings):
    assert settings.REMINDERS_MAX_SNOOZES == 3
    client, original = client_for(patient), reminder(patient)
    assert [snooze(client, original).status_code for _ in range(3)] == [201, 201, 201]
    refused = snooze(client, original)
    assert refused.status_code == 409 and is_error_shape(refused.json())
    assert refused.json()["code"] == "snooze_limit"
    assert "3 times" in refused.json()["detail"]
    assert snoozes_of(original) == ["2026-05-04T08:00+snooze1", "2026-05-04T08:00+snooze2",
                                    "2026-05-04T08:00+snooze3"]


def test_snoozing_the_snooze_counts_towards_the_same_reminder(patient):
    """Otherwise each snooze would bring three more: the limit is per reminder."""
    client, original = client_for(patient), reminder(patient)
    latest = original
    for _ in range(3):
        response = snooze(client, latest)
        assert response.status_code == 201
        latest = Notification.objects.get(pk=response.json()["id"])
    assert snooze(client, latest).status_code == 409
    assert snooze(client, original).status_code == 409
    assert len(snoozes_of(original)) == 3


def test_the_last_snooze_allowed_no_longer_offers_snooze(patient, patient_client, settings):
    """What the list and the push say about snoozing matches what the server then allows."""
    settings.REMINDERS_MAX_SNOOZES = 2
    original = reminder(patient, NotificationKind.MISSED_DAYS_NUDGE, payload={
        "title": "We miss you", "body": "A short session still counts.", "url": "/today"})
    first = snooze(patient_client, original).json()
    second = snooze(patient_client, Notification.objects.get(pk=first["id"])).json()
    Notification.objects.filter(pk__in=[first["id"], second["id"]]).update(
        due_at=timezone.now() - timedelta(minutes=1))
    listed = {row["id"]: row["snoozable"]
              for row in patient_client.get("/api/v1/me/notifications").json()}
    assert listed == {first["id"]: True, second["id"]: False, original.pk: True}
    assert compose(Notification.objects.get(pk=first["id"]))["snoozable"] is True
    assert compose(Notification.objects.get(pk=second["id"]))["snoozable"] is False


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_twenty_taps_at_once_make_three_snoozes_and_no_500(patient):
    """The attack: 20 concurrent snoozes of one notification gave 6 x 500 (the slot's unique
    key) and left 18 snooze rows."""
    require_postgresql()
    original = reminder(patient)
    clients = [signed_in(patient) for _ in range(20)]
    answers = at_once([lambda c=c: snooze(c, original) for c in clients])
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] * 3 + [409] * 17
    assert all(is_error_shape(a.json()) for a in answers if a.status_code == 409)
    assert len(snoozes_of(original)) == 3
