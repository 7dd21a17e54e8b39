"""A phone shared by two patients (a family tablet, a clinic loaner): signing out leaves
nothing of the first person's day on the device for the next one to see."""

import pytest
from playwright.sync_api import expect

from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KV_TODAY = """() => new Promise((resolve) => {
    const open = indexedDB.open("hep-tracker");
    open.onsuccess = () => {
        const get = open.result.transaction("kv").objectStore("kv").get("today");
        get.onsuccess = () => resolve(get.result !== undefined);
    };
})"""


def test_signing_out_forgets_the_days_plan_on_the_device(live_server, browser):
    therapist, patient = clinic_patient("ada@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  service_workers="allow")
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Email").fill(patient.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # under the service worker: today's plan goes into its cache
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(page.get_by_role("button", name="Start guided session")).to_be_visible()
    page.wait_for_function("caches.has('hep-today')")
    assert page.evaluate(KV_TODAY) is True

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert page.evaluate(KV_TODAY) is False
    assert page.evaluate("caches.has('hep-today')") is False
    assert page.evaluate("caches.has('hep-me')") is False
    context.close()
