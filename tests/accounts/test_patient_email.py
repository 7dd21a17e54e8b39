"""POST patients with an address that already has an account: one neutral answer that
tells a therapist nothing about another clinic's people, and no 500 when colleagues add
the same person at the same moment (docs/security.md, "Who has an account")."""

import pytest

from accounts.models import User
from tests.api_world import build_world, changed_parts, is_error_shape, snapshot
from tests.concurrency import at_once, require_postgresql, signed_in
from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.django_db


def new_patient(client, email: str):
    return client.post("/api/v1/patients", {"email": email, "first_name": "Ada",
                                            "last_name": "Lovelace", "timezone": "UTC"},
                       format="json")


def test_an_address_of_another_clinic_answers_like_one_of_ours_word_for_word():
    """The oracle: 'An account with this email already exists' for an address known only
    in another clinic told a therapist who has an account elsewhere."""
    world = build_world()
    client = client_for(world.users["therapist"])
    before = snapshot()
    theirs = new_patient(client, world.users["other_patient"].email)
    their_staff = new_patient(client, world.users["other_therapist"].email.upper())
    ours = new_patient(client, world.users["peer"].email)
    assert theirs.status_code == their_staff.status_code == ours.status_code == 400
    assert theirs.json() == their_staff.json() == ours.json()
    assert is_error_shape(theirs.json()) and list(theirs.json()["fields"]) == ["email"]
    words = theirs.json()["fields"]["email"][0].lower()
    assert "exist" not in words and "clinic" not in words and "account" in words
    assert changed_parts(before, snapshot()) == set()


def test_a_free_address_still_makes_the_patient(therapist_client, therapist):
    response = new_patient(therapist_client, "ada@example.test")
    assert response.status_code == 201 and response.json()["invite"]["token"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ten_colleagues_adding_one_address_at_once_make_one_patient_and_no_500(clinic):
    """The attack: 10 concurrent POST patients with one email gave one 500 (the unique
    key, after the existence check had passed for two of them)."""
    require_postgresql()
    staff = [TherapistFactory(clinic=clinic) for _ in range(5)] + [
        ClinicAdminFactory(clinic=clinic) for _ in range(5)]
    clients = [signed_in(person) for person in staff]
    answers = at_once([lambda c=c: new_patient(c, "same@example.test") for c in clients])
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [201] + [400] * 9
    refused = [a.json() for a in answers if a.status_code == 400]
    assert all(body == refused[0] for body in refused)  # the one neutral answer
    assert list(refused[0]["fields"]) == ["email"]
    assert User.objects.filter(email="same@example.test").count() == 1


def test_the_rule_is_the_same_for_a_patient_who_signed_up_elsewhere(therapist_client):
    elsewhere = PatientFactory(email="moved@example.test")  # another clinic, active
    again = new_patient(therapist_client, "MOVED@example.test")
    assert again.status_code == 400 and list(again.json()["fields"]) == ["email"]
    assert User.objects.get(email="moved@example.test") == elsewhere
