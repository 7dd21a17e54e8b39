"""A database that cannot be reached answers 503 in the error shape with Retry-After (the
phone's outbox sends again), never Django's 500 page."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError, connections
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def down(error=OperationalError):
        def refuse(*args, **kwargs):
            raise error("connection to server was lost")
        monkeypatch.setattr(type(connections["default"]), "cursor", refuse)
    return down


def answers_while_down(client: APIClient, database_down, error, method: str, path: str,
                       body: dict | None = None):
    # Scoped to the request: the test's own transaction is rolled back through a cursor.
    client.raise_request_exception = False
    database_down(error)
    return getattr(client, method)(path, body, format="json")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_signed_in_read_answers_503_with_retry_after_in_the_error_shape(
        patient_client, database_down, error, monkeypatch, settings):
    settings.DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = 7
    response = answers_while_down(patient_client, database_down, error, "get", "/api/v1/me")
    monkeypatch.undo()
    assert response.status_code == 503
    assert response["Retry-After"] == "7"
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "unavailable" and body["fields"] == {}
    assert "try again" in body["detail"]


def test_a_log_posted_while_the_database_is_down_answers_503(
        patient_client, database_down, monkeypatch):
    response = answers_while_down(patient_client, database_down, OperationalError, "post",
                                  "/api/v1/session-logs", {"client_id": "x"})
    monkeypatch.undo()
    assert response.status_code == 503 and response.json()["code"] == "unavailable"
    assert "Retry-After" in response


def test_a_sign_in_while_the_database_is_down_answers_503(api, database_down, monkeypatch):
    response = answers_while_down(api, database_down, OperationalError, "post",
                                  "/api/v1/auth/login",
                                  {"email": "someone@example.org", "password": "secret"})
    monkeypatch.undo()
    assert response.status_code == 503 and response.json()["code"] == "unavailable"


def test_a_page_outside_the_api_answers_503_not_the_500_page(admin_client, database_down,
                                                              monkeypatch):
    admin_client.raise_request_exception = False
    database_down(OperationalError)
    response = admin_client.get("/admin/")  # the session is read from the database
    monkeypatch.undo()
    assert response.status_code == 503 and "Retry-After" in response
