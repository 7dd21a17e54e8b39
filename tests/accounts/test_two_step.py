"""Two-step sign-in for staff (TOTP, RFC 6238): a code is accepted once, on a frozen clock."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import RecoveryCode
from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login"
LOGIN_TOTP = "/api/v1/auth/login/totp"
PASSWORD = "correct-horse-battery"
# Mid-step, so that "the next step" is 30 s on and "a step ago" is 30 s back.
T0 = datetime(2026, 11, 20, 9, 0, 10, tzinfo=UTC)


def password_step(api, user):
    return api.post(LOGIN, {"email": user.email, "password": PASSWORD}, format="json")


def turn_on(user) -> tuple[pyotp.TOTP, list[str]]:
    client = client_for(user)
    begun = client.post("/api/v1/me/totp", {}, format="json")
    assert begun.status_code == 201, begun.content
    body = begun.json()
    assert body["otpauth_url"].startswith("otpauth://totp/") and body["secret"] in body[
        "otpauth_url"]
    assert body["qr_svg"].startswith("data:image/svg+xml")
    authenticator = pyotp.TOTP(body["secret"])
    confirmed = client.post("/api/v1/me/totp/confirm", {"code": authenticator.now()},
                            format="json")
    assert confirmed.status_code == 200, confirmed.content
    return authenticator, confirmed.json()["recovery_codes"]


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def test_with_2fa_on_the_password_alone_gives_no_token(api, therapist, clock):
    authenticator, codes = turn_on(therapist)
    assert len(codes) == 10 and len(set(codes)) == 10
    AuthToken.objects.filter(user=therapist).delete()

    first = password_step(api, therapist)
    assert first.status_code == 200
    assert first.json()["mfa_required"] is True and "token" not in first.json()
    assert not AuthToken.objects.filter(user=therapist).exists()

    clock.shift(timedelta(seconds=30))  # the confirming code's step is spent
    done = api.post(LOGIN_TOTP, {"mfa_token": first.json()["mfa_token"],
                                 "code": authenticator.now()}, format="json")
    assert done.status_code == 200, done.content
    api.credentials(HTTP_AUTHORIZATION=f"Token {done.json()['token']}")
    assert api.get("/api/v1/me").json()["id"] == therapist.pk


def test_a_code_is_accepted_once_and_a_replay_refused(therapist, clock):
    authenticator, _ = turn_on(therapist)
    clock.shift(timedelta(seconds=30))
    code = authenticator.now()

    first = password_step(APIClient(), therapist).json()["mfa_token"]
    assert APIClient().post(LOGIN_TOTP, {"mfa_token": first, "code": code},
                            format="json").status_code == 200
    # Someone who saw the code signs in with the password within the same 30 seconds.
    second = password_step(APIClient(), therapist).json()["mfa_token"]
    replay = APIClient().post(LOGIN_TOTP, {"mfa_token": second, "code": code}, format="json")
    assert replay.status_code == 400 and list(replay.json()["fields"]) == ["code"]
    # ... and an older code, still within the drift allowed, is refused as well.
    clock.shift(timedelta(seconds=30))
    older = authenticator.at(T0 + timedelta(seconds=30))
    assert APIClient().post(LOGIN_TOTP, {"mfa_token": second, "code": older},
                            format="json").status_code == 400
    assert APIClient().post(LOGIN_TOTP, {"mfa_token": second, "code": authenticator.now()},
                            format="json").status_code == 200


def test_the_confirming_code_cannot_sign_in(api, therapist, clock):
    authenticator, _ = turn_on(therapist)
    mfa_token = password_step(api, therapist).json()["mfa_token"]
    again = api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": authenticator.now()},
                     format="json")
    assert again.status_code == 400


def test_a_recovery_code_works_once(api, therapist, clock):
    _, codes = turn_on(therapist)
    for expected in (200, 400):
        mfa_token = password_step(api, therapist).json()["mfa_token"]
        answer = api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": codes[0].upper()},
                          format="json")
        assert answer.status_code == expected
    assert RecoveryCode.objects.filter(user=therapist, used_at=None).count() == 9
    # Stored as digests only.
    assert not RecoveryCode.objects.filter(code_digest__icontains=codes[1].replace("-", ""))


def test_wrong_codes_end_the_sign_in_after_a_few(api, therapist, clock, settings):
    settings.MFA_ATTEMPTS = 3
    authenticator, _ = turn_on(therapist)
    clock.shift(timedelta(seconds=30))
    mfa_token = password_step(api, therapist).json()["mfa_token"]
    for _ in range(3):
        assert api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": "000000"},
                        format="json").status_code == 400
    late = api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": authenticator.now()},
                    format="json")
    assert late.status_code == 400 and late.json()["code"] == "mfa_expired"


def test_the_second_step_expires(api, therapist, clock):
    authenticator, _ = turn_on(therapist)
    mfa_token = password_step(api, therapist).json()["mfa_token"]
    clock.shift(timedelta(minutes=6))
    answer = api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": authenticator.now()},
                      format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "mfa_expired"


def test_patients_cannot_turn_on_totp_and_sign_in_as_before(api, patient):
    assert client_for(patient).post("/api/v1/me/totp", {}, format="json").status_code == 403
    assert "token" in password_step(api, patient).json()


def test_turning_it_on_twice_is_a_conflict(therapist, clock):
    turn_on(therapist)
    assert client_for(therapist).post("/api/v1/me/totp", {}, format="json").status_code == 409


def test_a_clinic_that_requires_2fa_has_staff_set_it_up_before_a_token(api, clinic, clock):
    clinic.require_staff_2fa = True
    clinic.save()
    admin = ClinicAdminFactory(clinic=clinic)
    patient = PatientFactory(clinic=clinic)
    assert "token" in password_step(api, patient).json()  # patients are not asked

    first = password_step(api, admin).json()
    assert first["mfa_setup_required"] is True and "token" not in first
    # The setup token is good for setting up only, not as a code step.
    assert api.post(LOGIN_TOTP, {"mfa_token": first["mfa_token"], "code": "123456"},
                    format="json").status_code == 400
    secret = api.post("/api/v1/me/totp", {"mfa_token": first["mfa_token"]},
                      format="json").json()["secret"]
    done = api.post("/api/v1/me/totp/confirm", {"mfa_token": first["mfa_token"],
                                                "code": pyotp.TOTP(secret).now()},
                    format="json")
    assert done.status_code == 200, done.content
    assert len(done.json()["recovery_codes"]) == 10 and done.json()["token"]
    # From now on the code is asked for.
    assert password_step(api, admin).json()["mfa_required"] is True


def test_a_clinic_admin_requires_2fa_through_patch_clinic_and_staff_must_set_it_up(
        api, clinic, therapist, clock):
    admin = ClinicAdminFactory(clinic=clinic)
    assert "token" in password_step(api, therapist).json()  # not required yet
    admin_client = client_for(admin)
    assert admin_client.get("/api/v1/clinic").json()["require_staff_2fa"] is False
    changed = admin_client.patch("/api/v1/clinic", {"require_staff_2fa": True}, format="json")
    assert changed.status_code == 200 and changed.json()["require_staff_2fa"] is True
    clinic.refresh_from_db()
    assert clinic.require_staff_2fa is True

    answer = password_step(api, therapist).json()
    assert answer["mfa_setup_required"] is True and "token" not in answer
    # A therapist with TOTP on is asked for the code instead; patients are not asked.
    turn_on(therapist)
    assert password_step(api, therapist).json()["mfa_required"] is True
    assert "token" in password_step(api, PatientFactory(clinic=clinic)).json()

    assert admin_client.patch("/api/v1/clinic", {"require_staff_2fa": False},
                              format="json").json()["require_staff_2fa"] is False
    assert "token" in password_step(api, ClinicAdminFactory(clinic=clinic)).json()


@pytest.mark.parametrize("value", ["yes", 1, None, "true"])
def test_require_staff_2fa_takes_only_true_or_false(clinic, value):
    admin = ClinicAdminFactory(clinic=clinic)
    response = client_for(admin).patch("/api/v1/clinic", {"require_staff_2fa": value},
                                       format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["require_staff_2fa"]
    clinic.refresh_from_db()
    assert clinic.require_staff_2fa is False


def test_a_therapist_cannot_require_2fa(clinic, therapist):
    response = client_for(therapist).patch("/api/v1/clinic", {"require_staff_2fa": True},
                                           format="json")
    assert response.status_code == 403
    clinic.refresh_from_db()
    assert clinic.require_staff_2fa is False


def admin_login(user, code: str = ""):
    browser = Client()
    response = browser.post("/admin/login/", {"username": user.email, "password": PASSWORD,
                                              "otp_code": code, "next": "/admin/"})
    return browser, response


def test_the_django_admin_asks_for_the_code_too(clock):
    staff = TherapistFactory(is_staff=True, is_superuser=True)
    authenticator, _ = turn_on(staff)
    clock.shift(timedelta(seconds=30))
    _, without = admin_login(staff)
    assert without.status_code == 200 and b"not right" in without.content  # the form again
    browser, with_code = admin_login(staff, authenticator.now())
    assert with_code.status_code == 302
    assert browser.get("/admin/").status_code == 200
    _, replayed = admin_login(staff, authenticator.now())
    assert replayed.status_code == 200


def test_wrong_codes_lock_the_account_across_fresh_sign_ins(api, therapist, clock, settings):
    """Whoever has the password cannot go on guessing with a new mfa_token each time."""
    settings.LOGIN_FAILURE_LIMIT = 4
    authenticator, _ = turn_on(therapist)
    clock.shift(timedelta(seconds=30))
    for _ in range(2):
        mfa_token = password_step(api, therapist).json()["mfa_token"]
        for _ in range(2):
            assert api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": "000000"},
                            format="json").status_code == 400
    mfa_token = password_step(api, therapist).json()["mfa_token"]
    locked = api.post(LOGIN_TOTP, {"mfa_token": mfa_token, "code": authenticator.now()},
                      format="json")
    assert locked.status_code == 429
