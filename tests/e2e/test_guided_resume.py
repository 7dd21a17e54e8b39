"""Issue 13 defect, in the browser at 360 px: a guided session was lost when the patient
switched tab or the page reloaded, and Stop discarded it at once. It is kept in the phone's
IndexedDB, offered again on Today, and Stop asks first."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.pwa import assign_template, clinic_patient, phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_guided_session_survives_a_tab_switch_and_a_reload(live_server, browser):
    therapist, patient = clinic_patient("iris@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression",
                    every_day=["ccf-nod-no-cuff"])
    context, page, errors = phone_page(browser, live_server.url, patient.email, width=360)
    page.get_by_role("button", name="Start guided session").click()
    expect(page.get_by_text(re.compile(r"^Step 1 of \d+$"))).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    # The rest after the first hold runs by itself; the next hold waits for Start.
    expect(page.get_by_role("button", name="Start", exact=True)).to_be_visible()
    reached = page.get_by_text(re.compile(r"^Step \d+ of \d+$")).inner_text()
    n = int(reached.split()[1])
    assert n >= 2

    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    page.get_by_role("link", name="Today").click()
    kept = page.get_by_test_id("kept-session")
    expect(kept).to_contain_text(f"under way: {reached.lower()}")
    expect(page.get_by_role("button", name="Start guided session")).to_have_count(0)

    page.reload()  # the phone closing the app in the background comes to the same
    expect(kept).to_contain_text(f"under way: {reached.lower()}")
    page.get_by_role("button", name="Resume session").click()
    expect(page.get_by_text(reached, exact=True)).to_be_visible()

    page.get_by_role("button", name="Stop session").click()
    expect(page.get_by_role("heading", name="Stop the session?")).to_be_visible()
    page.get_by_role("button", name="Keep going").click()
    expect(page.get_by_text(reached, exact=True)).to_be_visible()
    page.get_by_role("button", name="Stop session").click()
    page.get_by_role("button", name="Stop without logging").click()
    expect(page.get_by_role("button", name="Start guided session")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Start guided session")).to_be_visible()
    expect(kept).to_have_count(0)
    assert errors == []
    context.close()
