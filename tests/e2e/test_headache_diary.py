"""The headache diary on a 360 px phone (issue 12): the common case in three taps, yesterday's
migraine with a triptan in at most six, past entries corrected and deleted, online and
offline through the outbox, every screen through the accessibility audit."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from logs.models import HeadacheLog
from tests.e2e.a11y import Audit
from tests.e2e.pwa import clinic_patient, phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PEAK = "How bad is it at its worst? (0–10)"
KIND = "What kind of headache? (optional)"
START = "When did it start?"


class Taps:
    """Every tap the patient makes, counted."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def radio(self, group: str, name: str):
        self.count += 1
        self.page.get_by_role("group", name=group).get_by_role(
            "radio", name=name, exact=True).check()

    def click(self, locator):
        self.count += 1
        locator.click()

    def choose(self, label: str, option: str):
        self.count += 1
        self.page.get_by_label(label, exact=True).select_option(label=option)


def test_log_edit_delete_a_headache_at_360px_online_and_offline(live_server, browser):
    _, patient = clinic_patient("noor@example.test")
    context, page, errors = phone_page(browser, live_server.url, patient.email, width=360,
                                       height=780)
    audit = Audit()
    page.get_by_role("link", name="Headache").click()
    save = page.get_by_role("button", name="Save headache")

    # The common case: how bad, what kind, save (it started just now).
    taps = Taps(page)
    taps.radio(PEAK, "5")
    taps.radio(KIND, "Tension-type")
    taps.click(save)
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert taps.count == 3
    tension = HeadacheLog.objects.get()
    assert (tension.kind, tension.peak_pain, tension.ended_at) == ("tension", 5, None)

    # Yesterday's migraine with a triptan: at most six taps.
    taps = Taps(page)
    taps.radio(START, "Yesterday")
    taps.radio(PEAK, "7")
    taps.radio(KIND, "Migraine")
    taps.click(page.get_by_text("More details (optional)"))
    taps.choose("Medication", "Sumatriptan")
    audit.screen(page, "headache form with more details", patient=True)
    taps.click(save)
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert taps.count <= 6, taps.count
    migraine = HeadacheLog.objects.get(kind="migraine")
    assert migraine.migraine and migraine.local_date == patient.local_today() - timedelta(days=1)
    assert [(m.medication.slug, m.drug_class) for m in migraine.medications.all()] == [
        ("sumatriptan", "triptan")]

    # Past entries: correct the migraine's pain.
    page.get_by_role("link", name="Past headaches").click()
    expect(page.get_by_role("heading", name="Your past headaches")).to_be_visible()
    expect(page.get_by_text("Peak 7/10 · Migraine")).to_be_visible()
    # The month calendar beside them: a letter for each day, not colour alone.
    expect(page.get_by_role("heading", name="Your month")).to_be_visible()
    # Yesterday's migraine is still going: it counts today too (at most 3 days open).
    today = page.get_by_role("cell", name=re.compile(rf"^{patient.local_today().day}\s*Migraine$"))
    expect(today).to_be_visible()
    audit.screen(page, "past headaches and the month calendar", patient=True)
    page.get_by_role("button", name="Edit").nth(1).click()
    expect(page.get_by_role("heading", name="Correct a headache")).to_be_visible()
    audit.screen(page, "correcting a headache", patient=True)
    page.get_by_role("group", name=PEAK).get_by_role("radio", name="6", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Peak 6/10 · Migraine")).to_be_visible()
    migraine.refresh_from_db()
    assert (migraine.peak_pain, migraine.version) == (6, 2)
    assert migraine.medications.count() == 1 and migraine.started_at == HeadacheLog.objects.get(
        pk=migraine.pk).started_at

    # Offline: correct the tension headache and delete the migraine, then back online.
    context.set_offline(True)
    page.get_by_role("button", name="Edit").first.click()
    page.get_by_role("group", name=PEAK).get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Peak 2/10 · Tension-type")).to_be_visible()
    page.get_by_role("button", name="Delete").nth(1).click()
    audit.screen(page, "confirming a deletion", patient=True)
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.get_by_text("Peak 6/10 · Migraine")).to_have_count(0)
    expect(page.get_by_text("2 entries waiting to sync")).to_be_visible()
    assert HeadacheLog.objects.get(pk=tension.pk).peak_pain == 5
    context.set_offline(False)
    expect(page.get_by_text("waiting to sync")).to_have_count(0, timeout=15_000)
    tension.refresh_from_db()
    assert (tension.peak_pain, tension.version) == (2, 2)
    assert list(HeadacheLog.objects.all()) == [tension]
    assert HeadacheLog.all_objects.get(pk=migraine.pk).deleted_at is not None
    assert not errors, errors
    assert not audit.problems, audit.report()
