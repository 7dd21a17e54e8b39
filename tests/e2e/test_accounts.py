"""Account recovery and two-step sign-in in the browser: a patient resets a forgotten
password from the emailed link; a therapist turns on 2FA and signs in with it."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.pwa import PASSWORD, clinic_patient
from tests.e2e.test_pwa_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "Qz7!vX2@pW-81"


@pytest.fixture
def site(live_server, settings):
    settings.PUBLIC_URL = live_server.url
    therapist, patient = clinic_patient("forgetful@example.test")
    return live_server.url, therapist, patient


def sign_out(page):
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_patient_resets_a_forgotten_password_from_the_email(site, browser, screenshot):
    url, _, patient = site
    page = browser.new_context(service_workers="block").new_page()
    page.goto(url + "/")
    page.get_by_role("link", name="Forgot password?").click()
    page.get_by_label("Email").fill(patient.email)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_text("an email with a link is on its way")).to_be_visible()
    screenshot(page, "forgot-password-sent")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [patient.email]
    link = re.search(r"(https?://\S+/reset-password#\S+)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.get_by_label("New password").fill("Forgetful123456")  # contains their address
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("alert")).to_contain_text("name or your email")
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    assert "#" not in page.url  # the token left the address bar

    page.get_by_role("button", name="Sign in").click()
    sign_in(page, url, patient.email, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("not right")
    sign_in(page, url, patient.email, NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

    page.goto(link)  # the link worked once
    page.get_by_label("New password").fill("Hb5*wY1^cL-90")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("This link has been used or has expired")).to_be_visible()


def test_a_therapist_turns_on_two_step_sign_in_and_signs_in_with_a_code(site, browser,
                                                                        screenshot):
    url, therapist, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    page = context.new_page()
    sign_in(page, url, therapist.email, PASSWORD)
    page.get_by_role("link", name="Account", exact=True).click()
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    qr = page.get_by_role("img", name="QR code to add HEP Tracker")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # the QR code really drew
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    authenticator = pyotp.TOTP(secret)
    page.get_by_label("Code").fill(authenticator.now())
    page.get_by_role("button", name="Turn on").click()
    codes = page.get_by_role("list", name="Your recovery codes").locator("li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text()
    screenshot(page, "two-step-recovery-codes")
    page.get_by_role("button", name="I have saved them").click()
    expect(page.get_by_text("On. Signing in asks for a code")).to_be_visible()
    sign_out(page)

    # The password alone is not enough now: the code of the next 30 seconds is (the one
    # that turned 2FA on is spent); the server's clock moves on, the browser needs nothing.
    sign_in(page, url, therapist.email, PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        page.get_by_label("Code").fill(authenticator.now())
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    sign_out(page)

    # A recovery code, once.
    sign_in(page, url, therapist.email, PASSWORD)
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    context.close()
