"""POST push-subscriptions: an endpoint stays with the user who posted it first, and the
keys are real keys, checked when they arrive rather than at every delivery."""

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.utils import timezone

from reminders.models import PushSubscription
from tests.api_world import build_world, changed_parts, is_error_shape, snapshot
from tests.concurrency import at_once, require_postgresql, signed_in
from tests.conftest import client_for
from tests.factories import PatientFactory
from tests.reminders.receiver import Subscriber, b64url

pytestmark = pytest.mark.django_db

URL = "/api/v1/push-subscriptions"
ENDPOINT = "https://push.example.test/send/victim"


def keys(name: str = "x") -> dict:
    sub = Subscriber(name)
    return {"p256dh": sub.p256dh, "auth": sub.auth_b64}


def subscribe(client, endpoint=ENDPOINT, **key_changes):
    return client.post(URL, {"endpoint": endpoint, "keys": {**keys(), **key_changes}},
                       format="json")


# --- Whose endpoint --------------------------------------------------------------------------

def test_another_clinics_patient_cannot_take_over_an_endpoint():
    """The attack: a patient of another clinic re-posted the victim's endpoint with their
    own keys; the row moved to them and the victim silently stopped getting reminders."""
    world = build_world()
    victim = world.owner
    row = PushSubscription.objects.get(user=victim)
    attacker = client_for(world.users["other_patient"])
    before = snapshot()
    response = attacker.post(URL, {"endpoint": row.endpoint, "keys": keys("attacker")},
                             format="json")
    assert response.status_code == 409 and is_error_shape(response.json())
    assert response.json()["code"] == "endpoint_taken"
    assert list(response.json()["fields"]) == ["endpoint"]
    assert changed_parts(before, snapshot()) == set()
    kept = PushSubscription.objects.get(pk=row.pk)
    assert (kept.user, kept.p256dh, kept.auth) == (victim, row.p256dh, row.auth)


def test_a_clinic_mate_cannot_either_nor_revive_a_disabled_one(patient, patient_client):
    first = subscribe(patient_client)
    PushSubscription.objects.update(disabled_at=timezone.now(), disabled_reason="410 Gone")
    other = client_for(PatientFactory(clinic=patient.clinic))
    assert subscribe(other).status_code == 409
    assert PushSubscription.objects.get(pk=first.json()["id"]).user == patient


def test_the_owner_posting_again_updates_the_keys_and_enables_it(patient, patient_client):
    first = subscribe(patient_client)
    PushSubscription.objects.update(disabled_at=timezone.now(), disabled_reason="410 Gone")
    new_keys = keys("renewed")
    again = patient_client.post(URL, {"endpoint": ENDPOINT, "keys": new_keys}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    row = PushSubscription.objects.get()
    assert (row.p256dh, row.auth, row.disabled_at) == (new_keys["p256dh"], new_keys["auth"],
                                                       None)


def test_once_its_owner_deletes_it_the_endpoint_is_free(patient, patient_client):
    first = subscribe(patient_client).json()
    assert patient_client.delete(f"{URL}/{first['id']}").status_code == 204
    other = PatientFactory(clinic=patient.clinic)
    response = subscribe(client_for(other))
    assert response.status_code == 201
    assert PushSubscription.objects.get().user == other


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_users_posting_one_new_endpoint_at_once_one_gets_it(clinic):
    """Concurrently, the second used to take the row the first had just made."""
    require_postgresql()
    first, second = PatientFactory(clinic=clinic), PatientFactory(clinic=clinic)
    clients = [signed_in(first), signed_in(second)]
    answers = at_once([lambda c=c: subscribe(c) for c in clients])
    assert sorted(a.status_code for a in answers) == [201, 409]
    winner = (first, second)[[a.status_code for a in answers].index(201)]
    assert PushSubscription.objects.get().user == winner


# --- Real keys -------------------------------------------------------------------------------

def _point(x: int, y: int) -> str:
    return b64url(b"\x04" + x.to_bytes(32, "big") + y.to_bytes(32, "big"))


def _compressed() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return b64url(key.public_bytes(serialization.Encoding.X962,
                                   serialization.PublicFormat.CompressedPoint))


@pytest.mark.parametrize("p256dh", [
    "A" * 81,  # the attack: 81 characters, accepted, and no bytes decode to it
    "B" + "A" * 85 + "!",  # not base64url
    keys()["p256dh"].replace("-", "+").replace("_", "/") + "+/",  # standard base64 alphabet
    _point(1, 2),  # 65 bytes, uncompressed, not on the curve
    b64url(b"\x05" + bytes(64)),  # 65 bytes, not an uncompressed point
    _compressed(),  # a real key, but push needs the uncompressed point
    b64url(bytes(70)),
    "",
])
def test_a_p256dh_that_is_not_a_p256_public_key_is_400_naming_it(patient_client, p256dh):
    response = subscribe(patient_client, p256dh=p256dh)
    assert response.status_code == 400, response.json()
    assert list(response.json()["fields"]) == ["keys.p256dh"]
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("auth", [b64url(bytes(15)), b64url(bytes(17)), "A" * 21, "tBHI*JI5s",
                                  ""])
def test_an_auth_secret_that_is_not_16_bytes_is_400_naming_it(patient_client, auth):
    response = subscribe(patient_client, auth=auth)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["keys.auth"]


def test_keys_as_browsers_send_them_are_accepted_with_or_without_padding(patient_client):
    browser = keys()
    padded = {"p256dh": browser["p256dh"] + "=",
              "auth": base64.urlsafe_b64encode(base64.urlsafe_b64decode(
                  browser["auth"] + "==")).decode()}
    assert subscribe(patient_client, **browser).status_code == 201
    assert subscribe(patient_client, endpoint=ENDPOINT + "2", **padded).status_code == 201
