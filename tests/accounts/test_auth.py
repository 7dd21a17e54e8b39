"""Signing in: device tokens that are hashed, expire and can be revoked; throttled failures."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken

from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login"


def login(api, email, password="correct-horse-battery"):
    return api.post(LOGIN, {"email": email, "password": password}, format="json")


def test_login_gives_a_device_token_that_is_stored_only_as_a_digest(api, patient):
    response = login(api, patient.email.upper())  # emails are not case-sensitive
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["user"]["email"] == patient.email and body["user"]["role"] == "patient"
    assert body["expires_at"]
    stored = AuthToken.objects.get(user=patient)
    assert body["token"] not in (stored.digest, stored.token_key)

    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = api.get("/api/v1/me").json()
    assert (me["id"], me["timezone"], me["clinic"]) == (patient.pk, "UTC", patient.clinic_id)


def test_each_device_has_its_own_token_and_logout_revokes_only_that_one(api, patient):
    from rest_framework.test import APIClient

    phone, laptop = APIClient(), APIClient()
    for client in (phone, laptop):
        token = login(client, patient.email).json()["token"]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert phone.post("/api/v1/auth/logout").status_code == 204
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 200
    laptop.post("/api/v1/auth/logout-all")
    assert laptop.get("/api/v1/me").status_code == 401


def test_an_expired_token_stops_working(api, patient):
    token = login(api, patient.email).json()["token"]
    AuthToken.objects.filter(user=patient).update(expiry=timezone.now() - timedelta(seconds=1))
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me").status_code == 401


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(api, patient):
    wrong = login(api, patient.email, "nope-nope-nope")
    unknown = login(api, "nobody@example.test", "nope-nope-nope")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_are_throttled_even_with_the_right_password(api, patient):
    codes = [login(api, patient.email, "guess-guess-guess").status_code for _ in range(3)]
    locked = login(api, patient.email)
    assert codes == [401, 401, 401]
    assert locked.status_code == 429
    assert locked.json()["code"] == "throttled"
    assert int(locked["Retry-After"]) > 0


def test_passwords_are_hashed_with_argon2_in_production_settings(api):
    from hep.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        user = PatientFactory(password="a-strong-pass-phrase")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert login(api, user.email, "a-strong-pass-phrase").status_code == 200


def test_me_can_change_timezone_but_not_role(patient_client):
    response = patient_client.patch("/api/v1/me", {"timezone": "Asia/Tokyo", "role": "therapist"},
                                    format="json")
    assert response.json()["timezone"] == "Asia/Tokyo"
    assert response.json()["role"] == "patient"
    bad = patient_client.patch("/api/v1/me", {"timezone": "Mars/Olympus"}, format="json")
    assert bad.status_code == 400 and "timezone" in bad.json()["fields"]
