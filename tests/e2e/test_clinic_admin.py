"""A clinic administrator, in the PWA: invites a therapist (who gets the link by email) and
moves a patient to that colleague."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import Role, User
from tests.e2e.pwa import PASSWORD, clinic_patient
from tests.e2e.test_pwa_journey import sign_in
from tests.factories import ClinicAdminFactory, TherapistFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_invites_a_therapist_and_reassigns_a_patient(live_server, page, screenshot):
    therapist, patient = clinic_patient("moved@example.test")
    admin = ClinicAdminFactory(clinic=therapist.clinic, email="boss@example.test")
    colleague = TherapistFactory(clinic=therapist.clinic, first_name="Noor", last_name="Haddad")
    sign_in(page, live_server.url, admin.email, PASSWORD)
    page.get_by_role("link", name="Clinic").click()
    expect(page.get_by_role("heading", name="Your clinic")).to_be_visible()

    invite = page.get_by_role("form", name="Invite a colleague")
    invite.get_by_label("Email").fill("new.physio@example.test")
    invite.get_by_label("First name").fill("Ines")
    invite.get_by_label("Last name").fill("Alves")
    invite.get_by_role("button", name="Send invite").click()
    expect(page.get_by_text("Ines Alves is invited.")).to_be_visible()
    invited = User.objects.get(email="new.physio@example.test")
    assert invited.role == Role.THERAPIST and invited.clinic_id == admin.clinic_id
    assert mail.outbox and "new.physio@example.test" in mail.outbox[-1].to
    expect(page.get_by_role("row", name="Ines Alves")).to_contain_text("Invited")

    move = page.get_by_role("form", name="Move a patient to a colleague")
    move.get_by_label("Patient").select_option(label=f"{patient.first_name} {patient.last_name}")
    move.get_by_label("New primary therapist").select_option(label="Noor Haddad")
    move.get_by_role("button", name="Move patient").click()
    expect(page.get_by_text("now has Noor Haddad as their therapist")).to_be_visible()
    patient.refresh_from_db()
    assert patient.primary_therapist == colleague

    two_step = page.get_by_role("group", name="Two-step sign-in for staff")
    two_step.get_by_label("Staff must sign in with a code").check()
    expect(two_step.get_by_text("Required.")).to_be_visible()
    admin.clinic.refresh_from_db()
    assert admin.clinic.require_staff_2fa is True
    screenshot(page, "clinic-admin")
