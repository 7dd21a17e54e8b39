import os

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import ClinicFactory, PatientFactory, TherapistFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Login throttling lives in the cache; one test's failures must not lock out the next.
    cache.clear()
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
