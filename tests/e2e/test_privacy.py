"""A patient downloads their data and asks to be erased on their phone; the clinic
administrator confirms the erasure on the Clinic screen."""

import io
import json
import zipfile

import pytest
from playwright.sync_api import expect

from accounts.models import User
from privacy.models import ErasureRequest
from tests.e2e.a11y import Audit
from tests.e2e.pwa import PASSWORD, clinic_patient, phone_page
from tests.e2e.test_pwa_journey import sign_in
from tests.factories import ClinicAdminFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_patient_downloads_their_data_and_asks_to_be_erased(live_server, browser,
                                                              screenshot):
    therapist, patient = clinic_patient("leaving@example.test")
    admin = ClinicAdminFactory(clinic=therapist.clinic, email="boss@example.test")
    audit = Audit()
    _, page, errors = phone_page(browser, live_server.url, patient.email, width=360, height=780)
    page.get_by_role("link", name="Account").click()
    data = page.get_by_role("group", name="Your data")
    with page.expect_download() as fetched:
        data.get_by_role("button", name="Download my data").click()
    archive = zipfile.ZipFile(io.BytesIO(open(fetched.value.path(), "rb").read()))
    assert "summary.html" in archive.namelist()
    assert json.loads(archive.read("profile.json"))[0]["email"] == patient.email
    expect(data.get_by_text("Your file is downloading")).to_be_visible()

    data.get_by_role("button", name="Ask to delete my account").click()
    data.get_by_role("button", name="Yes, ask my clinic to delete my account").click()
    expect(data.get_by_text("You asked to delete your account")).to_be_visible()
    assert ErasureRequest.objects.get(patient=patient).status == "requested"
    audit.screen(page, "account: your data, erasure asked", patient=True)
    data.scroll_into_view_if_needed()
    screenshot(page, "account-erasure-asked")
    page.context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, admin.email, PASSWORD)
    page.get_by_role("link", name="Clinic").click()
    erase = page.get_by_role("form", name="Erase a patient's account")
    expect(erase).to_contain_text(f"{patient.first_name} {patient.last_name}, asked")
    erase.get_by_label("Patient").select_option(
        label=f"{patient.first_name} {patient.last_name}")
    erase.get_by_role("button", name="Erase this patient's account").click()
    assert ErasureRequest.objects.get(patient=patient).status == "requested"  # box unticked
    erase.get_by_label("I understand that this cannot be undone").check()
    erase.get_by_role("button", name="Erase this patient's account").click()
    expect(erase.get_by_text("account is closed")).to_be_visible()
    assert ErasureRequest.objects.get(patient=patient).status == "confirmed"
    assert not User.objects.get(pk=patient.pk).is_active
    audit.screen(page, "clinic administration, erasure confirmed")
    screenshot(page, "clinic-erasure-confirmed")
    context.close()
    assert not audit.problems, audit.report()
    assert errors == []
