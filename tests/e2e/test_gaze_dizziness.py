"""Issue 10 in the browser at 360 px: the gaze-stabilisation program progresses on the
dizziness the exercise provokes, so the end of its session asks for that rating, and it is
stored on the exercise's own entry (SessionEntry.dizziness), where the engine reads it."""

import pytest
from playwright.sync_api import expect

from logs.models import SessionEntry
from tests.e2e.pwa import assign_template, clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "Dizziness during Gaze stabilisation (VOR x1) (0 none – 10 worst)"


def test_the_dizziness_rating_reaches_the_exercises_entry(live_server, browser):
    therapist, patient = clinic_patient("vera@example.test")
    assign_template(patient, therapist, "dizziness-gaze-stabilisation",
                    every_day=["gaze-stabilisation-vor-x1"])
    context, page, errors = phone_page(browser, live_server.url, patient.email, width=360)
    page.get_by_role("button", name="I did it — log it").first.click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    dizziness = page.get_by_role("group", name=QUESTION)
    expect(dizziness).to_be_visible()
    expect(dizziness.get_by_role("radio", checked=True)).to_have_count(0)  # nothing chosen
    pick(page, "Pain during the exercises (0 none – 10 worst)", "0")
    pick(page, "Neck soreness now (0 none – 10 worst)", "1")
    pick(page, "Did this bring on a headache?", "No")
    pick(page, QUESTION, "3")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    entry = SessionEntry.objects.select_related("exercise").get()
    assert (entry.exercise.slug, entry.dizziness) == ("gaze-stabilisation-vor-x1", 3)
    assert errors == []
    context.close()
