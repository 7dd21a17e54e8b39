"""A red-flag headache in the browser: the urgent message takes the whole screen the moment
the answer is chosen, offline too, with the clinic's emergency number to call; the log
reaches the server when the phone is back online and the therapist is alerted."""

import time

import pytest
from playwright.sync_api import expect

from alerts.models import Alert, AlertKind
from logs.models import HeadacheLog
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.pwa import clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEAK = "How bad is it at its worst? (0–10)"


def _wait_for(check, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_a_sudden_severe_headache_offline_shows_the_urgent_message_full_screen(
        live_server, browser):
    _, patient = clinic_patient("ines@example.test")
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("link", name="Headache").click()
    context.set_offline(True)

    pick(page, PEAK, "10")
    # Clicked, not checked: the answer saves the log at once and the form starts afresh.
    page.get_by_role("group", name="Did it reach its worst within a minute?").get_by_role(
        "radio", name="Yes", exact=True).click()

    urgent = page.get_by_role("alertdialog", name="Call 112 now")
    expect(urgent).to_be_visible()
    box, viewport = urgent.bounding_box(), page.viewport_size
    assert (box["width"], box["height"]) == (viewport["width"], viewport["height"])
    call = urgent.get_by_role("link", name="Call 112")
    expect(call).to_have_attribute("href", "tel:112")
    expect(call).to_be_focused()
    expect(urgent).to_contain_text("do not wait to hear from your therapist")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "urgent-message.png"))

    urgent.get_by_role("button", name="Close").click()
    expect(page.get_by_text("Saved. It will sync when you are back online.")).to_be_visible()
    assert not HeadacheLog.objects.exists()  # offline: nothing has left the phone

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert _wait_for(lambda: HeadacheLog.objects.filter(red_flags=["thunderclap"]).exists())
    log = HeadacheLog.objects.get()
    assert log.peak_pain == 10
    assert Alert.objects.filter(patient=patient, kind=AlertKind.URGENT_SYMPTOMS).count() == 1
    assert errors == []
    context.close()


def test_a_warning_sign_ticked_calls_the_clinics_own_number(live_server, browser):
    therapist, patient = clinic_patient("ola@example.test")
    therapist.clinic.settings = {"emergency_number": "911"}
    therapist.clinic.save()
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("link", name="Headache").click()

    pick(page, PEAK, "6")
    expect(page.get_by_role("group", name="Did it reach its worst within a minute?")
           ).to_have_count(0)  # asked only from 8 up
    page.get_by_label("Fainting").click()

    urgent = page.get_by_role("alertdialog", name="Call 911 now")
    expect(urgent).to_be_visible()
    expect(urgent.get_by_role("link", name="Call 911")).to_have_attribute("href", "tel:911")
    assert _wait_for(lambda: HeadacheLog.objects.filter(red_flags=["fainting"]).exists())
    assert errors == []
    context.close()
