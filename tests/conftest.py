import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from rest_framework.test import APIClient

from audit.chain import _keys as audit_keys
from tests.factories import ClinicFactory, PatientFactory, TherapistFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
SHIPPED_PROGRAMS = Path(django_settings.PROGRAMS_DIR)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate throttles live in the cache; one test's requests must not throttle the next.
    cache.clear()
    # Audit keys a process remembers (audit.chain): a rolled-back test's patient ids recur.
    audit_keys.clear()
    yield


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:
    """An API client signed in as `user` with a real device token, as the PWA would be."""
    from knox.models import AuthToken

    _, token = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def clinic(db):
    return ClinicFactory()


@pytest.fixture
def therapist(clinic):
    return TherapistFactory(clinic=clinic)


@pytest.fixture
def patient(clinic, therapist):
    return PatientFactory(clinic=clinic, primary_therapist=therapist)


@pytest.fixture
def therapist_client(therapist) -> APIClient:
    return client_for(therapist)


@pytest.fixture
def patient_client(patient) -> APIClient:
    return client_for(patient)


def require_services(reason: str):
    """Skip locally when PostgreSQL/Redis are not configured; fail in CI (REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        return
    pytest.skip(reason)


@pytest.fixture
def programs_dir(tmp_path, settings) -> Path:
    """A copy of the shipped programs/ tree that a test may edit or break; PROGRAMS_DIR
    points at it."""
    copy = tmp_path / "programs"
    shutil.copytree(SHIPPED_PROGRAMS, copy)
    settings.PROGRAMS_DIR = copy
    return copy
