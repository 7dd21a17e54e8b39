"""The patient's reminder settings on the phone: the days, the next reminder, and a phone
that has travelled to another time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from reminders.models import ReminderSettings
from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def phone_in(browser, url, email, zone):
    # en-GB: the times below are read as a British phone shows them (24-hour).
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB",
                                  timezone_id=zone, service_workers="block", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    return context, page


def test_weekdays_are_saved_and_the_next_reminder_is_shown(live_server, browser):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")
    context, page = phone_in(browser, live_server.url, patient.email, "Europe/London")
    expect(page.get_by_text("Your phone is in another time zone")).to_have_count(0)
    days = page.get_by_role("group", name="On these days")
    for day in ("Saturday", "Sunday"):
        days.get_by_role("checkbox", name=day).uncheck()
    page.get_by_role("button", name="Save reminder settings").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    row = ReminderSettings.objects.get(user=patient)
    assert row.weekdays == ["mon", "tue", "wed", "thu", "fri"]
    local = row.next_due_at.astimezone(ZoneInfo("Europe/London"))
    assert local.strftime("%a") not in ("Sat", "Sun")
    expect(page.get_by_test_id("next-reminder")).to_contain_text(local.strftime("%H:%M"))
    expect(page.get_by_test_id("next-reminder")).to_contain_text(local.strftime("%a"))

    for day in ("Monday", "Tuesday", "Wednesday", "Thursday"):
        days.get_by_role("checkbox", name=day).uncheck()
    days.get_by_role("checkbox", name="Friday").click()  # the last day stays
    expect(days.get_by_role("checkbox", name="Friday")).to_be_checked()
    context.close()


def test_a_phone_in_another_zone_offers_to_move_the_reminders(live_server, browser):
    therapist, patient = clinic_patient("pat@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression")
    context, page = phone_in(browser, live_server.url, patient.email, "America/New_York")
    expect(page.get_by_text("Your phone is set to America/New_York; your reminders and your "
                            "days follow Europe/London.")).to_be_visible()
    page.get_by_role("button", name="Use America/New_York").click()
    expect(page.get_by_text("Your phone is in another time zone")).to_have_count(0)
    expect(page.get_by_text("Time zone: America/New_York")).to_be_visible()
    patient.refresh_from_db()
    assert patient.timezone == "America/New_York"
    row = ReminderSettings.objects.get(user=patient)
    local = row.next_due_at.astimezone(ZoneInfo("America/New_York"))
    assert local.strftime("%H:%M") in row.times  # the same wall-clock times, in the new zone
    assert local > datetime.now(ZoneInfo("America/New_York"))
    context.close()
