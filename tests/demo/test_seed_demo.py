"""`seed_demo` builds the clinic the contract describes, once."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from alerts.models import Alert
from logs.models import DailyCheckin, HeadacheLog, SessionLog
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (User, SessionLog, HeadacheLog, DailyCheckin, Alert)]


def test_refused_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_clinic_as_the_contract_describes_and_twice_changes_nothing(api):
    call_command("seed_demo", "--force")
    first = counts()
    call_command("seed_demo", "--force")
    assert counts() == first

    for email, password in [("therapist@demo.example", "demo-therapist"),
                            ("other@demo.example", "demo-other"),
                            *[(f"patient{n}@demo.example", "demo-patient") for n in (1, 2, 3, 4)]]:
        response = api.post("/api/v1/auth/login", {"email": email, "password": password})
        assert response.status_code == 200, email

    therapist = User.objects.get(email="therapist@demo.example")
    rows = {r["email"]: r for r in client_for(therapist).get("/api/v1/patients").json()}
    assert set(rows) == {f"patient{n}@demo.example" for n in (1, 2, 3, 4)}
    flaring, behind, well = (rows[f"patient{n}@demo.example"] for n in (2, 3, 1))
    assert flaring["adherence"]["open_alerts"] >= 1
    assert "low_adherence" in behind["needs_attention"]
    # After twelve weeks Maya's only call on the therapist is a proposal to move on.
    assert set(well["needs_attention"]) <= {"open_alerts"}
    assert set(Alert.objects.filter(patient_id=well["id"], status="open")
               .values_list("kind", flat=True)) <= {"progression_proposal"}
    assert list(rows)[0] == "patient2@demo.example"  # the flare comes first

    other = User.objects.get(email="other@demo.example")
    assert client_for(other).get("/api/v1/patients").json() == []

    patient = User.objects.get(email="patient1@demo.example")
    report = client_for(patient).get("/api/v1/me/adherence?weeks=6").json()
    assert sum(w["sessions_done"] for w in report["weeks"]) > 0
    assert report["baseline_headache_days_28"] == 10


def test_demo_patients_have_outcomes_and_progression_to_show():
    call_command("seed_demo", "--force")
    maya = User.objects.get(email="patient1@demo.example")
    outcomes = client_for(maya).get("/api/v1/me/outcomes").json()
    assert outcomes["hit6"]["latest"] < outcomes["hit6"]["first"]
    assert outcomes["ndi"]["first"] is not None
    therapist = User.objects.get(email="therapist@demo.example")
    assignment = maya.assignments.order_by("pk").first()
    progression = client_for(therapist).get(f"/api/v1/assignments/{assignment.pk}").json()[
        "progression"]
    assert progression["evaluated_at"] is not None and progression["reasons"]


def test_demo_shows_a_responding_and_a_partly_responding_patient_after_12_weeks():
    """docs/demo.md: Maya responds (headache days 10 to 4), Elena partly (10 to 7); both
    have twelve weeks of history and a full diary baseline, whatever the day of seeding."""
    call_command("seed_demo", "--force")
    therapist = User.objects.get(email="therapist@demo.example")
    for email, verdict, band in (("patient1@demo.example", "responding", "50_to_74"),
                                 ("patient4@demo.example", "partly_responding", "30_to_49")):
        patient = User.objects.get(email=email)
        body = client_for(therapist).get(f"/api/v1/patients/{patient.pk}/outcomes").json()
        assert body["weeks_in_program"] >= 12, email
        assert (body["verdict"], body["headache_days"]["band"]) == (verdict, band), email
        assert body["headache_days"]["baseline_source"] == "diary", email
        assert body["evidence_for"], email


def test_demo_therapist_sees_reported_sessions_beside_logged_ones():
    call_command("seed_demo", "--force")
    maya = User.objects.get(email="patient1@demo.example")
    therapist = User.objects.get(email="therapist@demo.example")
    weeks = client_for(therapist).get(f"/api/v1/patients/{maya.pk}/adherence?weeks=6").json()[
        "weeks"]
    reported = [w["reported_sessions"] for w in weeks[:-1]]  # finished weeks
    assert any(n is not None for n in reported)


@pytest.mark.parametrize("today", ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03",
                                   "2026-12-04", "2026-12-05", "2026-12-06"])
def test_the_flaring_patient_is_told_to_stop_and_rest_on_any_day_the_demo_is_made(today):
    """The demo is built relative to its day; the flare must show whatever the weekday
    (it once depended on the seeded dice landing on yesterday)."""
    import time_machine

    with time_machine.travel(f"{today}T15:00:00+00:00", tick=False):
        call_command("seed_demo", "--force")
        flaring = User.objects.get(email="patient2@demo.example")
        day = client_for(flaring).get("/api/v1/me/today").json()
    assert [notice["kind"] for notice in day["notices"]] == ["stop_and_rest"]
