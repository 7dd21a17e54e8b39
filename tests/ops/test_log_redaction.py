"""Invite tokens never reach a log (issue 9, item 11).

The contract's invite paths carry the token (`GET /api/v1/invites/<token>`), and so did
invite links before the fragment form. Whoever reads the logs could have opened an unused
invite and set the patient's password. The servers run as they do for real: gunicorn with
the container's config (docker/gunicorn.conf.py) and production settings, runserver as
`make run` starts it, each answering real HTTP requests from this test against the test
database; then their whole output is searched for the token.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from accounts.services import invite_create
from tests.conftest import require_services
from tests.factories import PatientFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def invite_token() -> str:
    if connection.vendor != "postgresql":
        # The servers run in other processes: they need a database they can share.
        require_services("a server in another process needs the PostgreSQL test database")
    patient = PatientFactory(email="invited@example.org")
    patient.set_unusable_password()
    patient.save(update_fields=["password"])
    _, token = invite_create(user=patient, created_by=None)
    return token


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(tmp_path: Path, settings_module: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT / "backend"),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": _database_url(),
        "HEP_VAR_DIR": str(tmp_path),  # the filesystem cache for the throttles
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_HOST": "smtp.example.org",
        "SECURE_SSL_REDIRECT": "false",
        "CONN_MAX_AGE": "0",  # no connection left open on the test database afterwards
    }


def _request(port: int, method: str, path: str, body: dict | None = None) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                     method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _serve_and_visit(command: list[str], env: dict[str, str], port: int, token: str,
                     tmp_path: Path) -> tuple[str, dict[str, int]]:
    """Starts the server, makes the requests that carry the token, stops it; its output."""
    out_path = tmp_path / "server.log"
    with open(out_path, "wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while _request_quietly(port) is None:
                assert server.poll() is None, out_path.read_text()
                assert time.monotonic() < deadline, "no answer: " + out_path.read_text()
                time.sleep(0.3)
            statuses = {
                "look": _request(port, "GET", f"/api/v1/invites/{token}"),
                # A weak password: 400, which Django's request logger reports with the path.
                "accept": _request(port, "POST", f"/api/v1/invites/{token}/accept",
                                   {"password": "short"}),
                "old link": _request(port, "GET", f"/invite/{token}"),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    return out_path.read_text(), statuses


def _request_quietly(port: int) -> int | None:
    try:
        return _request(port, "GET", "/healthz")
    except OSError:
        return None


def _assert_logged_without_the_token(log: str, token: str, statuses: dict[str, int]):
    assert statuses["look"] == 200 and statuses["accept"] == 400, statuses
    assert token not in log, log
    assert token[:12] not in log, log
    # The lines were written, with the token replaced: the test saw real log output.
    assert "/api/v1/invites/[redacted]" in log, log
    assert "Bad Request: /api/v1/invites/[redacted]/accept" in log, log  # django.request


def test_gunicorn_as_the_container_runs_it_logs_no_invite_token(invite_token, tmp_path):
    port = _free_port()
    env = _environment(tmp_path, "hep.settings.prod")
    command = [sys.executable, "-m", "gunicorn", "hep.wsgi:application",
               "--config", str(ROOT / "docker" / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--workers", "1"]
    log, statuses = _serve_and_visit(command, env, port, invite_token, tmp_path)
    _assert_logged_without_the_token(log, invite_token, statuses)
    # The access log (gunicorn's own line format) has the request line, redacted.
    assert 'GET /api/v1/invites/[redacted] HTTP/1.1" 200' in log, log
    assert "GET /invite/[redacted] HTTP/1.1" in log, log


def test_runserver_as_make_run_starts_it_logs_no_invite_token(invite_token, tmp_path):
    port = _free_port()
    env = _environment(tmp_path, "hep.settings.dev")
    command = [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}",
               "--noreload"]
    log, statuses = _serve_and_visit(command, env, port, invite_token, tmp_path)
    _assert_logged_without_the_token(log, invite_token, statuses)
    # django.server's request lines.
    assert '"GET /api/v1/invites/[redacted] HTTP/1.1" 200' in log, log


CELERY_LOGS = """
import logging
from celery.utils.log import get_task_logger
from hep.celery import app

app.log.setup(loglevel="INFO")  # what `celery worker` does at start-up
logging.getLogger("celery.worker").warning("Received GET /api/v1/invites/%s", TOKEN)
get_task_logger("reminders.tasks").warning("link https://hep.example/invite/%s", TOKEN)
logging.getLogger("celery.worker").warning("with header Authorization: Token %s", TOKEN)
"""


def test_celery_worker_logging_redacts_invite_tokens(tmp_path):
    """Celery replaces the root logger's handlers with its own at start-up: they must
    redact as Django's do. No task logs a token today; this keeps it so."""
    token = secrets.token_urlsafe(32)
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT / "backend"),
           "DJANGO_SETTINGS_MODULE": "hep.settings.test", "HEP_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", f"TOKEN = {token!r}\n{CELERY_LOGS}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert token not in log, log
    assert "Received GET /api/v1/invites/[redacted]" in log, log
    assert "https://hep.example/invite/[redacted]" in log, log
    assert "Authorization: Token [redacted]" in log, log
