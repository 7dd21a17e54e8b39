"""Data migrations run in CI: an empty PostgreSQL database migrated from zero to head with
data in the tables a data migration touches, then back past that migration and forward
again (the test suite itself builds its tables without migrations)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

from tests.conftest import require_services

ROOT = Path(__file__).resolve().parents[2]
LEGACY = "pain_during_red_above"
pytestmark = pytest.mark.services


@pytest.fixture
def empty_database():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        require_services("needs PostgreSQL (DATABASE_URL)")
        pytest.fail("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL")
    base, _, _ = url.rpartition("/")
    name = f"hep_migrate_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrate(url: str, *target: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT / "backend"),
           "DJANGO_SETTINGS_MODULE": "hep.settings.test"}
    run = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", *target],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def _clinic_settings(url: str, name: str) -> dict:
    with psycopg.connect(url) as db:
        row = db.execute("SELECT settings FROM accounts_clinic WHERE name = %s",
                         [name]).fetchone()
    assert row is not None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def test_a_clinic_from_before_the_progression_settings_keeps_its_pain_limit(empty_database):
    url = empty_database
    _migrate(url, "accounts", "0002_recent_red_events")
    with psycopg.connect(url) as db:
        db.execute("INSERT INTO accounts_clinic (name, settings, created_at) "
                   "VALUES ('Old Clinic', %s, now())", [json.dumps({LEGACY: 6})])

    _migrate(url)  # zero to head, the data migrations with data in their tables
    assert _clinic_settings(url, "Old Clinic") == {"progression": {"pain": {"red_above": 6}}}

    _migrate(url, "accounts", "0002_recent_red_events")  # back past the data migration
    assert _clinic_settings(url, "Old Clinic")[LEGACY] == 6
    _migrate(url)  # and forward again
    assert _clinic_settings(url, "Old Clinic") == {"progression": {"pain": {"red_above": 6}}}
