"""Signed-in devices: listed with a name and when last used, signed out one by one or all
but this one."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36")
LAPTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def device(user, user_agent: str) -> APIClient:
    client = APIClient(HTTP_USER_AGENT=user_agent)
    token = client.post("/api/v1/auth/login", {"email": user.email,
                                               "password": "correct-horse-battery"},
                        format="json").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.get("/api/v1/me")
    return client


def test_the_list_names_each_device_and_marks_this_one(patient):
    phone, laptop = device(patient, PHONE_UA), device(patient, LAPTOP_UA)
    listed = phone.get("/api/v1/me/devices").json()
    assert {(d["name"], d["current"]) for d in listed} == {
        ("Chrome on Android", True), ("Firefox on Windows", False)}
    assert all(d["created_at"] and d["last_used_at"] for d in listed)
    assert laptop.get("/api/v1/me/devices").json()[0]["current"] is True  # last used first


def test_last_used_is_written_seldom_but_kept_current(patient):
    phone = device(patient, PHONE_UA)
    first = phone.get("/api/v1/me/devices").json()[0]["last_used_at"]
    assert phone.get("/api/v1/me/devices").json()[0]["last_used_at"] == first
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        later = phone.get("/api/v1/me/devices").json()[0]["last_used_at"]
    assert later > first


def test_signing_out_one_device_ends_its_token_only(patient):
    phone, laptop = device(patient, PHONE_UA), device(patient, LAPTOP_UA)
    laptop_id = next(d["id"] for d in phone.get("/api/v1/me/devices").json() if not d["current"])
    assert phone.delete(f"/api/v1/me/devices/{laptop_id}").status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 200
    assert phone.delete(f"/api/v1/me/devices/{laptop_id}").status_code == 404


def test_another_persons_device_is_out_of_reach(patient):
    other = PatientFactory(clinic=patient.clinic)
    theirs = device(other, LAPTOP_UA)
    their_id = theirs.get("/api/v1/me/devices").json()[0]["id"]
    mine = device(patient, PHONE_UA)
    assert mine.delete(f"/api/v1/me/devices/{their_id}").status_code == 404
    assert theirs.get("/api/v1/me").status_code == 200
    assert their_id not in {d["id"] for d in mine.get("/api/v1/me/devices").json()}


def test_sign_out_all_others_keeps_this_device(patient):
    here = device(patient, PHONE_UA)
    others = [device(patient, LAPTOP_UA) for _ in range(2)]
    assert here.post("/api/v1/me/devices/sign-out-others").status_code == 204
    assert [c.get("/api/v1/me").status_code for c in others] == [401, 401]
    assert [d["current"] for d in here.get("/api/v1/me/devices").json()] == [True]
