"""The Content-Security-Policy in a real browser (issue 9, item 12).

Every browser test fails on a violation (conftest.csp_violations): the app, its service
worker and the API docs run under the policy. These show that the policy is really
enforced, that the API docs work under it, and that an invite link sent before the
fragment form still opens.
"""

import pytest
from playwright.sync_api import expect

from accounts.services import invite_create
from tests.factories import PatientFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_app_refuses_an_injected_inline_script(live_server, browser, csp_violations):
    """What an injected script (stealing the device token from IndexedDB) would meet."""
    page = browser.new_context().new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    with pytest.raises(Exception):  # noqa: B017 - Playwright's error for a refused tag
        page.add_script_tag(content="window.__injected = true")
    assert page.evaluate("window.__injected") is None
    page.wait_for_function("() => true")
    assert any("script-src" in v or "Content Security Policy" in v for v in csp_violations)
    csp_violations.clear()  # provoked on purpose


def test_the_api_docs_work_under_the_policy(live_server, browser):
    page = browser.new_context().new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_role("heading", name="HEP Tracker API")).to_be_visible()
    expect(page.get_by_text("/api/v1/auth/login").first).to_be_visible()
    assert not errors


def test_an_invite_link_sent_before_the_fragment_form_still_opens(live_server, browser,
                                                                  settings):
    patient = PatientFactory(first_name="Noor", clinic__name="Riverside Physio")
    patient.set_unusable_password()
    patient.save(update_fields=["password"])
    _, token = invite_create(user=patient, created_by=None)
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/invite/{token}")
    expect(page.get_by_role("heading", name="Welcome to Riverside Physio")).to_be_visible()
    # The token leaves the path (and so the history, and a reload's request line).
    assert page.url == f"{live_server.url}/invite#{token}"
