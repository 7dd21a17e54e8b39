"""The OpenAPI schema: builds cleanly, is served, and documents every contract path.

Clients are generated from this schema and the fuzz tests read it, so a warning here
(an undocumented authenticator, a guessed type) is a wrong or missing piece of the docs.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.api_world import build_world
from tests.conftest import client_for

REPO = Path(settings.BASE_DIR)

# (method, path under /api/v1/) for every call in /work/shared/api-contract.md. Path
# parameters are written `{}`: the contract's `{id}` is `{patient_id}` and the like here.
CONTRACT = [
    ("POST", "auth/login"),
    ("POST", "auth/logout"),
    ("GET", "me"),
    ("POST", "patients"),
    ("GET", "patients"),
    ("POST", "invites/{}/accept"),
    ("GET", "exercises"),
    ("GET", "program-templates"),
    ("POST", "patients/{}/assignments"),
    ("GET", "patients/{}/assignments"),
    ("PATCH", "assignments/{}"),
    ("GET", "assignments/{}"),
    ("POST", "assignments/{}/advance"),
    ("POST", "assignments/{}/regress"),
    ("GET", "me/today"),
    ("POST", "session-logs"),
    ("GET", "session-logs"),
    ("POST", "headache-logs"),
    ("PUT", "daily-checkins/{}"),
    ("GET", "patients/{}/adherence"),
    ("GET", "alerts"),
    ("POST", "alerts/{}/resolve"),
    ("GET", "patients/{}/outcomes"),
    ("POST", "measures"),
    ("GET", "measures"),
    ("GET", "me/reminder-settings"),
    ("PUT", "me/reminder-settings"),
    ("POST", "push-subscriptions"),
    ("DELETE", "push-subscriptions/{}"),
]


def _spectacular(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    # A separate process: drf-spectacular keeps warnings in a process-wide cache and
    # reports each only once, so an earlier in-process build would hide them.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hep.settings.test"}
    return subprocess.run(
        [sys.executable, "manage.py", "spectacular", *args, "--file",
         str(tmp_path / "schema.yaml")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_schema_builds_without_warnings_or_errors(tmp_path):
    result = _spectacular("--fail-on-warn", "--validate", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr[-6000:]
    assert (tmp_path / "schema.yaml").stat().st_size > 0


@pytest.fixture(scope="module")
def served_schema(django_db_blocker) -> dict:
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content[:500]
    return response.json() if "json" in response["Content-Type"] else yaml.safe_load(
        response.content)


def _documented(schema: dict) -> set[tuple[str, str]]:
    calls = set()
    for path, operations in schema["paths"].items():
        short = re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1/"))
        calls |= {(method.upper(), short) for method in operations
                  if method in ("get", "post", "put", "patch", "delete")}
    return calls


def test_the_schema_is_served_at_the_contract_address(served_schema):
    assert served_schema["openapi"].startswith("3.")
    assert all(path.startswith("/api/v1/") for path in served_schema["paths"])


@pytest.mark.parametrize(("method", "path"), CONTRACT, ids=[f"{m} {p}" for m, p in CONTRACT])
def test_every_contract_call_is_documented(served_schema, method, path):
    assert (method, path) in _documented(served_schema)


# Added on top of the contract and documented in docs/notifications.md: the weekly check-in.
ADDED = [("PUT", "weekly-checkins/{}"), ("GET", "weekly-checkins/{}"),
         ("GET", "me/weekly-checkins")]


@pytest.mark.parametrize(("method", "path"), ADDED, ids=[f"{m} {p}" for m, p in ADDED])
def test_every_added_call_is_documented(served_schema, method, path):
    assert (method, path) in _documented(served_schema)


def _answer_schema(schema: dict, path: str, status: str = "200") -> dict:
    operation = schema["paths"][f"/api/v1/{path}"]["get"]
    return _resolve(schema, operation["responses"][status]["content"]["application/json"][
        "schema"])


def test_the_weekly_check_in_documents_its_range_and_its_weeks(served_schema):
    put = served_schema["paths"]["/api/v1/weekly-checkins/{week_start}"]["put"]
    body = _resolve(served_schema, put["requestBody"]["content"]["application/json"]["schema"])
    count = body["properties"]["sessions_done"]
    assert (count["minimum"], count["maximum"]) == (0, 70)
    assert body["required"] == ["sessions_done"]
    weeks = _answer_schema(served_schema, "me/weekly-checkins")
    row = _resolve(served_schema, weeks["items"])
    assert set(row["properties"]) == {"week_start", "sessions_planned", "sessions_done",
                                      "sessions_logged", "updated_at"}
    assert row["properties"]["sessions_done"]["nullable"] is True


def test_adherence_weeks_document_the_reported_sessions(served_schema):
    report = _answer_schema(served_schema, "patients/{patient_id}/adherence")
    week = _resolve(served_schema, report["properties"]["weeks"]["items"])
    assert week["properties"]["reported_sessions"]["type"] == "integer"
    assert week["properties"]["reported_sessions"]["nullable"] is True


def test_the_schema_says_how_api_clients_authenticate(served_schema):
    """The contract's `Authorization: Token <token>` must be a documented security scheme."""
    schemes = served_schema.get("components", {}).get("securitySchemes", {})
    assert any(
        scheme.get("in") == "header" and scheme.get("name") == "Authorization"
        or scheme.get("type") == "http"
        for scheme in schemes.values()
    ), f"only {sorted(schemes)} documented"


# Lists answer plain arrays unless `?limit=` is given (common/pagination.py): the schema
# must describe that default answer, not only the paginated one.
LIST_PATHS = ["session-logs", "headache-logs", "daily-checkins", "alerts", "patients",
              "exercises", "program-templates", "measures", "me/notifications"]


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _allows_array(schema: dict, node: dict) -> bool:
    node = _resolve(schema, node)
    if node.get("type") == "array":
        return True
    return any(_allows_array(schema, alt) for alt in node.get("oneOf", node.get("anyOf", [])))


@pytest.mark.django_db
@pytest.mark.parametrize("path", LIST_PATHS)
def test_lists_are_documented_as_the_arrays_they_answer(served_schema, path):
    world = build_world()
    answer = client_for(world.users["therapist"]).get(f"/api/v1/{path}")
    assert answer.status_code == 200 and isinstance(answer.json(), list)
    documented = served_schema["paths"][f"/api/v1/{path}"]["get"]["responses"]["200"]
    assert _allows_array(served_schema, documented["content"]["application/json"]["schema"])
