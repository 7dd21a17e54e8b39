"""The minute tick: one notification per slot, whatever runs it how often."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection, connections

from reminders.models import Notification, ReminderSettings
from reminders.services import tick
from tests.conftest import require_services
from tests.factories import PatientFactory
from tests.reminders.conftest import remind

NOW = datetime(2026, 5, 4, 17, 0, 30, tzinfo=UTC)  # a Monday


@pytest.fixture
def deliveries(monkeypatch):
    sent = []
    monkeypatch.setattr("reminders.services._enqueue", sent.extend)
    return sent


@pytest.mark.django_db(transaction=True)
def test_running_the_tick_twice_creates_one_notification_per_slot(clinic, deliveries):
    patients = PatientFactory.create_batch(3, clinic=clinic)
    with time_machine.travel(NOW - timedelta(hours=1), tick=False) as clock:
        for patient in patients:
            remind(patient, ["17:00", "20:00"])
        clock.move_to(NOW)
        assert tick() == 3
        assert tick() == 0
    assert Notification.objects.count() == 3
    assert sorted(deliveries) == sorted(Notification.objects.values_list("pk", flat=True))
    row = ReminderSettings.objects.get(user=patients[0])
    assert (row.next_due_at, row.next_slot) == (NOW.replace(hour=20, second=0),
                                                "2026-05-04T20:00")


@pytest.mark.django_db(transaction=True)
def test_a_slot_already_notified_is_skipped_by_the_database(patient, deliveries):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False) as clock:
        remind(patient, ["17:00"])
        clock.move_to(NOW)
        tick()
        # Settings saved again put next_due_at back on the slot already notified.
        ReminderSettings.objects.update(next_due_at=NOW.replace(second=0),
                                        next_slot="2026-05-04T17:00")
        assert tick() == 0
    assert Notification.objects.count() == 1 and len(deliveries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_tick_only_reads_what_is_due(clinic, deliveries, django_assert_max_num_queries):
    with time_machine.travel(NOW - timedelta(hours=1), tick=False) as clock:
        for patient in PatientFactory.create_batch(20, clinic=clinic):
            remind(patient, ["09:00"])  # tomorrow
        due = PatientFactory(clinic=clinic)
        remind(due, ["17:00"])
        clock.move_to(NOW)
        # select, insert, ids, mark enqueued, bulk update, the empty select (+ savepoints)
        with django_assert_max_num_queries(12):
            assert tick() == 1


@pytest.mark.django_db(transaction=True)
def test_a_late_tick_sends_once_and_drops_stale_slots(patient, deliveries, settings):
    settings.REMINDERS_STALE_AFTER_MINUTES = 60
    with time_machine.travel(NOW - timedelta(hours=10), tick=False) as clock:
        remind(patient, ["08:00", "09:00", "16:30"])
        clock.move_to(NOW)  # beat was down all day
        for _ in range(4):
            tick()
    assert list(Notification.objects.values_list("slot_key", flat=True)) == [
        "2026-05-04T16:30"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_ticks_on_postgresql_create_each_slot_once(clinic, deliveries):
    if connection.vendor != "postgresql":
        require_services("concurrent ticks need PostgreSQL (SKIP LOCKED, real concurrency)")
    with time_machine.travel(NOW - timedelta(hours=1), tick=False):
        for patient in PatientFactory.create_batch(60, clinic=clinic):
            remind(patient, ["17:00"])
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            tick(now=NOW, batch_size=7)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert Notification.objects.count() == 60
    assert sorted(deliveries) == sorted(Notification.objects.values_list("pk", flat=True))
