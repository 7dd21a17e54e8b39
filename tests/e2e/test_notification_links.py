"""Where the patient's notifications lead, in the built PWA: the Sunday-evening weekly
check-in (`/checkin/weekly?week=`) is answered in two taps and reaches the therapist's
patient page as "reported N"; a re-measure prompt (`/measures/hit6`) opens the HIT-6 form
on the Progress screen while it is due, and Progress once it is not."""

import re

import pytest
from playwright.sync_api import expect

from common.dates import week_start
from logs.models import WeeklyCheckin
from logs.selectors import weekly_checkin_list
from measures.models import Measure
from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient, phone_page, pick
from tests.e2e.test_pwa_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUESTION = "How many sessions did you manage this week?"


def test_weekly_check_in_in_two_taps_reaches_the_therapist(live_server, browser, screenshot):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")
    planned = weekly_checkin_list(patient=patient, weeks=1)[0]["sessions_planned"]
    monday = week_start(patient.local_today())
    context, page, errors = phone_page(browser, live_server.url, patient.email)

    # The notification's link, as reminders.kinds writes it.
    page.goto(f"{live_server.url}/checkin/weekly?week={monday.isoformat()}")
    expect(page.get_by_role("heading", name="Your week")).to_be_visible()
    expect(page.get_by_text(f"Your plan had {planned} session")).to_be_visible()
    expect(page.get_by_text("Every session counts.")).to_be_visible()
    choices = page.get_by_role("group", name=QUESTION).get_by_role("radio")
    expect(choices).to_have_count(max(planned + 3, 7) + 1)  # 0 to a little above the plan

    pick(page, QUESTION, "3")  # tap one
    screenshot(page, "patient-weekly-checkin", dark=True)
    page.get_by_role("button", name="Save my answer").click()  # tap two
    expect(page.get_by_text("Thank you. 3 sessions noted")).to_be_visible()
    answer = WeeklyCheckin.objects.get()
    assert (answer.patient, answer.week_start, answer.sessions_done) == (patient, monday, 3)
    expect(page.get_by_text("waiting to sync")).to_have_count(0)

    page.get_by_role("link", name="Back to Today").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    assert errors == []
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    tpage = desk.new_page()
    sign_in(tpage, live_server.url, therapist.email, PASSWORD)
    tpage.get_by_role("link", name=f"{patient.first_name} {patient.last_name}").click()
    weeks = tpage.get_by_test_id("weeks")
    this_week = weeks.get_by_role("row").filter(has_text="reported 3")
    expect(this_week).to_have_count(1)
    expect(this_week.get_by_role("rowheader")).to_have_text(
        re.compile(rf"\b{monday.day}\b"))  # the row of the week answered
    desk.close()


def test_remeasure_link_opens_the_questionnaire_while_it_is_due(live_server, browser):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")  # baselines are due
    context, page, errors = phone_page(browser, live_server.url, patient.email)

    page.goto(f"{live_server.url}/measures/hit6")
    form = page.locator("form", has=page.get_by_role("heading",
                                                     name="Headache Impact Test (HIT-6)"))
    expect(form).to_be_visible()
    expect(form).to_be_in_viewport()  # brought into view below the charts
    expect(page.get_by_role("link", name="Progress")).to_have_attribute("aria-current", "page")

    for question in form.get_by_role("group").all():  # "never" to each of the six
        question.get_by_role("radio").first.check()
    form.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_text("Thank you. Score 36")).to_be_visible()
    assert Measure.objects.get(patient=patient).instrument == "hit6"
    expect(page).to_have_url(re.compile(r"/progress$"))

    # Answered: the same link now leaves the patient on Progress, no form open.
    page.goto(f"{live_server.url}/measures/hit6")
    expect(page.get_by_role("heading", name="Questionnaires due")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/progress$"))
    expect(page.get_by_role("heading", name="Headache Impact Test (HIT-6)")).to_have_count(0)
    expect(page.get_by_role("button", name="Fill in NDI")).to_be_visible()  # others still due
    assert errors == []
    context.close()
