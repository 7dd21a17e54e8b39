"""Production settings: `check --deploy` is clean, and bad configuration stops start-up.

Each case runs manage.py in a fresh process with only the variables it names, because
settings are read once at import and the test process already has its own.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = secrets.token_urlsafe(50)  # 67 characters, as the deploy check wants


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "hep.settings.prod",
        "HEP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120,
    )


def test_deploy_check_passes_with_a_secret_key_and_hosts(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_rejects_a_weak_secret_key(tmp_path):
    # Shows the check above is a real gate, not one that passes whatever the settings say.
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    SECRET_KEY="short-and-guessable", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "security.W009" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(tmp_path, missing):
    env = {"SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "example.org"}
    del env[missing]
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "maybe"), ("SECURE_SSL_REDIRECT", "sometimes"), ("SECURE_HSTS_SECONDS", "1y")],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(tmp_path, name, value):
    result = manage(tmp_path, "check", SECRET_KEY=SECRET_KEY, ALLOWED_HOSTS="example.org",
                    **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be" in result.stderr and repr(value) in result.stderr
