"""The whole journey in a real browser: a therapist invites and assigns; the patient accepts,
does a guided session, logs soreness, logs a headache offline, reloads from the service
worker's cache, syncs once when back online; the therapist sees the logs and the alerts."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from logs.models import HeadacheLog, SessionLog
from reminders.models import ReminderSettings
from tests.e2e.conftest import PUSH_STUB
from tests.factories import ClinicFactory, TherapistFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, settings):
    settings.PUBLIC_URL = live_server.url
    call_command("load_programs", verbosity=0)
    clinic = ClinicFactory(name="Riverside Physio")
    therapist = TherapistFactory(clinic=clinic, email="sam@riverside.example",
                                 first_name="Sam", last_name="Lee")
    return {"url": live_server.url, "therapist": therapist}


def sign_in(page, url, email, password):
    page.goto(url + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def pick(page, group: str, value: str):
    page.get_by_role("group", name=group).get_by_role("radio", name=value, exact=True).check()


def test_invite_assign_guided_offline_sync(world, browser, screenshot):
    url = world["url"]

    # --- Therapist: create the patient (invite link) and assign the neck program ---------
    tctx = browser.new_context(viewport={"width": 1280, "height": 900})
    tpage = tctx.new_page()
    tpage.on("pageerror", lambda e: print("TPAGEERROR", e))
    sign_in(tpage, url, "sam@riverside.example", "correct-horse-battery")
    expect(tpage.get_by_role("heading", name="Patients")).to_be_visible()
    tpage.get_by_role("button", name="New patient").click()
    tpage.get_by_label("First name").fill("Ada")
    tpage.get_by_label("Last name").fill("Moss")
    tpage.get_by_label("Email").fill("ada@example.test")
    tpage.get_by_label("Time zone").fill("Europe/London")
    tpage.get_by_role("button", name="Create patient and invite").click()
    invite_url = tpage.get_by_test_id("invite-url").inner_text().strip()
    # The token rides in the fragment: the browser never sends it when the link is opened.
    assert re.match(rf"^{re.escape(url)}/invite#[\w-]+$", invite_url)
    link, token = invite_url.split("#", 1)
    tpage.get_by_role("link", name="Ada Moss").first.click()
    expect(tpage.get_by_role("heading", name="Ada Moss")).to_be_visible()
    tpage.locator("select[name=template]").select_option("deep-neck-flexor-progression")
    tpage.get_by_role("button", name="Assign", exact=True).click()
    expect(tpage.get_by_text("Phase 1 of")).to_be_visible()

    # --- Patient: accept the invite on a phone ------------------------------------------
    pctx = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="allow",
                               is_mobile=True, has_touch=True)
    pctx.add_init_script(PUSH_STUB)
    page = pctx.new_page()
    pages_loaded = []
    page.on("request", lambda r: pages_loaded.append(r.url) if r.is_navigation_request()
            else None)
    page.goto(f"{link}?speed=200#{token}")  # timers 200x faster: 10 x 10 s holds take ~1 s
    expect(page.get_by_role("heading", name="Welcome to Riverside Physio")).to_be_visible()
    sent = [u.split("#")[0] for u in pages_loaded]  # what went over the wire
    assert sent and not [u for u in sent if token in u], sent
    page.get_by_label("New password").fill("a-long-patient-password")
    page.get_by_role("button", name="Set password and start").click()
    expect(page.get_by_role("heading", name="Today")).to_be_visible()
    # The service worker takes control; a reload puts today's plan in its cache.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    expect(page.get_by_role("heading", name="Chin nod without cuff", exact=False)).to_be_visible()
    screenshot(page, "patient-today", dark=True)

    # --- Guided session: 10 x 10 s holds with rests, then pain, soreness, headache ------
    page.get_by_role("button", name="Start guided session").click()
    expect(page.get_by_text("Hold 1 of 10")).to_be_visible()
    # Before Start: at 200x a hold lasts 50 ms, too short to catch a running timer reliably.
    screenshot(page, "patient-guided", dark=True)
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible(timeout=20_000)
    pick(page, "Pain during the exercises (0 none – 10 worst)", "7")
    pick(page, "Neck soreness now (0 none – 10 worst)", "4")
    pick(page, "Did this bring on a headache?", "No")
    screenshot(page, "patient-end-of-session", dark=True)
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    log = SessionLog.objects.get()
    assert (log.soreness_after, log.pain_during) == (4, 7)
    assert log.entries.get().reps == 10
    # Pain above the limit: the stop-and-rest notice from me/today.
    expect(page.get_by_text("Stop and rest")).to_be_visible()

    # --- Offline: log a headache, reload from the cache, then sync once ------------------
    pctx.set_offline(True)
    page.get_by_role("link", name="Headache").click()
    pick(page, "How bad is it at its worst? (0–10)", "6")
    # Just after the session, offline: the phone still knows it and asks (nothing chosen).
    pick(page, "It started within 6 hours of your exercises. Did exercise bring it on?", "No")
    page.get_by_role("button", name="Save headache").click()
    expect(page.get_by_text("1 entry waiting to sync")).to_be_visible()
    screenshot(page, "patient-headache-offline", dark=True)
    assert HeadacheLog.objects.count() == 0
    page.reload()  # the service worker serves the app shell
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    expect(page.get_by_text("1 entry waiting to sync")).to_be_visible()
    page.get_by_role("link", name="Today").click()  # today's plan from the cache
    expect(page.get_by_role("heading", name="Chin nod without cuff", exact=False)).to_be_visible()
    pctx.set_offline(False)
    expect(page.get_by_text("waiting to sync")).to_have_count(0, timeout=15_000)
    page.get_by_role("button", name="Start guided session").wait_for()
    assert HeadacheLog.objects.count() == 1
    headache = HeadacheLog.objects.get()
    assert headache.peak_pain == 6

    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    screenshot(page, "patient-progress", dark=True)
    page.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    page.wait_for_timeout(300)
    screenshot(page, "patient-reminders", dark=True)
    # Push opt-in (shown only when the server has a VAPID key): explained, then asked.
    enable = page.get_by_role("button", name="Turn on notifications")
    if enable.count():
        expect(page.get_by_text("When you tap the button, your browser will ask")).to_be_visible()
        enable.click()
        expect(page.get_by_text("Notifications are on for this phone.")).to_be_visible()
    assert HeadacheLog.objects.count() == 1  # still exactly one after every later sync

    # --- Therapist: the new logs and the alerts -----------------------------------------
    tpage.reload()
    timeline = tpage.get_by_test_id("timeline")
    expect(timeline.get_by_text("Headache · peak 6/10")).to_be_visible()
    expect(timeline.get_by_text("pain 7/10 · soreness 4/10")).to_be_visible()
    tpage.get_by_role("link", name="Alerts").click()
    expect(tpage.get_by_text("Pain above limit during exercise")).to_be_visible()
    # The optional daily email summary, set under the alerts.
    tpage.get_by_label("Email me a daily summary").check()
    tpage.get_by_label("Send it at", exact=False).fill("07:15")
    tpage.get_by_role("button", name="Save summary setting").click()
    expect(tpage.get_by_text("The next summary comes")).to_be_visible()
    assert ReminderSettings.objects.get(user=world["therapist"]).digest_time == "07:15"

    # Therapist screens at phone size too, for the README.
    tctx.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    tp = phone.new_page()
    asked = []
    tp.on("request", lambda request: asked.append(request.url))
    sign_in(tp, url, "sam@riverside.example", "correct-horse-battery")
    expect(tp.get_by_role("link", name="Ada Moss")).to_be_visible()
    # The list's figures come with it (no request per patient). Ada's only day had pain
    # above her limit: a red-event day is excused (rest is not failure), so there is no
    # adherence figure to show yet, rather than a 0 % that would shame her.
    row = tp.get_by_role("row", name=re.compile(r"^Ada Moss"))
    expect(row.get_by_role("cell").nth(2)).to_have_text("–")
    assert not [u for u in asked if "/adherence" in u], asked
    screenshot(tp, "therapist-patients")
    tp.get_by_role("link", name="Ada Moss").click()
    expect(tp.get_by_test_id("timeline")).to_be_visible()
    screenshot(tp, "therapist-patient")
    tp.get_by_role("link", name="Alerts").click()
    expect(tp.get_by_text("Pain above limit during exercise")).to_be_visible()
    screenshot(tp, "therapist-alerts")
    phone.close()
    pctx.close()
