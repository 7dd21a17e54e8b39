"""PUT me/skips/{date}: a patient rests with a reason; the day is excused (logs.excused)."""

from datetime import timedelta

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_patient_skips_today_and_the_day_says_so(patient):
    today = patient.local_today().isoformat()
    client = client_for(patient)
    first = client.put(f"/api/v1/me/skips/{today}", {"reason": "illness"}, format="json")
    assert first.status_code == 201, first.json()
    again = client.put(f"/api/v1/me/skips/{today}", {"reason": "migraine"}, format="json")
    assert (again.status_code, again.json()["reason"]) == (200, "migraine")
    assert client.get("/api/v1/me/today").json()["skipped"] == "migraine"
    assert [row["date"] for row in client.get("/api/v1/me/skips").json()] == [today]
    assert client.delete(f"/api/v1/me/skips/{today}").status_code == 204
    assert client.get("/api/v1/me/today").json()["skipped"] is None


def test_a_reason_is_required_and_named_in_the_patients_words(patient):
    today = patient.local_today().isoformat()
    response = client_for(patient).put(f"/api/v1/me/skips/{today}", {"reason": "lazy"},
                                       format="json")
    assert response.status_code == 400
    assert "Choose why you are resting" in response.json()["fields"]["reason"][0]
    assert client_for(patient).put(f"/api/v1/me/skips/{today}", {},
                                   format="json").status_code == 400


def test_a_day_not_yet_begun_cannot_be_skipped(patient):
    tomorrow = (patient.local_today() + timedelta(days=2)).isoformat()
    response = client_for(patient).put(f"/api/v1/me/skips/{tomorrow}", {"reason": "other"},
                                       format="json")
    assert response.status_code == 400
    assert "date" in response.json()["fields"]
