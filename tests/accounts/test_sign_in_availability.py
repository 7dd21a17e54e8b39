"""Attacks on the availability of sign-in (issue 9, items 1, 3, 4, 5): failures slow down
the attacker, never the owner; the admin's sign-in is no way around it; an outage of the
cache neither stops sign-in nor lets guesses through; device tokens stay within the limit."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import clear_url_caches
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import KNOWN_DEVICE_COOKIE

pytestmark = pytest.mark.django_db
LOGIN = "/api/v1/auth/login"
PASSWORD = "correct-horse-battery"
# A Redis port nobody listens on (this helper's own range): the cache is "down".
DEAD_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "redis://127.0.0.1:8109/0"}}


def device(address: str) -> APIClient:
    return APIClient(REMOTE_ADDR=address)


def login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"email": email, "password": password}, format="json")


def fail(client, email, times):
    codes = [login(client, email, "guess-guess-guess").status_code for _ in range(times)]
    return codes


def test_failures_from_one_address_do_not_lock_out_the_others_behind_it(patient):
    clinic_wifi = device("203.0.113.7")
    # 20 anonymous failures (addresses nobody owns), as from a shared clinic network.
    for n in range(20):
        assert login(clinic_wifi, f"nobody{n}@example.test", "guess-guess").status_code == 401
    colleague = device("203.0.113.7")
    assert login(colleague, patient.email).status_code == 200


def test_the_owners_known_device_is_never_delayed_by_an_attackers_failures(patient):
    phone = device("198.51.100.10")
    assert login(phone, patient.email).status_code == 200
    assert phone.cookies[KNOWN_DEVICE_COOKIE].value

    attacker = device("192.0.2.66")
    codes = fail(attacker, patient.email, 12)
    assert 429 in codes  # the attacker is slowed down ...
    assert login(phone, patient.email).status_code == 200  # ... the owner is not
    # The owner's own typo on the known device is not delayed either.
    assert login(phone, patient.email, "typo-typo-typo").status_code == 401
    assert login(phone, patient.email).status_code == 200


def test_a_new_device_waits_a_growing_delay_of_at_most_a_minute_then_the_password_works(
        patient, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    attacker = device("192.0.2.66")
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert fail(attacker, patient.email, 3) == [401, 401, 401]
        for _ in range(9):
            delayed = login(attacker, patient.email, "guess-guess-guess")
            assert delayed.status_code == 429
            assert delayed.json()["code"] == "throttled"  # the error shape
            waits.append(int(delayed["Retry-After"]))
            clock.shift(timedelta(seconds=waits[-1]))
            assert login(attacker, patient.email, "guess-guess-guess").status_code == 401
        assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]

        # The owner on a new laptop: the right password is delayed too, then works.
        laptop = device("198.51.100.20")
        delayed = login(laptop, patient.email)
        assert delayed.status_code == 429 and 0 < int(delayed["Retry-After"]) <= 60
        clock.shift(timedelta(seconds=int(delayed["Retry-After"])))
        assert login(laptop, patient.email).status_code == 200
        # Signed in again, the account is not failing any more.
        assert login(device("198.51.100.21"), patient.email).status_code == 200


def test_a_known_device_value_of_one_account_does_not_skip_the_delay_of_another(
        patient, therapist, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    own = device("198.51.100.10")
    assert login(own, patient.email).status_code == 200  # a real cookie, for the patient
    assert fail(device("192.0.2.66"), therapist.email, 2) == [401, 401]
    assert login(own, therapist.email, "guess-guess-guess").status_code == 429
    forged = device("192.0.2.67")
    forged.cookies[KNOWN_DEVICE_COOKIE] = "made-up"
    assert login(forged, therapist.email, "guess-guess-guess").status_code == 429


def test_an_unknown_address_is_delayed_like_a_real_account(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    attacker = device("192.0.2.66")
    assert fail(attacker, "nobody@example.test", 3) == [401, 401, 429]


# --- The admin (item 3) ----------------------------------------------------------------------

def admin_login(client: Client, email, password):
    return client.post("/admin/login/", {"username": email, "password": password,
                                         "next": "/admin/"})


def test_the_admin_sign_in_is_delayed_like_the_api(settings, clinic):
    settings.LOGIN_FAILURE_LIMIT = 5
    User.objects.create_superuser("root@example.test", PASSWORD, clinic=clinic)
    browser = Client(REMOTE_ADDR="192.0.2.66")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(5):
            assert admin_login(browser, "root@example.test", "guess-guess").status_code == 200
        # 30 wrong passwords used to be followed by a way in; now the next try must wait.
        refused = admin_login(browser, "root@example.test", PASSWORD)
        assert refused.status_code == 200 and "_auth_user_id" not in browser.session
        assert "Too many failed sign-ins" in refused.content.decode()
        clock.shift(timedelta(seconds=2))
        signed_in = admin_login(browser, "root@example.test", PASSWORD)
        assert signed_in.status_code == 302 and "_auth_user_id" in browser.session


@pytest.fixture
def reload_urls():
    import hep.urls

    yield lambda: (importlib.reload(hep.urls), clear_url_caches())
    importlib.reload(hep.urls)
    clear_url_caches()


def test_the_admin_is_served_only_when_enabled(settings, reload_urls):
    settings.ADMIN_ENABLED = False
    reload_urls()
    assert Client().get("/admin/login/").status_code == 404
    settings.ADMIN_ENABLED = True
    reload_urls()
    assert Client().get("/admin/login/").status_code == 200


def test_production_serves_no_admin_unless_asked(monkeypatch):
    import subprocess
    import sys

    env = {"DJANGO_SETTINGS_MODULE": "hep.settings.prod", "SECRET_KEY": "k" * 40 + "abcdefghij",
           "ALLOWED_HOSTS": "example.test", "EMAIL_BACKEND":
           "django.core.mail.backends.locmem.EmailBackend", "PYTHONPATH": "backend"}
    code = "import django; django.setup(); from django.conf import settings; " \
           "print(settings.ADMIN_ENABLED)"
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    on = subprocess.run([sys.executable, "-c", code], env={**env, "ADMIN_ENABLED": "1"},
                        capture_output=True, text=True)
    assert (off.stdout.strip(), on.stdout.strip()) == ("False", "True"), off.stderr + on.stderr


# --- Redis down (item 4) ---------------------------------------------------------------------

@override_settings(CACHES=DEAD_REDIS, LOGIN_FAILURE_LIMIT=3)
def test_sign_in_works_and_stays_throttled_while_the_cache_is_down(patient):
    owner = device("198.51.100.10")
    assert login(owner, patient.email).status_code == 200  # not a 500
    attacker = device("192.0.2.66")
    codes = fail(attacker, patient.email, 5)
    assert codes[:3] == [401, 401, 401] and codes[3:] == [429, 429]  # never fails open
    assert login(owner, patient.email).status_code == 200


# --- Device tokens within the limit (item 5) -------------------------------------------------

def test_signing_in_beyond_the_token_limit_retires_the_oldest_devices(patient, settings):
    limit = 20
    tokens = [login(device(f"198.51.100.{n}"), patient.email).json()["token"]
              for n in range(limit + 5)]
    assert AuthToken.objects.filter(user=patient).count() == limit

    def works(token):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client.get("/api/v1/me").status_code == 200

    assert [works(t) for t in tokens[:5]] == [False] * 5  # the five oldest are retired
    assert all(works(t) for t in tokens[5:])


# --- A burst of parallel guesses --------------------------------------------------------------

@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_on_a_failing_account_do_not_all_pass_the_gate(settings):
    from tests.concurrency import at_once, require_postgresql
    from tests.factories import PatientFactory

    require_postgresql()
    settings.LOGIN_FAILURE_LIMIT = 2
    patient = PatientFactory(password=PASSWORD)
    assert fail(device("192.0.2.66"), patient.email, 2) == [401, 401]
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        codes = at_once([lambda n=n: login(APIClient(REMOTE_ADDR=f"192.0.2.{n}",
                                                     raise_request_exception=False),
                                           patient.email, "guess-guess-guess").status_code
                         for n in range(10)])
    assert sorted(codes) == [401] + [429] * 9

    # A fresh account's first guesses, all at once: each is counted before the next runs.
    fresh = PatientFactory(password=PASSWORD)
    codes = at_once([lambda n=n: login(APIClient(REMOTE_ADDR=f"192.0.2.{n}",
                                                 raise_request_exception=False),
                                       fresh.email, "guess-guess-guess").status_code
                     for n in range(10)])
    assert sorted(codes) == [401, 401] + [429] * 8  # LOGIN_FAILURE_LIMIT, then the wait
