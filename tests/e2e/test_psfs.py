"""The PSFS in the patient's app, on a 360 px phone: the first time the patient names their
own activities and rates them with the version's anchors shown; when it is due again the
same activities come back, as the patient named them, to be rated again."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from measures.models import Measure
from tests.e2e.pwa import assign_template, clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ACTIVITIES = ["turning my head to reverse the car", "reading for half an hour",
              "lifting my child", "working at the computer"]
ANCHORS = ("0 = unable to do the activity; 10 = able to do the activity as well as before "
           "the problem.")


def rate(page, activity: str, score: int):
    pick(page, f"How well can you do “{activity}” today?", str(score))


def assert_fits_a_small_phone(page):
    """Nothing wider than the screen, and every control of the form at least 44 x 44 px."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    form = page.locator("form.card")
    for control in form.locator("button, label.chip, input[type=text]").all():
        box = control.bounding_box()
        assert box and box["height"] >= 44 and box["width"] >= 44, control.inner_text()


def test_psfs_activities_named_once_and_rated_again_when_due(live_server, browser, screenshot):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")  # the baseline is due
    context, page, errors = phone_page(browser, live_server.url, patient.email,
                                       width=360, height=740)
    page.get_by_role("link", name="Progress").click()
    page.get_by_role("button", name="Fill in PSFS").click()
    expect(page.get_by_role("heading", name="Patient-Specific Functional Scale (PSFS)")
           ).to_be_visible()
    expect(page.get_by_text("Name 3 to 5 important activities")).to_be_visible()
    expect(page.get_by_text("For example: turning my head to reverse the car;")).to_be_visible()

    # Nothing filled in: each problem is named, nothing is sent.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Activity 1: Name the activity.")).to_be_visible()
    expect(page.get_by_text("Activity 3: Choose a number from 0 to 10.")).to_be_visible()
    assert Measure.objects.count() == 0

    # Three rows to start; a fourth and a fifth can be added, and removed again.
    page.get_by_role("button", name="Add another activity").click()
    page.get_by_role("button", name="Add another activity").click()
    expect(page.get_by_role("button", name="Add another activity")).to_have_count(0)  # 5 at most
    page.get_by_role("button", name="Remove activity 5").click()
    expect(page.get_by_label("Activity 5", exact=True)).to_have_count(0)
    for number, (activity, score) in enumerate(zip(ACTIVITIES, [3, 6, 5, 7], strict=True), 1):
        page.get_by_label(f"Activity {number}", exact=True).fill(activity)
        rate(page, activity, score)
    expect(page.get_by_text(ANCHORS)).to_have_count(4)  # the version's anchors at each rating
    assert_fits_a_small_phone(page)
    page.set_viewport_size({"width": 390, "height": 844})  # the README's phone size
    page.get_by_label("Activity 1", exact=True).scroll_into_view_if_needed()
    screenshot(page, "patient-psfs", dark=True)
    page.set_viewport_size({"width": 360, "height": 740})
    page.get_by_role("button", name="Submit answers").click()

    expect(page.get_by_text("Thank you. Your score is 5.25, the average of your 4 ratings.")
           ).to_be_visible()
    expect(page.get_by_role("button", name="Fill in PSFS")).to_have_count(0)  # no longer due
    first = Measure.objects.get(instrument="psfs")
    assert (first.version, float(first.score)) == (1, 5.25)
    assert first.answers == [{"activity": a, "score": s}
                             for a, s in zip(ACTIVITIES, [3, 6, 5, 7], strict=True)]

    # Four weeks on (the PSFS is re-measured after 28 days): due again.
    Measure.objects.filter(pk=first.pk).update(taken_at=first.taken_at - timedelta(days=28),
                                               local_date=first.local_date - timedelta(days=28))
    page.reload()
    page.get_by_role("button", name="Fill in PSFS").click()
    expect(page.get_by_text(re.compile("^These are the activities you named on"))).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)  # the same activities, not new ones
    expect(page.get_by_role("button", name="Add another activity")).to_have_count(0)
    for activity, score in zip(ACTIVITIES, [5, 7, 6, 8], strict=True):
        rate(page, activity, score)
    assert_fits_a_small_phone(page)
    page.get_by_role("button", name="Submit answers").click()

    expect(page.get_by_text(
        "Thank you. Your score is 6.5, the average of your 4 ratings (last time 5.25).")
    ).to_be_visible()
    latest = Measure.objects.filter(instrument="psfs").exclude(pk=first.pk).get()
    assert (latest.version, float(latest.score)) == (1, 6.5)
    assert [a["activity"] for a in latest.answers] == ACTIVITIES
    assert [a["score"] for a in latest.answers] == [5, 7, 6, 8]
    assert errors == []
    context.close()
