"""A clinic administers itself: staff, reassignment, care teams and its settings."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.management import call_command
from knox.models import AuthToken

from accounts.models import Clinic, Role, User
from alerts.models import Alert
from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, ClinicFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def clinic():
    return ClinicFactory()


@pytest.fixture
def admin(clinic):
    return ClinicAdminFactory(clinic=clinic)


def test_an_admin_invites_a_therapist_who_gets_the_link_by_email(
        admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(admin).post(f"{API}/staff", {
            "email": "New.Colleague@Example.test", "first_name": "Noor", "last_name": "Haddad",
            "role": "therapist"}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["role"] == "therapist" and body["status"] == "invited"
    member = User.objects.get(email="new.colleague@example.test")
    assert member.clinic_id == admin.clinic_id and not member.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.colleague@example.test"]
    assert body["invite"]["url"] in mail.outbox[0].body
    listed = client_for(admin).get(f"{API}/staff").json()
    assert {row["email"] for row in listed} >= {"new.colleague@example.test", admin.email}


def test_a_therapist_cannot_invite_staff_but_can_see_colleagues(clinic, admin):
    therapist = TherapistFactory(clinic=clinic)
    client = client_for(therapist)
    refused = client.post(f"{API}/staff", {"email": "x@example.test", "first_name": "X",
                                           "role": "clinic_admin"}, format="json")
    assert refused.status_code == 403
    assert not User.objects.filter(email="x@example.test").exists()
    assert {row["id"] for row in client.get(f"{API}/staff").json()} == {therapist.pk, admin.pk}


def test_inviting_as_a_patient_role_is_refused_in_words(admin):
    answer = client_for(admin).post(f"{API}/staff", {"email": "p@example.test",
                                                     "first_name": "P", "role": "patient"},
                                    format="json")
    assert answer.status_code == 400
    assert answer.json()["fields"]["role"] == ["Choose therapist or clinic administrator."]


def test_deactivating_a_therapist_signs_them_out_and_lists_their_patients(clinic, admin):
    therapist = TherapistFactory(clinic=clinic)
    patients = [PatientFactory(clinic=clinic, primary_therapist=therapist) for _ in range(2)]
    their_client = client_for(therapist)
    session = SessionStore()
    session["_auth_user_id"] = str(therapist.pk)
    session.create()
    answer = client_for(admin).patch(f"{API}/staff/{therapist.pk}", {"is_active": False},
                                     format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["status"] == "deactivated"
    assert {p["id"] for p in body["patients_to_reassign"]} == {p.pk for p in patients}
    assert their_client.get(f"{API}/patients").status_code == 401
    assert not AuthToken.objects.filter(user=therapist).exists()
    assert not SessionStore().exists(session.session_key)


def test_the_last_active_admin_cannot_be_deactivated(admin):
    answer = client_for(admin).patch(f"{API}/staff/{admin.pk}", {"is_active": False},
                                     format="json")
    assert answer.status_code == 409
    assert "last active administrator" in answer.json()["detail"]
    admin.refresh_from_db()
    assert admin.is_active


def test_an_admin_reassigns_a_patient_to_a_colleague(clinic, admin):
    patient = PatientFactory(clinic=clinic)
    colleague = TherapistFactory(clinic=clinic)
    answer = client_for(admin).patch(f"{API}/patients/{patient.pk}",
                                     {"primary_therapist": colleague.pk}, format="json")
    assert answer.status_code == 200, answer.content
    patient.refresh_from_db()
    assert patient.primary_therapist == colleague


def test_staff_of_another_clinic_are_not_reachable(admin):
    stranger = TherapistFactory()
    answer = client_for(admin).patch(f"{API}/staff/{stranger.pk}", {"is_active": False},
                                     format="json")
    assert answer.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


# --- Health data kept from administrators -------------------------------------------------

def test_an_admin_kept_from_health_data_sees_who_but_not_how(clinic, admin):
    patient = PatientFactory(clinic=clinic, baseline_headache_days_28=12)
    Alert.objects.create(patient=patient, clinic=clinic, kind="pain_above_limit")
    client = client_for(admin)
    assert client.get(f"{API}/patients/{patient.pk}/adherence").status_code == 200
    assert client.patch(f"{API}/clinic", {"settings": {"admin_sees_health_data": False}},
                        format="json").status_code == 200
    listed = client.get(f"{API}/patients").json()
    assert [row["id"] for row in listed] == [patient.pk]
    assert listed[0]["baseline_headache_days_28"] is None
    assert listed[0]["adherence"]["open_alerts"] == 0
    assert client.get(f"{API}/patients/{patient.pk}/adherence").status_code == 404
    alerts = client.get(f"{API}/alerts").json()
    assert (alerts if isinstance(alerts, list) else alerts["results"]) == []
    detail = client.get(f"{API}/patients/{patient.pk}").json()
    assert "baseline_headache_days_28" not in detail and detail["first_name"]
    refused = client.patch(f"{API}/patients/{patient.pk}", {"baseline_headache_days_28": 3},
                           format="json")
    assert refused.status_code == 403
    patient.refresh_from_db()
    assert patient.baseline_headache_days_28 == 12


# --- Care-team scope --------------------------------------------------------------------------

def test_care_team_scope_limits_a_therapist_to_their_team(clinic, admin):
    me, colleague = TherapistFactory(clinic=clinic), TherapistFactory(clinic=clinic)
    mine = PatientFactory(clinic=clinic, primary_therapist=me)
    theirs = PatientFactory(clinic=clinic, primary_therapist=colleague)
    client = client_for(me)
    assert {row["id"] for row in client.get(f"{API}/patients").json()} == {mine.pk, theirs.pk}

    client_for(admin).patch(f"{API}/clinic", {"settings": {"care_team_only": True}},
                            format="json")
    assert [row["id"] for row in client.get(f"{API}/patients").json()] == [mine.pk]
    assert client.get(f"{API}/patients/{theirs.pk}/adherence").status_code == 404
    # The admin still sees everyone, to assign them.
    assert {row["id"] for row in client_for(admin).get(f"{API}/patients").json()} == {
        mine.pk, theirs.pk}

    added = client_for(colleague).post(f"{API}/patients/{theirs.pk}/care-team",
                                       {"user": me.pk}, format="json")
    assert added.status_code == 201, added.content
    assert added.json()["care_team"] == [me.pk]
    assert client.get(f"{API}/patients/{theirs.pk}/adherence").status_code == 200

    assert client_for(colleague).delete(
        f"{API}/patients/{theirs.pk}/care-team/{me.pk}").status_code == 204
    assert client.get(f"{API}/patients/{theirs.pk}/adherence").status_code == 404


def test_a_care_team_member_must_be_an_active_colleague(clinic, admin):
    patient = PatientFactory(clinic=clinic)
    stranger = TherapistFactory()
    answer = client_for(admin).post(f"{API}/patients/{patient.pk}/care-team",
                                    {"user": stranger.pk}, format="json")
    assert answer.status_code == 400
    assert answer.json()["fields"]["user"] == ["No such active colleague in your clinic."]


# --- The clinic's settings --------------------------------------------------------------------

def test_clinic_settings_show_defaults_and_change_with_checks(clinic, admin):
    client = client_for(admin)
    shown = client.get(f"{API}/clinic").json()
    assert shown["settings"]["care_team_only"] is False
    assert {d["key"] for d in shown["declared"]} >= {
        "care_team_only", "admin_sees_health_data", "progression", "measures", "outcomes",
        "reminders"}
    changed = client.patch(f"{API}/clinic", {
        "name": "Fjord Physio", "timezone": "Europe/Oslo",
        "settings": {"outcomes": {"responder_drop_pct": 40},
                     "reminders": {"times": ["07:30"], "channels": ["email"]}}},
        format="json")
    assert changed.status_code == 200, changed.content
    clinic.refresh_from_db()
    assert clinic.name == "Fjord Physio" and clinic.timezone == "Europe/Oslo"
    assert clinic.settings["outcomes"] == {"responder_drop_pct": 40}


@pytest.mark.parametrize("settings, field", [
    ({"care_team_only": "yes"}, "settings.care_team_only"),
    ({"outcomes": {"responder_drop_pct": 500}}, "settings.outcomes"),
    ({"measures": {"ndi": {"remeasure_days": -3}}}, "settings.measures"),
    ({"progression": {"pain": {"red_above": "high"}}}, "settings.progression"),
    ({"reminders": {"times": ["25:00"]}}, "settings.reminders"),
    ({"no_such_thing": 1}, "settings.no_such_thing"),
])
def test_a_bad_clinic_setting_is_refused_and_nothing_changes(clinic, admin, settings, field):
    before = dict(clinic.settings)
    answer = client_for(admin).patch(f"{API}/clinic", {"name": "Renamed", "settings": settings},
                                     format="json")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert field in body["fields"]
    assert all("settings." not in message for message in body["fields"][field])
    clinic.refresh_from_db()
    assert clinic.settings == before and clinic.name != "Renamed"


def test_a_therapist_reads_but_cannot_change_the_clinic(clinic):
    therapist = TherapistFactory(clinic=clinic)
    client = client_for(therapist)
    assert client.get(f"{API}/clinic").status_code == 200
    assert client.patch(f"{API}/clinic", {"name": "Mine now"}, format="json").status_code == 403


def test_a_new_patient_starts_from_the_clinic_reminder_defaults(clinic, admin):
    client_for(admin).patch(f"{API}/clinic", {"settings": {"reminders": {
        "times": ["07:15"], "quiet_hours": {"start": "21:00", "end": "07:00"}}}}, format="json")
    patient = PatientFactory(clinic=clinic)
    reminders = client_for(patient).get(f"{API}/me/reminder-settings").json()
    assert reminders["times"] == ["07:15"]
    assert reminders["quiet_hours"] == {"start": "21:00", "end": "07:00"}


def test_create_clinic_makes_the_first_admin_with_an_invite(capsys):
    call_command("create_clinic", "Harbour Physio", "--admin-email", "Boss@Harbour.test",
                 "--timezone", "Europe/Dublin")
    clinic = Clinic.objects.get(name="Harbour Physio")
    boss = User.objects.get(email="boss@harbour.test")
    assert boss.clinic == clinic and boss.role == Role.CLINIC_ADMIN
    assert clinic.timezone == "Europe/Dublin"
    assert "/invite#" in capsys.readouterr().out
