"""Redis, the broker, stopped for 20 s under a real worker, beat and gunicorn while patients
post logs (some red, so therapists' alerts are delivered) and reminders fall due.

Redis here keeps nothing on disk (`--save ""`): what was queued is gone when it stops, the
worst case. What must hold: the worker is still running and resumes by itself, every write
that was answered 2xx is stored once, no committed write answered 5xx, every log is
evaluated after recovery, and every notification arrives at the push receiver once.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
import yaml
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from knox.models import AuthToken

from assignments.models import Evaluation
from logs.models import SessionLog
from progression.models import PendingEvaluation
from reminders.models import DeliveryAttempt, Notification, ReminderSettings
from tests.conftest import require_services
from tests.factories import PatientFactory
from tests.faults.processes import (
    ROOT,
    Process,
    app_env,
    binary,
    free_port,
    gunicorn,
    http,
    stop_all,
    wait_for,
)
from tests.reminders.conftest import remind, subscribe, with_program

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
OUTAGE_SECONDS = 20


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.args = [binary("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1",
                     "--save", "", "--appendonly", "no", "--dir", str(tmp_path)]
        self.server = Process("redis", self.args, log_dir=tmp_path)
        assert self.wait_up(), self.server.output()

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def wait_up(self) -> bool:
        return wait_for(self.ping, timeout=10)

    def stop(self) -> None:
        self.server.stop(signal.SIGTERM)

    def start(self) -> None:
        self.server.start()
        assert self.wait_up(), self.server.output()


@pytest.fixture
def private_redis(tmp_path):
    if connection.vendor != "postgresql":
        require_services("the broker outage test needs PostgreSQL (DATABASE_URL)")
    redis = PrivateRedis(tmp_path)
    yield redis
    redis.stop()


@pytest.fixture
def stack(tmp_path, private_redis):
    """gunicorn, and the worker and beat with docker-compose's commands, all on the private
    Redis."""
    env = app_env(tmp_path, REDIS_URL=private_redis.url)
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    worker, beat = compose["worker"]["command"], compose["beat"]["command"]
    assert worker[:3] == beat[:3] == ["celery", "-A", "hep"]
    processes = {
        "worker": Process("worker", [sys.executable, "-m", *worker, "--concurrency=2"],
                          log_dir=tmp_path, env=env),
        "beat": Process("beat", [sys.executable, "-m", *beat, "--pidfile=",
                                 "-s", str(tmp_path / "beat-schedule")],
                        log_dir=tmp_path, env=env),
    }
    port = free_port()
    processes["web"] = gunicorn(tmp_path, port, env)
    # Started before the traffic: the outage is to hit a worker at work, not one booting.
    assert wait_for(lambda: " ready." in processes["worker"].output(100_000), timeout=60), (
        processes["worker"].output())
    yield f"http://127.0.0.1:{port}", processes
    stop_all(list(processes.values()))


class Patient:
    def __init__(self, user, receiver, name):
        self.user, self.name = user, name
        self.assignment, self.exercise = with_program(user)
        subscribe(user, receiver, name)
        _, self.token = AuthToken.objects.create(user)


def resting_patient(therapist, receiver, name, **subscriber):
    """A patient who has not exercised today: their reminder is sent (one who has logged
    today's sessions is not reminded)."""
    user = PatientFactory(clinic=therapist.clinic, primary_therapist=therapist)
    with_program(user)
    subscribe(user, receiver, name, **subscriber)
    return name, user


def post_logs(base: str, patient: Patient, stop: threading.Event, answers: list) -> None:
    """One phone posting a session every 0.3 s; every fourth is red (pain 9)."""
    n = 0
    while not stop.is_set():
        n += 1
        client_id = str(uuid.uuid4())
        status, body, _ = http("POST", f"{base}/api/v1/session-logs", {
            "client_id": client_id, "assignment": patient.assignment.pk,
            "performed_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
            "pain_during": 9 if n % 4 == 0 else 2,
            "entries": [{"exercise": patient.exercise.slug, "reps": 10}],
        }, token=patient.token)
        answers.append((patient.name, client_id, status, time.monotonic()))
        time.sleep(0.3)


def due_now(user) -> None:
    remind(user, ["08:00"], now=timezone.now() - timedelta(days=1))
    ReminderSettings.objects.filter(user=user).update(
        next_due_at=timezone.now() - timedelta(seconds=1),
        next_slot=f"{user.local_today().isoformat()}T08:00")


def test_a_redis_outage_loses_nothing_sends_nothing_twice_and_the_worker_resumes(
        clinic, therapist, receiver, private_redis, stack):
    base, processes = stack
    subscribe(therapist, receiver, "therapist")
    patients = [Patient(PatientFactory(clinic=clinic, primary_therapist=therapist), receiver,
                        f"patient{n}") for n in range(3)]
    resting = dict(resting_patient(therapist, receiver, f"resting{n}") for n in range(3))
    # Its push service takes 3 s to answer: its delivery is in flight, unacknowledged, when
    # Redis stops (the moment that used to stop the worker for good). The worker lets it
    # finish (CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS off).
    slow, slow_user = resting_patient(therapist, receiver, "slow", delay=3)
    answers: list = []
    stop = threading.Event()
    phones = [threading.Thread(target=post_logs, args=(base, p, stop, answers)) for p in patients]
    for phone in phones:
        phone.start()
    try:
        time.sleep(1)
        due_now(slow_user)
        assert wait_for(lambda: "slow" in receiver.arrivals, timeout=30), (
            processes["worker"].output(), processes["beat"].output())
        time.sleep(1)  # traffic with the broker up, the slow delivery in flight
        private_redis.stop()
        outage = (time.monotonic(), None)
        for user in resting.values():
            due_now(user)  # reminders fall due while the broker is away
        time.sleep(OUTAGE_SECONDS)
        private_redis.start()
        outage = (outage[0], time.monotonic())
        time.sleep(3)  # traffic after recovery
    finally:
        stop.set()
        for phone in phones:
            phone.join(timeout=60)

    def caught_up() -> bool:
        if PendingEvaluation.objects.exists():
            return False
        if Notification.objects.filter(sent_at=None, abandoned_at=None).exists():
            return False
        return all(_evaluated_after_last_log(p.assignment) for p in patients)

    settled = wait_for(caught_up, timeout=60, every=0.5)
    time.sleep(4)  # beat keeps sweeping and ticking: still nothing twice

    statuses = Counter(status for *_, status, _ in answers)
    during = [a for a in answers if outage[0] <= a[3] <= outage[1]]
    committed = {client_id for _, client_id, status, _ in answers if 200 <= status < 300}
    stored = Counter(str(c) for c in SessionLog.objects.values_list("client_id", flat=True))
    # Each attempt is one request to the push service: every notification attempted once,
    # finished (none left "in doubt", which would never be sent again), arrived once.
    by_name = {"therapist": therapist.pk, **{p.name: p.user.pk for p in patients},
               **{name: user.pk for name, user in resting.items()}, slow: slow_user.pk}
    attempts = Counter({name: DeliveryAttempt.objects.filter(notification__user_id=pk).count()
                        for name, pk in by_name.items()})
    arrived = Counter(receiver.arrivals)
    per_notification = Counter(DeliveryAttempt.objects.values_list("notification", flat=True))
    figures = {"requests": len(answers), "during_outage": len(during),
               "5xx": sum(n for s, n in statuses.items() if s >= 500),
               "lost": len(committed - set(stored)),
               "duplicated_logs": sum(n - 1 for n in stored.values() if n > 1),
               "notifications": Notification.objects.count(),
               "in_doubt": DeliveryAttempt.objects.filter(finished_at=None).count(),
               "duplicated_deliveries": sum(n - 1 for n in per_notification.values() if n > 1)
               + sum(max(0, arrived[k] - attempts[k]) for k in arrived),
               "undelivered": Notification.objects.filter(attempts=None).count()}
    print(f"\nFIGURES redis outage {OUTAGE_SECONDS}s: {figures}", file=sys.stderr)

    worker, beat = processes["worker"], processes["beat"]
    assert "Connection to broker lost" in worker.output(100_000)
    assert worker.alive, worker.output()
    assert beat.alive, beat.output()
    assert settled, (worker.output(), beat.output())
    assert set(statuses) == {201}, (statuses, processes["web"].output())
    assert len(during) >= 10, "the phones kept posting through the outage"
    assert figures["lost"] == 0 and figures["duplicated_logs"] == 0
    assert set(stored) == committed  # nothing stored that was not answered 2xx either
    assert attempts["therapist"] >= 1 and all(attempts[name] == 1 for name in [*resting, slow])
    assert arrived == attempts, (arrived, attempts)
    assert figures["duplicated_deliveries"] == 0 and figures["undelivered"] == 0
    assert figures["in_doubt"] == 0
    assert not Notification.objects.filter(sent_at=None).exists()
    assert receiver.errors == []


def _evaluated_after_last_log(assignment) -> bool:
    last = SessionLog.objects.filter(assignment=assignment).aggregate(m=Max("created_at"))["m"]
    evaluation = Evaluation.objects.filter(assignment=assignment).first()
    return last is None or (evaluation is not None and evaluation.evaluated_at >= last)
