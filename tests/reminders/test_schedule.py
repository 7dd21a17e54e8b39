"""Due computation at exact instants: DST gaps and folds, weekdays, quiet hours, travel."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from reminders.models import Notification
from reminders.schedule import next_due
from reminders.services import tick
from tests.reminders.conftest import remind


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_an_ordinary_day_in_berlin():
    # 18:00 CET is 17:00 UTC in winter.
    assert next_due(after=utc(2026, 1, 10, 12), times=["18:00"], zone="Europe/Berlin") == (
        utc(2026, 1, 10, 17), "2026-01-10T18:00")


def test_spring_forward_0230_fires_once_at_0300_local():
    # 2026-03-29 Berlin: 02:00 CET jumps to 03:00 CEST (01:00 UTC); 02:30 does not exist.
    first = next_due(after=utc(2026, 3, 28, 12), times=["02:30"], zone="Europe/Berlin")
    assert first == (utc(2026, 3, 29, 1, 0), "2026-03-29T02:30")  # 03:00 CEST
    second = next_due(after=first[0], times=["02:30"], zone="Europe/Berlin")
    assert second == (utc(2026, 3, 30, 0, 30), "2026-03-30T02:30")  # the next day, once


def test_fall_back_0230_fires_once_at_its_first_occurrence():
    # 2026-10-25 Berlin: 03:00 CEST goes back to 02:00 CET; 02:30 happens twice.
    first = next_due(after=utc(2026, 10, 24, 12), times=["02:30"], zone="Europe/Berlin")
    assert first == (utc(2026, 10, 25, 0, 30), "2026-10-25T02:30")  # 02:30 CEST
    second = next_due(after=first[0], times=["02:30"], zone="Europe/Berlin")
    # Not 01:30 UTC (the second 02:30, CET) the same night: the next day.
    assert second == (utc(2026, 10, 26, 1, 30), "2026-10-26T02:30")


def test_weekdays_and_quiet_hours():
    # 2026-01-10 is a Saturday: a Monday-only reminder waits for the 12th.
    assert next_due(after=utc(2026, 1, 10, 12), times=["08:00"], zone="UTC",
                    weekdays=["mon"])[1] == "2026-01-12T08:00"
    # 23:00 falls in quiet hours 22:00-07:00 (over midnight) and is skipped, not moved.
    quiet = {"start": "22:00", "end": "07:00"}
    assert next_due(after=utc(2026, 1, 10, 12), times=["23:00", "08:00"], zone="UTC",
                    quiet_hours=quiet)[1] == "2026-01-11T08:00"
    assert next_due(after=utc(2026, 1, 10, 12), times=["23:00"], zone="UTC",
                    quiet_hours=quiet) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("times", "before", "fires_at"), [
    (["02:30"], utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1, 0)),
    (["02:30"], utc(2026, 10, 25, 0, 29), utc(2026, 10, 25, 0, 30)),
], ids=["spring-forward", "fall-back"])
def test_the_tick_sends_one_reminder_across_the_dst_night(patient, times, before, fires_at):
    patient.timezone = "Europe/Berlin"
    patient.save()
    with time_machine.travel(before, tick=False) as clock:
        remind(patient, times)
        tick()
        assert not Notification.objects.exists()  # a minute early: nothing
        # Every minute through the night and the morning.
        midnight = before.replace(hour=0, minute=0)
        for minute in range(6 * 60):
            clock.move_to(midnight + timedelta(minutes=minute))
            tick()
    rows = list(Notification.objects.values_list("due_at", "slot_key"))
    assert rows == [(fires_at, f"{fires_at.date().isoformat()}T02:30")]


@pytest.mark.django_db
def test_travel_oslo_to_tokyo_recomputes_the_next_instant(patient_client, patient):
    patient.timezone = "Europe/Oslo"
    patient.save()
    with time_machine.travel(utc(2026, 6, 1, 9), tick=False):
        row = remind(patient, ["18:00"])
        assert row.next_due_at == utc(2026, 6, 1, 16)  # 18:00 CEST
        response = patient_client.patch("/api/v1/me", {"timezone": "Asia/Tokyo"})
        assert response.status_code == 200
        row.refresh_from_db()
        # 18:00 in Tokyo (UTC+9) is 09:00 UTC: today's has passed at 09:00 UTC exactly.
        assert row.next_due_at == utc(2026, 6, 2, 9)
        assert row.next_slot == "2026-06-02T18:00"
        # Pinned to a zone of its own, it no longer follows the user.
        patient_client.put("/api/v1/me/reminder-settings", {"timezone": "Europe/Oslo"})
        patient_client.patch("/api/v1/me", {"timezone": "America/New_York"})
        row.refresh_from_db()
        assert row.next_due_at == utc(2026, 6, 1, 16)
