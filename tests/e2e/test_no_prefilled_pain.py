"""The end-of-session questions start unanswered: a pain rating or a "did it bring on a
headache" answer the patient did not choose would be evidence they never gave (issue 10,
item 3). Saving without them asks for them and stores nothing."""

import pytest
from playwright.sync_api import expect

from logs.models import SessionLog
from tests.e2e.pwa import assign_template, clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAIN = "Pain during the exercises (0 none – 10 worst)"
SORENESS = "Neck soreness now (0 none – 10 worst)"
TRIGGERED = "Did this bring on a headache?"


def test_the_pain_and_headache_questions_are_not_answered_for_the_patient(live_server, browser):
    therapist, patient = clinic_patient("nora@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression", phase=1,
                    every_day=["ccf-pressure-biofeedback"])
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("button", name="I did it — log it").first.click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()

    for question in (PAIN, SORENESS, TRIGGERED):
        expect(page.get_by_role("group", name=question).get_by_role("radio", checked=True)
               ).to_have_count(0)
    pick(page, SORENESS, "2")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Please answer each question")).to_be_visible()
    assert not SessionLog.objects.exists()

    pick(page, PAIN, "0")
    pick(page, TRIGGERED, "No")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    log = SessionLog.objects.get()
    assert (log.pain_during, log.headache_triggered) == (0, False)
    assert errors == []
    context.close()
