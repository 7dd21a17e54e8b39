"""PostgreSQL stopped for 10 s under a real gunicorn while a phone keeps posting logs.

The database is the test's own: `initdb` in a temporary folder and `pg_ctl` on an ephemeral
port (as the postgres user when the test runs as root: both refuse root), never the shared
server. What must hold: every answer is 201 or a 503 in the error shape with Retry-After
(no 500, no HTML), the same gunicorn answers 201 again once the database is back (no
restart), and the phone's resends of what got a 503 leave exactly one copy of every log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.faults.processes import (
    ROOT,
    app_env,
    binary,
    free_port,
    gunicorn,
    http,
    stop_all,
    wait_for,
)

pytestmark = pytest.mark.services
OUTAGE_SECONDS = 10


def pg_bindir() -> str:
    pg_config = binary("pg_config")
    return subprocess.run([pg_config, "--bindir"], check=True, capture_output=True,
                          text=True).stdout.strip()


class PrivatePostgres:
    def __init__(self):
        bindir = pg_bindir()
        self.initdb, self.pg_ctl = binary("initdb", bindir), binary("pg_ctl", bindir)
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.folder = Path(tempfile.mkdtemp(prefix="hep-fault-pg-"))
        if self.as_owner:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/hep_fault"
        self.run(self.initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust",
                 "-E", "UTF8", "--no-sync")
        self.start()
        self.run(str(Path(bindir) / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                 "-U", "postgres", "hep_fault")

    def run(self, *args: str) -> None:
        done = subprocess.run([*self.as_owner, *args], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, (args, done.stdout, done.stderr)

    def start(self) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
                   "-c fsync=off -c full_page_writes=off")
        self.run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options,
                 "-w", "-t", "30", "start")

    def stop(self) -> None:
        self.run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        subprocess.run([*self.as_owner, self.pg_ctl, "-D", str(self.data), "-m", "immediate",
                        "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)

    def stored_client_ids(self) -> Counter:
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute("SELECT client_id FROM logs_sessionlog").fetchall()
        return Counter(str(row[0]) for row in rows)


@pytest.fixture
def private_postgres():
    database = PrivatePostgres()
    yield database
    database.remove()


def manage(env: dict, *args: str, timeout: float = 180) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, (done.stdout[-3000:], done.stderr[-3000:])
    return done.stdout


def test_postgres_down_answers_503_with_retry_after_and_the_server_recovers_by_itself(
        tmp_path, private_postgres, request):
    # No Redis at all: the filesystem broker and file cache under tmp_path, so the shared
    # Redis is never touched and only the database fails.
    env = {**os.environ, **app_env(tmp_path, DATABASE_URL=private_postgres.url, REDIS_URL="",
                                   DJANGO_SETTINGS_MODULE="hep.settings.dev")}
    for folder in ("celery/queue", "celery/processed", "celery/control", "cache"):
        (tmp_path / "var" / folder).mkdir(parents=True, exist_ok=True)
    shell = manage(env, "shell", "-c", (ROOT / "tests/faults/seed_fault_world.py").read_text())
    world = json.loads(shell.split("WORLD ", 1)[1])
    port = free_port()
    web = gunicorn(tmp_path, port, env)
    request.addfinalizer(lambda: stop_all([web]))
    base = f"http://127.0.0.1:{port}"
    pid = web.process.pid

    def body(client_id: str) -> dict:
        return {"client_id": client_id, "assignment": world["assignment"], "pain_during": 2,
                "performed_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
                "entries": [{"exercise": world["exercise"], "reps": 10}]}

    answers: list = []  # (client_id, status, body, headers, seconds taken)
    stop = threading.Event()

    def phone() -> None:
        while not stop.is_set():
            client_id, started = str(uuid.uuid4()), time.monotonic()
            status, answer, headers = http("POST", f"{base}/api/v1/session-logs",
                                           body(client_id), token=world["token"])
            answers.append((client_id, status, answer, headers, time.monotonic() - started))
            time.sleep(0.2)

    thread = threading.Thread(target=phone)
    thread.start()
    try:
        time.sleep(3)
        private_postgres.stop()
        time.sleep(OUTAGE_SECONDS)
        down = len(answers)
        private_postgres.start()
        assert wait_for(lambda: any(a[1] == 201 for a in answers[down:]), timeout=30), (
            Counter(a[1] for a in answers[down:]), web.output())
        time.sleep(2)
    finally:
        stop.set()
        thread.join(timeout=60)

    # The phone's outbox sends again what got a 503 (same client_id): stored once each.
    unavailable = [a for a in answers if a[1] == 503]
    resent = Counter(http("POST", f"{base}/api/v1/session-logs", body(a[0]),
                          token=world["token"])[0] for a in unavailable)
    stored = private_postgres.stored_client_ids()
    statuses = Counter(a[1] for a in answers)
    figures = {"requests": len(answers), "201": statuses[201], "503": len(unavailable),
               "other_5xx": sum(n for s, n in statuses.items() if s >= 500 and s != 503),
               "resent_ok": resent[201] + resent[200],
               "lost": len({a[0] for a in answers} - set(stored)),
               "duplicated": sum(n - 1 for n in stored.values() if n > 1),
               "slowest_503_seconds": round(max((a[4] for a in unavailable), default=0), 2)}
    print(f"\nFIGURES postgres outage {OUTAGE_SECONDS}s: {figures}", file=sys.stderr)

    assert web.alive and web.process.pid == pid, web.output()  # the same server, no restart
    assert set(statuses) <= {201, 503}, (statuses, web.output())
    assert len(unavailable) >= 5, statuses  # the outage was seen
    for _, _, answer, headers, _ in unavailable:
        assert answer["code"] == "unavailable" and answer["fields"] == {}, answer
        assert int(headers["Retry-After"]) > 0
    assert figures["slowest_503_seconds"] < 10  # refused fast, not hanging on the database
    assert answers[-1][1] == 201
    assert set(resent) <= {200, 201}, resent
    assert figures["lost"] == 0 and figures["duplicated"] == 0
