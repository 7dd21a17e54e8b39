"""Reminders: one scheduler tick at 10,000 and 100,000 patients, then delivery throughput.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hep_reminders_bench \\
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/reminders_tick.py [delivery]

With `delivery`, only the delivery figure (three runs). The database is created and
migrated if missing (its own name: other runs are not touched) and the Redis db is
flushed. Patients and their ReminderSettings are bulk-inserted; 1,000 have their next
reminder due now, the rest later today. The tick is timed in-process with no worker
running (select due, insert notifications, advance, enqueue to the broker), five times per
size, after one warm-up. Delivery: 1,000 notifications through
`reminders.services.deliver_batch` (batches of 50, as the `deliver` task runs them) in this
one process (claim, compose, attempt row, aes128gcm encryption, VAPID header, POST) to a
receiver in another process that answers 201.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing import Process, Queue
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT / "backend", ROOT):
    sys.path.insert(0, str(p))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hep.settings.dev")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hep_reminders_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/6")
os.environ["DEBUG"] = "false"
# The delivery benchmark's receiver listens on 127.0.0.1, which is refused by default.
os.environ.setdefault("REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES", "true")
DUE = 1000


def ensure_database() -> None:
    import psycopg
    from dj_database_url import parse

    db = parse(os.environ["DATABASE_URL"])
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname=%s",
                            [db["NAME"]]).fetchone():
            conn.execute(f'create database "{db["NAME"]}"')


def grow_to(total: int) -> None:
    from django.utils import timezone

    from accounts.models import Clinic, Role, User
    from reminders.models import ReminderSettings

    clinic, _ = Clinic.objects.get_or_create(name="Reminders bench")
    have = ReminderSettings.objects.count()
    later = timezone.now() + timedelta(hours=6)
    while have < total:
        n = min(10000, total - have)
        users = User.objects.bulk_create(
            User(email=f"rb{have + i}@bench.test", role=Role.PATIENT, clinic=clinic,
                 password="!", timezone="Europe/Berlin") for i in range(n))
        ReminderSettings.objects.bulk_create(
            ReminderSettings(user=u, times=["18:00"], channels=["push"],
                             next_due_at=later + timedelta(seconds=i % 20000),
                             next_slot="2099-01-01T18:00") for i, u in enumerate(users))
        have += n


def make_due() -> None:
    from django.utils import timezone

    from reminders.models import Notification, ReminderSettings

    Notification.objects.all().delete()
    ids = list(ReminderSettings.objects.order_by("pk").values_list("pk", flat=True)[:DUE])
    now = timezone.now()
    ReminderSettings.objects.filter(pk__in=ids).update(
        next_due_at=now - timedelta(seconds=30), next_slot=f"{now.date()}T18:00")


def time_tick(size: int) -> list[float]:
    import redis
    from django.conf import settings

    from reminders.services import tick

    grow_to(size)
    timings = []
    for run in range(6):
        make_due()
        redis.Redis.from_url(settings.REDIS_URL).flushdb()
        started = time.perf_counter()
        created = tick()
        elapsed = time.perf_counter() - started
        assert created == DUE, created
        if run:  # the first is a warm-up
            timings.append(elapsed)
    return timings


def _serve(port_queue: Queue) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def time_delivery(count: int = 1000) -> float:
    from django.conf import settings
    from django.utils import timezone

    from reminders import services
    from reminders.models import Notification, NotificationKind, PushSubscription
    from tests.reminders.receiver import Subscriber

    ports: Queue = Queue()
    server = Process(target=_serve, args=(ports,), daemon=True)
    server.start()
    port = ports.get(timeout=10)
    try:
        from accounts.models import User

        users = list(User.objects.filter(email__startswith="rb").order_by("pk")[:count])
        PushSubscription.objects.filter(user__in=users).delete()
        Notification.objects.all().delete()
        subscriber = Subscriber("bench")
        PushSubscription.objects.bulk_create(
            PushSubscription(user=u, endpoint=f"http://127.0.0.1:{port}/push/{u.pk}",
                             p256dh=subscriber.p256dh, auth=subscriber.auth_b64) for u in users)
        rows = Notification.objects.bulk_create(
            Notification(user=u, kind=NotificationKind.THERAPIST_ALERT, slot_key="bench",
                         due_at=timezone.now(),
                         payload={"title": "Time for your exercises",
                                  "body": "3 exercises left for today.", "url": "/today"})
            for u in users)
        services.deliver(rows[0].pk)  # warm-up: keys, connection
        ids, size = [r.pk for r in rows[1:]], settings.REMINDERS_DELIVERY_BATCH_SIZE
        started = time.perf_counter()
        for start in range(0, len(ids), size):  # what the `deliver` task does per message
            services.deliver_batch(ids[start:start + size])
        elapsed = time.perf_counter() - started
        sent = Notification.objects.exclude(sent_at=None).count()
        assert sent == count, sent
        return (count - 1) / elapsed
    finally:
        server.terminate()


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if sys.argv[1:] == ["delivery"]:  # only the delivery figure, three runs
        grow_to(DUE)
        for _ in range(3):
            print(f"delivery, one process, Web Push to a local receiver: "
                  f"{time_delivery():.0f} msg/s")
        return
    for size in (10_000, 100_000):
        timings = time_tick(size)
        print(f"tick, {size:,} patients, {DUE:,} due: median {statistics.median(timings)*1000:.0f}"
              f" ms, max {max(timings)*1000:.0f} ms ({len(timings)} runs)")
    print(f"delivery, one process, Web Push to a local receiver: {time_delivery():.0f} msg/s")


if __name__ == "__main__":
    main()
