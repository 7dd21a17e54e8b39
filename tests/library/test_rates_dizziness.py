"""Which exercise the end of a session asks dizziness for is content (the exercise's YAML
`rates_dizziness`), served with today's items, not a list of names inside the app."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_only_the_exercises_that_progress_on_dizziness_ask_for_it(library):
    from library.models import Exercise

    asking = set(Exercise.objects.filter(rates_dizziness=True).values_list("slug", flat=True))
    assert asking == {"gaze-stabilisation-vor-x1"}


def test_the_patients_today_says_which_exercise_asks_for_dizziness():
    from tests.e2e.pwa import assign_template, clinic_patient

    therapist, patient = clinic_patient("vor@example.test")
    assign_template(patient, therapist, "dizziness-gaze-stabilisation")
    items = client_for(patient).get("/api/v1/me/today").json()["items"]
    rates = {item["exercise"]["slug"]: item["exercise"]["rates_dizziness"] for item in items}
    assert rates["gaze-stabilisation-vor-x1"] is True
    assert not any(v for slug, v in rates.items() if slug != "gaze-stabilisation-vor-x1")
