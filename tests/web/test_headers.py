"""Headers of the app and the API (issue 9, item 12): a Content-Security-Policy without
inline code, answers that no HTTP cache keeps, and API docs behind sign-in in production.
The browser tests (tests/e2e) run the real app under the same policy."""

import re

import pytest

from tests.api_world import is_error_shape
from tests.conftest import client_for
from tests.web.test_app_routes import built_app  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";")
                                               if part.strip())}


@pytest.mark.parametrize("path", ["/", "/invite", "/api/v1/docs", "/api/v1/exercises"])
def test_pages_and_answers_carry_a_policy_without_inline_code(client, built_app, path,  # noqa: F811
                                                              patient):
    client.force_login(patient)
    policy = directives(client.get(path))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert not [v for values in policy.values() for v in values
                if v in ("'unsafe-inline'", "'unsafe-eval'", "*")]


def test_the_api_docs_page_has_no_inline_script_or_style(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attributes and not body.strip()
                           for attributes, body in scripts), scripts
    assert "<style" not in html and "style=" not in html
    # The start-up script is a file of its own (drf-spectacular's split view).
    start = re.search(r'<script src="([^"]*\?[^"]*script[^"]*)"', html).group(1)
    script = client.get(start.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("path", ["me", "me/today", "session-logs", "me/adherence"])
def test_signed_in_api_answers_are_never_stored_by_a_cache(patient_client, path):
    response = patient_client.get(f"/api/v1/{path}")
    assert response.status_code == 200, response.content[:200]
    assert no_store(response), response.get("Cache-Control")


def test_anonymous_api_answers_with_a_token_or_a_name_are_not_stored_either(api, patient):
    login = api.post("/api/v1/auth/login", {"email": patient.email,
                                            "password": "correct-horse-battery"})
    assert login.status_code == 200 and no_store(login)
    refused = api.get("/api/v1/me")
    assert refused.status_code == 401 and no_store(refused)


@pytest.mark.parametrize("path", ["/api/v1/schema", "/api/v1/docs"])
def test_private_api_docs_ask_for_sign_in_in_the_error_shape(client, settings, path,
                                                              patient):
    settings.API_DOCS_PUBLIC = False
    refused = client.get(path)
    assert refused.status_code in (401, 403)
    assert refused["Content-Type"].startswith("application/json")
    assert is_error_shape(refused.json())
    assert client_for(patient).get(path).status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/schema", "/api/v1/docs"])
def test_public_api_docs_are_open_to_anyone(client, settings, path):
    settings.API_DOCS_PUBLIC = True
    assert client.get(path).status_code == 200
