"""Real processes for the fault tests: a private redis-server or PostgreSQL, gunicorn, a
Celery worker and beat, each in its own process group with its output in a file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from tests.conftest import require_services

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    """An ephemeral port the OS has just handed out: never the shared services' ports, nor
    the fixed ranges people give their own servers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], *, timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return bool(condition())


def binary(name: str, *folders: str) -> str:
    for folder in folders:
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if found is None:
        require_services(f"{name} is not installed")
        raise AssertionError(f"REQUIRE_SERVICES=1 and {name} is not installed")
    return found


class Process:
    def __init__(self, name: str, args: list[str], *, log_dir: Path, env: dict | None = None,
                 cwd: Path = ROOT):
        self.name, self.args, self.cwd = name, args, cwd
        self.env = {**os.environ, **(env or {})}
        self.log = log_dir / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.args, cwd=self.cwd, env=self.env, stdout=self.log.open("a"),
            stderr=subprocess.STDOUT, start_new_session=True)  # signals reach its children

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        if self.process is None:
            return
        if self.alive:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def signal(self, sig: int) -> None:
        if self.alive:
            assert self.process is not None
            os.killpg(self.process.pid, sig)

    def output(self, tail: int = 6000) -> str:
        return self.log.read_text(errors="replace")[-tail:]


def stop_all(processes: list[Process], *, grace: float = 5) -> None:
    """At the end of a test: SIGTERM to every one at once, SIGKILL to what is left after
    `grace` seconds (a warm shutdown is not what the test is about)."""
    for process in processes:
        process.signal(signal.SIGTERM)
    wait_for(lambda: not any(p.alive for p in processes), timeout=grace)
    for process in processes:
        process.signal(signal.SIGKILL)
        if process.process is not None:
            process.process.wait(timeout=10)


def database_url(name: str | None = None, *, port: int | None = None) -> str:
    """The test database the test process uses (or another database/port on it)."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{port or db.get('PORT') or 5432}/{name or db['NAME']}")


def app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """How `make run` starts the app, DEBUG off, with short periods for the sweeps."""
    if "DATABASE_URL" not in extra:
        extra["DATABASE_URL"] = database_url()
    return {"DJANGO_SETTINGS_MODULE": "hep.settings.dev", "DEBUG": "false",
            "PYTHONPATH": str(ROOT / "backend"),
            "HEP_VAR_DIR": str(tmp_path / "var"), "REMINDERS_TICK_SECONDS": "1",
            "PROGRESSION_SWEEP_SECONDS": "2", "REMINDERS_RECLAIM_AFTER_SECONDS": "5",
            "REMINDERS_REENQUEUE_AFTER_SECONDS": "3", "REMINDERS_PUSH_TIMEOUT_SECONDS": "5",
            "REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES": "true", "CONN_MAX_AGE": "60", **extra}


def gunicorn(tmp_path: Path, port: int, env: dict[str, str]) -> Process:
    web = Process("web", [sys.executable, "-m", "gunicorn", "hep.wsgi:application",
                          "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                          "--timeout", "60"], log_dir=tmp_path, env=env)
    assert wait_for(lambda: http("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200,
                    timeout=30), web.output()
    return web


def http(method: str, url: str, body: dict | None = None, token: str | None = None,
         timeout: float = 30) -> tuple[int, dict, dict]:
    """(status, JSON body or {}, headers); 0 when nothing answered."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, _json(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, _json(error.read()), dict(error.headers)
    except OSError:
        return 0, {}, {}


def _json(raw: bytes) -> dict:
    try:
        value = json.loads(raw)
    except ValueError:
        return {"not_json": raw[:200].decode(errors="replace")}
    return value if isinstance(value, dict) else {"list": value}
