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
# What a real deployment sets (.env.example's required block).
VALID = {"SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "example.org",
         "EMAIL_HOST": "smtp.example.org"}


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


def test_deploy_check_passes_with_a_secret_key_hosts_and_a_mail_server(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **VALID)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_is_a_real_gate(tmp_path):
    # Shows the check above fails when the settings are weak, not whatever they say.
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING",
                    **{**VALID, "SECURE_HSTS_SECONDS": "0"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr


@pytest.mark.parametrize("weak", ["short-and-guessable", "x" * 49, "ab" * 40])
def test_production_refuses_to_start_with_a_weak_secret_key(tmp_path, weak):
    """Django's deploy check only warns (security.W009); the settings refuse to load."""
    result = manage(tmp_path, "check", **{**VALID, "SECRET_KEY": weak})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(tmp_path, missing):
    env = dict(VALID)
    del env[missing]
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert f"Environment variable {missing} is required" in result.stderr


def test_production_refuses_to_print_mail_to_the_log_by_default(tmp_path):
    """Without a mail server the console backend would write every email, addresses and
    clinical subjects, into the worker's log."""
    env = {name: value for name, value in VALID.items() if name != "EMAIL_HOST"}
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "EMAIL_HOST is required" in result.stderr


@pytest.mark.parametrize("backend", ["django.core.mail.backends.console.EmailBackend",
                                     "django.core.mail.backends.smtp.EmailBackend"])
def test_a_mail_backend_chosen_on_purpose_is_honoured(tmp_path, backend):
    env = {name: value for name, value in VALID.items() if name != "EMAIL_HOST"}
    result = manage(tmp_path, "shell", "-c",
                    "from django.conf import settings; print(settings.EMAIL_BACKEND)",
                    **env, EMAIL_BACKEND=backend)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == backend


def test_production_serves_the_api_docs_to_signed_in_people_only_unless_told(tmp_path):
    show = "from django.conf import settings; print(settings.API_DOCS_PUBLIC)"
    private = manage(tmp_path, "shell", "-c", show, **VALID)
    public = manage(tmp_path, "shell", "-c", show, **VALID, API_DOCS_PUBLIC="true")
    assert (private.stdout.splitlines()[-1:], public.stdout.splitlines()[-1:]) == (
        ["False"], ["True"]), (
        private.stderr + public.stderr)


def test_build_tools_read_the_schema_without_a_server_or_a_sign_in(tmp_path):
    result = manage(tmp_path, "spectacular", "--file", str(tmp_path / "schema.yaml"),
                    "--fail-on-warn", **VALID)
    assert result.returncode == 0, result.stderr
    assert "/api/v1/invites/{token}" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.parametrize(
    ("name", "value"),
    [("DEBUG", "maybe"), ("SECURE_SSL_REDIRECT", "sometimes"), ("SECURE_HSTS_SECONDS", "1y")],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(tmp_path, name, value):
    result = manage(tmp_path, "check", **{**VALID, name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name} must be" in result.stderr and repr(value) in result.stderr
