"""Passwords: a reset by email that works once within an hour, a change that keeps only
this device signed in, and a password set from the shell that ends the old tokens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, PatientFactory

pytestmark = pytest.mark.django_db
RESET = "/api/v1/auth/password-reset"
CONFIRM = "/api/v1/auth/password-reset/confirm"
CHANGE = "/api/v1/auth/password"
NEW = "Qz7!vX2@pW-81"


def signed_in(user, password="correct-horse-battery") -> APIClient:
    client = APIClient()
    token = client.post("/api/v1/auth/login", {"email": user.email, "password": password},
                        format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def ask_reset(api, email, capture):
    with capture(execute=True):
        return api.post(RESET, {"email": email}, format="json")


def link_token(message) -> str:
    """The token from the link in the email: after the `#`, never in the path."""
    url = re.search(r"https?://\S+/reset-password#(\S+)", message.body)
    assert url, message.body
    return url.group(1)


def test_a_reset_link_sets_a_new_password_once_and_signs_out_every_device(
        api, patient, django_capture_on_commit_callbacks):
    phone, laptop = signed_in(patient), signed_in(patient)
    assert ask_reset(api, patient.email.upper(), django_capture_on_commit_callbacks
                     ).status_code == 204
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [patient.email]
    token = link_token(mail.outbox[0])

    assert api.post(CONFIRM, {"token": token, "password": NEW}, format="json").status_code == 204
    for device in (phone, laptop):
        assert device.get("/api/v1/me").status_code == 401
    assert api.post("/api/v1/auth/login", {"email": patient.email, "password": NEW},
                    format="json").status_code == 200
    again = api.post(CONFIRM, {"token": token, "password": "Jk4%mN8&rT-36"},
                     format="json")
    assert again.status_code == 400 and list(again.json()["fields"]) == ["token"]


def test_an_unknown_address_gets_the_same_answer_and_no_email(
        api, patient, django_capture_on_commit_callbacks):
    unknown = ask_reset(api, "nobody@example.test", django_capture_on_commit_callbacks)
    assert (unknown.status_code, unknown.content) == (204, b"")
    assert mail.outbox == []


def test_a_reset_link_expires_after_an_hour(api, patient, django_capture_on_commit_callbacks):
    ask_reset(api, patient.email, django_capture_on_commit_callbacks)
    token = link_token(mail.outbox[0])
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        late = api.post(CONFIRM, {"token": token, "password": NEW}, format="json")
    assert late.status_code == 400 and list(late.json()["fields"]) == ["token"]
    patient.refresh_from_db()
    assert patient.check_password("correct-horse-battery")


def test_reset_emails_to_one_address_are_capped(api, patient, django_capture_on_commit_callbacks,
                                                settings):
    settings.PASSWORD_RESET_EMAILS_PER_HOUR = 2
    answers = [ask_reset(api, patient.email, django_capture_on_commit_callbacks).status_code
               for _ in range(4)]
    assert answers == [204] * 4 and len(mail.outbox) == 2


def test_reset_requests_are_throttled_per_address(api, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {
        **ScopedRateThrottle.THROTTLE_RATES, "password_reset": "2/hour"})
    codes = [api.post(RESET, {"email": f"x{n}@example.test"}, format="json").status_code
             for n in range(3)]
    assert codes == [204, 204, 429]


def test_a_bad_token_is_refused_on_the_token_field(api):
    for token in ("nonsense", "MTIz.abc-def", ""):
        response = api.post(CONFIRM, {"token": token, "password": NEW}, format="json")
        assert response.status_code == 400
        assert "token" in response.json()["fields"]


def test_changing_the_password_keeps_this_device_and_ends_the_others(patient):
    here, elsewhere = signed_in(patient), signed_in(patient)
    wrong = here.post(CHANGE, {"current": "not-it-at-all", "new": NEW}, format="json")
    assert wrong.status_code == 400 and list(wrong.json()["fields"]) == ["current"]
    assert elsewhere.get("/api/v1/me").status_code == 200

    assert here.post(CHANGE, {"current": "correct-horse-battery", "new": NEW},
                     format="json").status_code == 204
    assert here.get("/api/v1/me").status_code == 200
    assert elsewhere.get("/api/v1/me").status_code == 401
    patient.refresh_from_db()
    assert patient.check_password(NEW)


def test_a_browser_session_ends_when_the_password_changes(patient, therapist):
    browser = APIClient()
    browser.force_login(patient)
    assert browser.get("/api/v1/me").status_code == 200
    patient.set_password(NEW)
    patient.save()
    assert browser.get("/api/v1/me").status_code in (401, 403)


def test_a_password_set_from_the_shell_ends_every_device_token(patient, monkeypatch):
    device = signed_in(patient)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW)
    call_command("changepassword", patient.email, stdout=open("/dev/null", "w"))
    assert device.get("/api/v1/me").status_code == 401
    assert not AuthToken.objects.filter(user=patient).exists()


def test_a_hash_upgrade_at_sign_in_is_not_a_password_change(patient, settings):
    """Django rehashes an old-format hash at sign-in; that must not sign anyone out."""
    first = signed_in(patient)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher",
                                 "django.contrib.auth.hashers.MD5PasswordHasher"]
    signed_in(patient)
    patient.refresh_from_db()
    assert patient.password.startswith("pbkdf2_")  # upgraded
    assert first.get("/api/v1/me").status_code == 200


@pytest.mark.parametrize("password", ["Ivy Invite x", "ivyinvite2026!", "xx-INVITE-xx-99",
                                      "ivy.invite@clinic"])
def test_a_password_with_the_persons_name_or_email_is_refused(password):
    ivy = PatientFactory(first_name="Ivy", last_name="Invite", email="ivy.invite@example.test")
    response = signed_in(ivy).post(CHANGE, {"current": "correct-horse-battery", "new": password},
                                   format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["new"]
    assert "name" in response.json()["fields"]["new"][0]


def test_staff_change_their_password_too():
    admin = ClinicAdminFactory()
    client = client_for(admin)
    assert client.post(CHANGE, {"current": "correct-horse-battery", "new": NEW},
                       format="json").status_code == 204


def test_names_of_two_letters_do_not_rule_out_every_password():
    al = PatientFactory(first_name="Al", last_name="Li", email="al.li@example.test")
    assert signed_in(al).post(CHANGE, {"current": "correct-horse-battery",
                                       "new": "always-liminal-42"},
                              format="json").status_code == 204
