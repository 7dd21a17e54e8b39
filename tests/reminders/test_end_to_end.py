"""End to end on the real services: PostgreSQL, Redis, `celery worker` and `celery beat`
processes, with the settings the app runs with (DatabaseScheduler, the beat schedule from
settings). Beat ticks every second here (REMINDERS_TICK_SECONDS=1) instead of every minute.
A local push receiver decrypts every message as a browser would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from reminders.models import DeliveryAttempt, Notification, ReminderSettings
from tests.conftest import require_services
from tests.factories import PatientFactory
from tests.reminders.conftest import remind, subscribe, with_program

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True),
              pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")]
ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def services_up():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        require_services("end to end needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5).flushdb()  # our own db only


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}")  # the test database


class Celery:
    """A `celery` process (worker or beat) in its own process group, logging to a file."""

    def __init__(self, tmp_path: Path, name: str, args: list[str]):
        self.log = tmp_path / f"{name}.log"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hep.settings.dev", "DEBUG": "false",
               "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL,
               "PYTHONPATH": str(ROOT / "backend"), "HEP_VAR_DIR": str(tmp_path / "var"),
               "REMINDERS_RECLAIM_AFTER_SECONDS": "3", "REMINDERS_REENQUEUE_AFTER_SECONDS": "3",
               "REMINDERS_PUSH_TIMEOUT_SECONDS": "5", "REMINDERS_TICK_SECONDS": "1",
               # The receiver listens on 127.0.0.1, which production settings refuse.
               "REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES": "true"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "hep", *args, "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT,
            start_new_session=True)  # its own process group: SIGKILL reaches the pool too

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text()[-4000:]


@pytest.fixture
def celery(tmp_path, services_up):
    started: list[Celery] = []

    def start(name: str, args: list[str]) -> Celery:
        process = Celery(tmp_path, name, args)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


@pytest.fixture
def workers(celery):
    return lambda name: celery(name, [
        "worker", "--pool=prefork", "--concurrency=1", "--without-gossip", "--without-mingle",
        "--without-heartbeat", "-n", f"{name}@%h"])


@pytest.fixture
def beat(celery, tmp_path):
    """The real scheduler, as `make run` and docker-compose start it."""
    return lambda: celery("beat", ["beat", "--pidfile=", "-s", str(tmp_path / "beat-schedule")])


def send_tick() -> None:
    from hep.celery import app

    app.send_task("reminders.tasks.tick")  # through the broker, as beat sends it


def wait_for(condition, *, timeout: float, every: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


def due_now(patient) -> None:
    remind(patient, ["08:00"], now=timezone.now() - timedelta(days=1))
    ReminderSettings.objects.filter(user=patient).update(
        next_due_at=timezone.now() - timedelta(seconds=1),
        next_slot=f"{patient.local_today().isoformat()}T08:00")


def test_beat_ticks_and_a_due_reminder_arrives_at_the_push_receiver_once(
        patient, receiver, workers, beat):
    with_program(patient)
    subscribe(patient, receiver, "phone")
    due_now(patient)
    worker = workers("e2e")
    scheduler = beat()
    assert wait_for(lambda: receiver.received, timeout=45), (worker.output(),
                                                            scheduler.output())
    time.sleep(4)  # beat keeps ticking every second: nothing new arrives
    assert "Sending due task reminders-tick" in scheduler.output()
    assert receiver.errors == []
    [(name, payload)] = receiver.received
    assert name == "phone" and payload["title"] == "Time for your exercises"
    assert Notification.objects.get().sent_at is not None


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
        clinic, receiver, workers, beat):
    patients = PatientFactory.create_batch(20, clinic=clinic)
    for index, patient in enumerate(patients):
        with_program(patient)
        subscribe(patient, receiver, f"p{index}", delay=0.2)
        due_now(patient)
    first = workers("doomed")
    send_tick()  # one tick: 20 notifications in one delivery message
    assert wait_for(lambda: len(receiver.arrivals) >= 5, timeout=30, every=0.01), first.output()
    first.kill()  # SIGKILL mid-batch, a request in flight
    killed_at = len(receiver.arrivals)
    assert killed_at < 20
    workers("replacement")
    beat()
    # Beat ticks every second: the sweep re-enqueues what the dead worker never claimed and
    # reclaims what it claimed and never finished.
    expected = {f"p{index}" for index in range(20)}
    assert wait_for(lambda: set(receiver.arrivals) == expected, timeout=45), (
        Counter(receiver.arrivals))
    time.sleep(5)  # and it keeps ticking past the reclaim limit: still nothing twice
    counts = Counter(receiver.arrivals)
    assert counts == Counter(expected), {k: v for k, v in counts.items() if v != 1}
    assert not Notification.objects.filter(sent_at=None, abandoned_at=None).exists()
    assert DeliveryAttempt.objects.filter(finished_at=None).count() <= 1  # the one in flight
