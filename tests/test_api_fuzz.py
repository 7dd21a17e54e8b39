"""Generated input against every operation of the OpenAPI schema, through the WSGI app.

Schemathesis builds requests from `/api/v1/schema`, both valid ones and ones that break
the schema (wrong types, out-of-range numbers, missing fields), sent as a signed-in patient
and as a signed-in therapist. Path parameters point at real seeded objects, so the
bodies reach the code behind the permission checks. The contract's promises checked on
every answer: bad input never yields a 5xx, and every 4xx has the one error shape.

Bounded for CI: 25 examples per operation and role, derandomized (the same inputs on every
run), no example database. `HEP_FUZZ_EXAMPLES=500` digs deeper locally.
"""

from __future__ import annotations

import json
import os
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from knox.models import AuthToken
from rest_framework.test import APIClient
from schemathesis import GenerationMode

from accounts.services import invite_create
from tests.api_world import World, build_world, is_error_shape
from tests.conftest import client_for
from tests.factories import PatientFactory

APP = WSGIHandler()
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/schema", APP)

# Signing out would make every later example of the test anonymous.
SKIPPED = {"POST /api/v1/auth/logout", "POST /api/v1/auth/logout-all"}
OPERATIONS = {
    operation.label: operation
    for result in SCHEMA.get_all_operations()
    for operation in [result.ok()]
    if operation.label not in SKIPPED
}

FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("HEP_FUZZ_EXAMPLES", "25")), deadline=None,
    derandomize=True, database=None, print_blob=False,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_test_transaction():
    """Serve requests inside the test's transaction, as Django's test client does.

    The raw WSGI handler closes "old" connections around every request; inside a test
    transaction that would drop the connection (and the data) on PostgreSQL.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _authorization(user) -> str:
    _, token = AuthToken.objects.create(user)
    return f"Token {token}"


def _path_parameters(world: World, path: str, invite_token: str) -> dict[str, object]:
    values: dict[str, object] = {
        "patient_id": world.owner.pk,
        "assignment_id": world.assignment.pk,
        "alert_id": world.alert.pk,
        "subscription_id": world.extra["subscription"].pk,
        "notification_id": world.extra["notification"].pk,
        "day": world.checkin_day,
        # A colleague of the owner's therapist (care team), or the therapist as staff.
        "member_id": world.users["clinic_admin"].pk,
        "week_start": world.checkin_week,
        "token": invite_token,
        "log_id": (world.headache_log.pk if path.startswith("/api/v1/headache-logs")
                   else world.session_log.pk),
        "slug": (world.exercise.slug if path.startswith("/api/v1/exercises")
                 else world.own_copy.slug),
    }
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    if "device_id" in names:  # one of the owner's signed-in devices
        from knox.models import AuthToken

        values["device_id"] = AuthToken.objects.create(world.owner)[0].device.pk
    unknown = [name for name in names if name not in values]
    assert not unknown, f"name a real object for {unknown} of {path} in _path_parameters"
    return {name: values[name] for name in names}


# Random ids, slugs and zones almost never name anything real, so a body generated from
# the schema alone stops at the first lookup. Most bodies get real references (and a
# fresh client_id, a recent instant) while every other field stays as generated.
ZONES = ["UTC", "Europe/Oslo", "America/New_York", "Pacific/Kiritimati", "Pacific/Pago_Pago"]


def _recent(hours: float) -> str:
    return (timezone.now() - timedelta(hours=hours)).isoformat()


def _ground_session(world: World, body: dict, uid, zone) -> dict:
    entries = body.get("entries")
    if isinstance(entries, list):
        entries = [{**entry, "exercise": world.exercise.slug} if isinstance(entry, dict)
                   else entry for entry in entries]
    return {**body, "client_id": str(uid), "assignment": world.assignment.pk,
            "performed_at": _recent(1), **({"entries": entries} if entries else {})}


def _ground_headache(world: World, body: dict, uid, zone) -> dict:
    ended = {"ended_at": _recent(1)} if body.get("ended_at") is not None else {}
    return {**body, "client_id": str(uid), "started_at": _recent(2), **ended}


def _ground_patient(world: World, body: dict, uid, zone) -> dict:
    return {**body, "email": f"fuzz-{uid.hex[:12]}@example.test", "timezone": zone}


def _ground_zone(world: World, body: dict, uid, zone) -> dict:
    return {**body, "timezone": zone} if "timezone" in body else body


def _ground_assignment(world: World, body: dict, uid, zone) -> dict:
    slug = world.own_copy.slug if uid.int % 2 else world.shared.slug
    return {**body, "template": slug, "start_date": world.owner.local_today().isoformat()}


def _ground_copy(world: World, body: dict, uid, zone) -> dict:
    return {**body, "slug": f"copy-{uid.hex[:8]}"}


GROUNDING = {
    "POST /api/v1/session-logs": _ground_session,
    "POST /api/v1/headache-logs": _ground_headache,
    "POST /api/v1/patients": _ground_patient,
    "PATCH /api/v1/patients/{patient_id}": _ground_zone,
    "PATCH /api/v1/me": _ground_zone,
    "POST /api/v1/patients/{patient_id}/assignments": _ground_assignment,
    "POST /api/v1/program-templates/{slug}/copy": _ground_copy,
}


def _strategy(operation, world: World, path_parameters: dict):
    positive = operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path_parameters)
    strategy = positive
    if len(operation.body.items) or len(operation.query.items):
        negative = operation.as_strategy(GenerationMode.NEGATIVE,
                                         path_parameters=path_parameters)
        strategy = st.one_of(positive, negative)
    ground = GROUNDING.get(operation.label)
    if ground is None:
        return strategy

    def grounded(drawn):
        case, real, uid, zone = drawn
        if real and isinstance(case.body, dict):
            case.body = ground(world, case.body, uid, zone)
        return case

    # Three bodies in four grounded: hypothesis leans towards the minimal `False`.
    real = st.integers(min_value=0, max_value=3).map(bool)
    return st.tuples(strategy, real, st.uuids(), st.sampled_from(ZONES)).map(grounded)


def _describe(case, response) -> str:
    body = response.content[:800] if isinstance(response.content, bytes) else response.content
    return (f"{case.method} {case.formatted_path} query={case.query!r} "
            f"body={json.dumps(case.body, default=str)[:800] if case.body is not None else None}"
            f" -> {response.status_code} {body!r}")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["patient", "therapist"])
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_generated_input_never_breaks_the_api(label: str, role: str, in_test_transaction):
    world = build_world()
    caller = world.owner if role == "patient" else world.users["therapist"]
    invited = PatientFactory(clinic=world.clinic, email="invited@a.test")
    invited.set_unusable_password()
    invited.save(update_fields=["password"])
    _, invite_token = invite_create(user=invited, created_by=world.users["therapist"])
    headers = {"Authorization": _authorization(caller)}
    operation = OPERATIONS[label]
    strategy = _strategy(operation, world,
                         _path_parameters(world, operation.path, invite_token))

    @FUZZ_SETTINGS
    @given(case=strategy)
    def check(case):
        response = case.call(headers=headers)
        assert response.status_code < 500, _describe(case, response)
        if 400 <= response.status_code < 500:
            try:
                body = json.loads(response.content)
            except ValueError:
                body = None
            assert is_error_shape(body), "not the error shape: " + _describe(case, response)

    check()


def test_every_operation_is_fuzzed():
    """A new endpoint is fuzzed without anyone remembering to add it here."""
    assert len(OPERATIONS) >= 30
    assert all(label.split(" ", 1)[1].startswith("/api/v1/") for label in OPERATIONS)


# --- Inputs the generator reaches only by luck ---------------------------------------------
# NUL and lone surrogates pass Python and SQLite but not PostgreSQL (text and jsonb refuse
# them) or UTF-8 encoding; DRF's CharField refuses both, raw JSON and query strings do not.
# Each is sent as raw bytes, as a client would.

def _phases(exercise_slug: str, raw_name: str) -> str:
    """A valid phases body whose phase name is `raw_name`, a JSON escape sent as is."""
    document = {"phases": [{"name": "NAME", "min_days": 1, "items": [
        {"exercise": exercise_slug, "prescription": {"reps": 10, "hold_seconds": 5}}]}]}
    return json.dumps(document).replace('"NAME"', f'"{raw_name}"')


HOSTILE = [
    ("therapist", "get", "exercises?search=a%00b", None),
    ("therapist", "get", "exercises?region=a%00b", None),
    ("patient", "get", "exercises?search=%00", None),
    ("therapist", "get", "patients?search=a%00b", None),
    ("therapist", "patch", "program-templates/{own_copy}", "phases:P\\u0000"),
    ("therapist", "patch", "program-templates/{own_copy}", "phases:P\\ud800"),
    ("patient", "patch", "me", '{"first_name": "\\ud800"}'),
    ("patient", "put", "daily-checkins/{day}", '{"neck_soreness": 1e400}'),
    ("patient", "put", "weekly-checkins/{week}", '{"sessions_done": 1e400}'),
    ("patient", "put", "weekly-checkins/2026-W19", '{"sessions_done": 3}'),
    ("therapist", "post", "patients", '{"email": "x@y.test", "first_name": "X", '
                                      '"timezone": "\\u0000"}'),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "method", "path", "raw"), HOSTILE,
                         ids=[f"{m.upper()} {p} {r or ''}"[:70] for _, m, p, r in HOSTILE])
def test_hostile_strings_never_break_the_api(role, method, path, raw):
    world = build_world()
    caller = world.owner if role == "patient" else world.users["therapist"]
    client = client_for(caller)
    client.raise_request_exception = False
    url = "/api/v1/" + path.format(own_copy=world.own_copy.slug, day=world.checkin_day,
                                   week=world.checkin_week)
    if raw and raw.startswith("phases:"):
        raw = _phases(world.exercise.slug, raw.removeprefix("phases:"))
    response = getattr(client, method)(url, raw, content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert is_error_shape(response.json()), response.content[:300]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["patients/not-a-number", "no-such-endpoint", "patients/",
                                  "exercises/Not%20A%20Slug"])
def test_unknown_api_urls_answer_the_error_shape(path):
    """"Every 4xx has a JSON body with one consistent shape", a mistyped URL included."""
    world = build_world()
    client = client_for(world.users["therapist"])
    response = client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert is_error_shape(response.json())


# --- Bodies and headers that broke the server before any view code ran ------------------
# Found by the penetration test (issue 9, item 6): each answered 500, or HTML.

def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _client(world: World, role: str | None):
    client = APIClient() if role is None else client_for(
        world.owner if role == "patient" else world.users["therapist"])
    client.raise_request_exception = False
    return client


DEEP_TARGETS = [  # (who, method, path): anonymous sign-in too, before any permission check
    (None, "post", "auth/login"),
    ("patient", "patch", "me"),
    ("therapist", "patch", "assignments/{assignment}"),
    ("patient", "post", "measures"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "method", "path"), DEEP_TARGETS,
                         ids=[f"{m.upper()} {p}" for _, m, p in DEEP_TARGETS])
def test_json_nested_a_thousand_deep_is_refused_in_the_error_shape(role, method, path):
    """2 KB of brackets used to exhaust Python's decoder (RecursionError, 500)."""
    world = build_world()
    url = "/api/v1/" + path.format(assignment=world.assignment.pk)
    body = f'{{"answers": {_nested(1000)}, "status": {_nested(1000)}}}'
    response = getattr(_client(world, role), method)(url, body, content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert is_error_shape(response.json())
    assert response.json()["code"] == "parse_error"
    assert "deeper than 32 levels" in response.json()["detail"]


@pytest.mark.django_db
def test_nesting_under_the_limit_reaches_the_view(settings):
    """The limit is a setting, and a body at it is read as usual (its fields judged)."""
    world = build_world()
    settings.JSON_MAX_DEPTH = 5
    client = _client(world, None)
    within = client.post("/api/v1/auth/login", '{"email": [[[["x"]]]], "password": "p"}',
                         content_type="application/json")
    beyond = client.post("/api/v1/auth/login", '{"email": [[[[["x"]]]]], "password": "p"}',
                         content_type="application/json")
    assert within.status_code == 400 and "email" in within.json()["fields"]
    assert beyond.status_code == 400 and beyond.json()["code"] == "parse_error"


@pytest.mark.django_db
@pytest.mark.parametrize("credentials", [
    b"Token \xff\xfe\xfd",                 # not UTF-8
    b"Token {key}" + "é".encode(),         # a real token's key, then not ASCII
    b"Token abc\x00def",                   # NUL, which PostgreSQL refuses in a query
], ids=["not-utf8", "not-ascii", "nul"])
def test_a_token_that_is_not_text_is_refused_with_401(credentials):
    world = build_world()
    _, real = AuthToken.objects.create(world.owner)
    credentials = credentials.replace(b"{key}", real[:15].encode())
    client = _client(world, None)
    # WSGI hands headers over as Latin-1 strings: these are the bytes a client sent.
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=credentials.decode("latin-1"))
    assert response.status_code == 401, response.content[:300]
    assert is_error_shape(response.json())


@pytest.mark.django_db
def test_a_lone_surrogate_as_an_overrides_key_is_refused_with_400():
    """The error named the bad key, and a lone surrogate cannot be encoded: 500."""
    world = build_world()
    client = _client(world, "therapist")
    body = json.dumps({"template": world.own_copy.slug,
                       "start_date": world.owner.local_today().isoformat(),
                       "overrides": {"KEY": {"reps": 5}}}).replace("KEY", "\\ud800")
    response = client.post(f"/api/v1/patients/{world.owner.pk}/assignments", body,
                           content_type="application/json")
    assert response.status_code == 400, response.content[:300]
    assert is_error_shape(response.json())
    # A well-formed pair (an emoji sent as escapes) is text like any other.
    pair = client.patch("/api/v1/me", '{"first_name": "Ann \\ud83d\\ude00"}',
                        content_type="application/json")
    assert pair.status_code == 200, pair.content[:300]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "patient"])
def test_a_body_over_the_size_limit_answers_413_in_the_error_shape(role, settings):
    world = build_world()
    padding = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    body = json.dumps({"email": "a@b.test", "first_name": padding})
    method, url = ("post", "/api/v1/auth/login") if role is None else ("patch", "/api/v1/me")
    response = getattr(_client(world, role), method)(url, body, content_type="application/json")
    assert response.status_code == 413, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert is_error_shape(response.json())


@pytest.mark.django_db
def test_a_bug_answers_500_in_the_error_shape_not_an_html_page(monkeypatch):
    from accounts.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views.MeView, "get", broken)
    world = build_world()
    response = _client(world, "patient").get("/api/v1/me")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert is_error_shape(response.json())
    assert "a bug" not in response.content.decode()


@pytest.mark.django_db
def test_a_request_django_refuses_before_the_api_answers_the_error_shape():
    """A Host header not in ALLOWED_HOSTS is refused by Django itself (400)."""
    world = build_world()
    response = _client(world, "patient").get("/api/v1/me", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert is_error_shape(response.json())
