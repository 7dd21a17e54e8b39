"""The service endpoints of the API contract: /healthz, /readyz, /api/v1/schema and docs."""

from __future__ import annotations

import logging
import re

import pytest
import yaml
from django.db import OperationalError, connections

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # port 1: nothing listens, refused at once


@pytest.fixture
def reachable_broker(settings, tmp_path):
    """The configured broker, made usable: Redis when REDIS_URL is set (CI), else the
    filesystem broker, whose folders `make install` would create, here under tmp_path."""
    if settings.CELERY_BROKER_URL.startswith("filesystem:"):
        queue, processed = tmp_path / "queue", tmp_path / "processed"
        queue.mkdir()
        processed.mkdir()
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(processed),
        }


def test_healthz_answers_without_auth_or_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_broker_answer(client, reachable_broker):
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_unreachable(client, reachable_broker, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    # Scoped to the request: the test's own transaction is rolled back through a cursor.
    with monkeypatch.context() as patch:
        patch.setattr(type(connections["default"]), "cursor", refuse)
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable", "checks": {"database": "unavailable", "broker": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(client, settings, caplog):
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    with caplog.at_level(logging.WARNING, logger="common.views"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unavailable"}
    # The unauthenticated answer hides the address; the operator's log has it.
    assert "127.0.0.1" not in response.content.decode()
    assert "broker not ready" in caplog.text and "127.0.0.1:1" in caplog.text


@pytest.mark.django_db
def test_readyz_names_a_missing_filesystem_broker_folder(client, settings, tmp_path):
    missing = tmp_path / "never-created"
    settings.DEBUG = True  # detail in the answer, as a developer running `make run` sees it
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(missing), "data_folder_out": str(missing),
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == (
        f"broker folder data_folder_in={str(missing)!r} does not exist"
    )
    assert not missing.exists(), "a probe must not create the folders it checks"


def test_openapi_schema_is_served_without_auth(client):
    response = client.get("/api/v1/schema")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "HEP Tracker API"
    assert isinstance(schema["paths"], dict)


def test_api_docs_are_html_with_assets_served_locally(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    # A clinic's network may block CDNs, and a CDN sees who reads the docs: no remote assets.
    remote = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+""", html)
    assert not remote, remote
