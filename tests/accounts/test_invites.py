"""A therapist creates a patient and hands over a single-use, expiring invite link."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Invite, User

pytestmark = pytest.mark.django_db
NEW_PATIENT = {"email": "Ada@Example.test", "first_name": "Ada", "last_name": "Lovelace",
               "timezone": "Europe/London"}


def create(therapist_client, **changes):
    return therapist_client.post("/api/v1/patients", {**NEW_PATIENT, **changes}, format="json")


def test_invite_then_accept_then_sign_in(therapist_client, therapist, api, settings):
    settings.PUBLIC_URL = "http://testserver.example"
    created = create(therapist_client)
    assert created.status_code == 201, created.json()
    body = created.json()
    invite = body["invite"]
    # The token rides in the fragment, which browsers never send: no server or proxy on
    # the way logs it when the patient opens the link.
    assert invite["url"] == f"http://testserver.example/invite#{invite['token']}"
    assert invite["expires_at"]
    assert body["status"] == "invited" and body["primary_therapist"] == therapist.pk
    patient = User.objects.get(pk=body["id"])
    assert (patient.clinic_id, patient.role, patient.email) == (
        therapist.clinic_id, "patient", "ada@example.test")
    assert invite["token"] not in Invite.objects.get().token_digest

    info = api.get(f"/api/v1/invites/{invite['token']}").json()
    assert info["first_name"] == "Ada"
    accepted = api.post(f"/api/v1/invites/{invite['token']}/accept",
                        {"password": "stretch-and-breathe-42"}, format="json")
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["user"]["email"] == "ada@example.test"
    api.credentials(HTTP_AUTHORIZATION=f"Token {accepted.json()['token']}")
    assert api.get("/api/v1/me").json()["role"] == "patient"
    signed_in = api.post("/api/v1/auth/login", {"email": "ada@example.test",
                                                "password": "stretch-and-breathe-42"})
    assert signed_in.status_code == 200


def test_an_invite_works_once(therapist_client, api):
    token = create(therapist_client).json()["invite"]["token"]
    api.post(f"/api/v1/invites/{token}/accept", {"password": "stretch-and-breathe-42"})
    again = api.post(f"/api/v1/invites/{token}/accept", {"password": "another-pass-phrase-9"})
    assert again.status_code == 410
    assert again.json()["code"] == "invite_refused"


def test_an_expired_invite_is_refused(therapist_client, api):
    token = create(therapist_client).json()["invite"]["token"]
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        response = api.post(f"/api/v1/invites/{token}/accept",
                            {"password": "stretch-and-breathe-42"})
    assert response.status_code == 410
    assert not User.objects.get(email="ada@example.test").has_usable_password()


def test_a_new_invite_replaces_the_old_one(therapist_client, api):
    created = create(therapist_client).json()
    fresh = therapist_client.post(f"/api/v1/patients/{created['id']}/invite")
    assert fresh.status_code == 201
    old = api.post(f"/api/v1/invites/{created['invite']['token']}/accept",
                   {"password": "stretch-and-breathe-42"})
    new = api.post(f"/api/v1/invites/{fresh.json()['token']}/accept",
                   {"password": "stretch-and-breathe-42"})
    assert (old.status_code, new.status_code) == (410, 201)


def test_a_weak_password_is_400_and_keeps_the_invite_usable(therapist_client, api):
    token = create(therapist_client).json()["invite"]["token"]
    weak = api.post(f"/api/v1/invites/{token}/accept", {"password": "12345"})
    assert weak.status_code == 400 and "password" in weak.json()["fields"]
    good = api.post(f"/api/v1/invites/{token}/accept", {"password": "stretch-and-breathe-42"})
    assert good.status_code == 201


def test_unknown_invite_is_404(api):
    assert api.post("/api/v1/invites/nope/accept", {"password": "x" * 12}).status_code == 404


@pytest.mark.parametrize("change, field", [
    ({"timezone": "Moon/Base"}, "timezone"),
    ({"email": "not-an-email"}, "email"),
    ({"first_name": ""}, "first_name"),
    ({"baseline_headache_days_28": 29}, "baseline_headache_days_28"),
])
def test_bad_patient_details_name_the_field(therapist_client, change, field):
    response = create(therapist_client, **change)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_a_duplicate_email_is_400(therapist_client, patient):
    response = create(therapist_client, email=patient.email)
    assert response.status_code == 400 and "email" in response.json()["fields"]
