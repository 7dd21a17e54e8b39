"""Links in invites and e-mails point at the port the app is served on (issue 13, defect 1).

`make run PORT=8301` used to send invite links to http://localhost:8000. Settings are read
once at start-up, so each case runs in a fresh process with only the variables it names.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INVITE = "from accounts.services import invite_url; print(invite_url('tok'))"


def invite_link(tmp_path: Path, **env: str) -> str:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "hep.settings.dev",
        "HEP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", INVITE],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def make_run_environment(port: str) -> dict[str, str]:
    """The variables `make run PORT=...` gives honcho (and so the web, worker and beat)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_URL", "PORT")}
    result = subprocess.run(["make", "-n", "run", f"PORT={port}"], cwd=ROOT, env=environ,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "honcho" in ln and " start" in ln)
    return dict(re.findall(r"(\w+)=(\S+)", line.split("honcho")[0]))


def test_make_run_on_another_port_sends_invite_links_to_that_port(tmp_path):
    environ = make_run_environment("8301")
    assert environ["PORT"] == "8301"
    # honcho hands each process its own PORT (web 8301, worker 8401, beat 8501): the worker,
    # which sends the e-mails, must still link to the web server's port.
    for honcho_port in ("8301", "8401", "8501"):
        link = invite_link(tmp_path, **{**environ, "PORT": honcho_port})
        assert link == "http://127.0.0.1:8301/invite#tok"


def test_without_public_url_the_link_follows_port(tmp_path):
    assert invite_link(tmp_path, PORT="8301") == "http://localhost:8301/invite#tok"
    assert invite_link(tmp_path) == "http://localhost:8000/invite#tok"


def test_an_explicit_public_url_wins(tmp_path):
    link = invite_link(tmp_path, PORT="8301", PUBLIC_URL="https://hep.example.org/")
    assert link == "https://hep.example.org/invite#tok"
