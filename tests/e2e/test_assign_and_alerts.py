"""The therapist at a desk (1280 px): assigns with sense (labelled dose fields with the dose
now, errors in words next to the field and gone once fixed, a far start date confirmed, an
end never before the start), declines a progression proposal with a reason, pauses,
resumes and ends a program with a reason, and works the alerts inbox (a sentence each, a
count on the tab, resolved with a note, listed with who and when). Each screen is audited."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Alert, AlertKind
from alerts.services import alert_raise
from assignments.models import Assignment, Evaluation, ProgressionState
from tests.e2e.a11y import Audit
from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient
from tests.e2e.test_pwa_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AEROBIC = "Aerobic exercise 3 times a week (building from moderate to vigorous)"
DNF = "Deep neck flexor (chin nod) progression"


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def _world():
    therapist, patient = clinic_patient("ada@example.test")
    therapist.first_name, therapist.last_name = "Sam", "Lee"
    therapist.save(update_fields=["first_name", "last_name"])
    program = assign_template(patient, therapist, "deep-neck-flexor-progression")
    Evaluation.objects.update_or_create(assignment=program, defaults={
        "state": ProgressionState.READY_TO_ADVANCE, "phase": 0, "proposed_phase": 1,
        "reasons": ["Five full-dose sessions in 14 days with pain at most 2."],
        "evaluated_on": patient.local_today(), "evaluated_at": timezone.now()})
    proposal = alert_raise(patient=patient, kind=AlertKind.PROGRESSION_PROPOSAL, details={
        "assignment": program.pk, "program": DNF, "direction": "advance", "from_phase": 0,
        "to_phase": 1, "to_phase_name": "Stage 2", "date": "2026-11-27",
        "reason": "Five full-dose sessions in 14 days with pain at most 2."})
    pain = alert_raise(patient=patient, kind=AlertKind.PAIN_ABOVE_LIMIT,
                       details={"pain_during": 7, "limit": 5, "date": "2026-11-27"})
    return therapist, patient, program, proposal, pain


def test_assign_with_sense_and_work_the_alerts(live_server, desk, screenshot):
    therapist, patient, program, proposal, pain = _world()
    page, audit = desk, Audit()
    sign_in(page, live_server.url, therapist.email, PASSWORD)
    tab = page.get_by_role("navigation", name="Main").get_by_role("link", name="Alerts")
    expect(tab).to_contain_text("2 open")

    page.get_by_role("link", name=patient.get_full_name()).click()
    expect(page.get_by_role("heading", name=patient.get_full_name())).to_be_visible()

    # --- The dose form: exercise names, the dose now, labelled fields ---------------------
    form = page.get_by_role("form", name="Assign a program")
    form.locator("select[name=template]").select_option("aerobic-3x-week")
    form.get_by_text("Dose changes (optional)").click()
    dose = form.get_by_role("group", name="Aerobic session (brisk walking, cycling or swimming)")
    expect(dose).to_contain_text("now 25 min")  # the template's first phase, in words
    minutes = dose.get_by_label("Minutes")
    expect(dose.get_by_text("now 25", exact=True)).to_be_visible()
    minutes.fill("300")
    form.get_by_role("button", name="Assign", exact=True).click()
    expect(dose.get_by_text("Minutes must be a whole number from 1 to 240.")).to_be_visible()
    expect(minutes).to_be_focused()  # the first error, scrolled to and focused
    audit.screen(page, "assign form with an error next to the field")
    minutes.fill("30")
    expect(dose.get_by_text("Minutes must be a whole number from 1 to 240.")).to_have_count(0)

    # The server's refusal, in words beside the field it names (the days are the
    # therapist's choice in this program); never a field path.
    form.get_by_role("button", name="Assign", exact=True).click()
    expect(dose.get_by_text("Choose the days of the week for this exercise with the patient"
                            )).to_be_visible()
    expect(form.get_by_text("Please check: days for Aerobic session")).to_be_visible()
    expect(page.get_by_text("overrides.")).to_have_count(0)
    for day in ("Tue", "Thu", "Sat"):
        dose.get_by_label(day, exact=True).check()
    expect(dose.get_by_text("Choose the days of the week")).to_have_count(0)

    # An end date before the start is refused next to it, and goes once fixed.
    today = date.today()
    form.get_by_label("End date (optional)").fill((today - timedelta(days=3)).isoformat())
    form.get_by_role("button", name="Assign", exact=True).click()
    expect(form.get_by_text("The end date must not be before the start date.")).to_be_visible()
    form.get_by_label("End date (optional)").fill("")
    expect(form.get_by_text("The end date must not be before the start date.")).to_have_count(0)

    # A start far in the past, then far ahead, asks first.
    form.get_by_label("Start date").fill((today - timedelta(days=60)).isoformat())
    form.get_by_role("button", name="Assign", exact=True).click()
    expect(form.get_by_text("The start date is 60 days ago")).to_be_visible()
    form.get_by_role("button", name="Change the date").click()
    assert not Assignment.objects.filter(template__slug="aerobic-3x-week").exists()
    later = today + timedelta(days=120)
    form.get_by_label("Start date").fill(later.isoformat())
    form.get_by_role("button", name="Assign", exact=True).click()
    expect(form.get_by_text("The start date is 120 days away")).to_be_visible()
    form.get_by_role("button", name="Assign from").click()
    aerobic = page.get_by_role("article").filter(has_text=AEROBIC)
    expect(aerobic).to_be_visible()
    created = Assignment.objects.get(template__slug="aerobic-3x-week")
    assert created.start_date == later
    assert sorted(i.days_of_week for i in created.items.all())[0] == ["tue", "thu", "sat"]
    assert {i.duration_minutes for i in created.items.filter(phase=0)} == {30}

    # --- Decline the proposal: a reason, then who and why beside the program ------------
    dnf = page.get_by_role("article").filter(has_text=DNF)
    dnf.get_by_role("button", name="Decline", exact=True).click()
    dnf.get_by_role("button", name="Decline proposal").click()
    expect(dnf.get_by_text("Say why you decline the proposal.")).to_be_visible()
    audit.screen(page, "declining a proposal, the reason asked")
    dnf.get_by_label("Reason").fill("She travels next week; we move on after.")
    dnf.get_by_role("button", name="Decline proposal").click()
    expect(dnf.get_by_test_id("declined")).to_contain_text(
        "Declined by Sam Lee on")
    expect(dnf.get_by_test_id("declined")).to_contain_text("She travels next week")
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.resolved_by, proposal.note) == (
        "declined", therapist, "She travels next week; we move on after.")
    expect(tab).to_contain_text("1 open")
    program.refresh_from_db()
    assert program.current_phase == 0

    # --- Pause, resume, end with a reason ---------------------------------------------
    dnf.get_by_role("button", name="Pause").click()
    expect(dnf.get_by_text("Status: Paused")).to_be_visible()
    dnf.get_by_role("button", name="Resume").click()
    expect(dnf.get_by_text("Status: Active")).to_be_visible()
    dnf.get_by_role("button", name="End", exact=True).click()
    expect(dnf.get_by_text(f"End {DNF}?")).to_be_visible()
    dnf.get_by_role("button", name="End program").click()
    expect(dnf.get_by_text("Say why you end the program.")).to_be_visible()
    assert Assignment.objects.get(pk=program.pk).status == "active"
    dnf.get_by_label("Why are you ending it?").fill("Goals met; discharged to self-care.")
    dnf.get_by_role("button", name="End program").click()
    expect(dnf.get_by_test_id("ended")).to_have_text(
        "Ended by Sam Lee: Goals met; discharged to self-care.")
    program.refresh_from_db()
    assert (program.status, program.ended_by, program.ended_reason) == (
        "ended", therapist, "Goals met; discharged to self-care.")
    screenshot(page, "therapist-assignments")

    # --- The inbox: a sentence each, resolved with a note, who and when ---------------
    tab.click()
    expect(page.get_by_role("heading", name="Alerts", exact=True)).to_be_visible()
    inbox = page.get_by_test_id("alerts")
    expect(inbox).to_contain_text("Pain 7 during exercise on Fri 27 Nov, above the limit of 5.")
    expect(inbox.get_by_text("pain_during")).to_have_count(0)
    inbox.get_by_role("button", name="Resolve").click()
    audit.screen(page, "alerts inbox, resolving with a note")
    inbox.get_by_label("Note (optional)").fill("Called Ada: dose lowered to 8 reps.")
    inbox.get_by_role("button", name="Resolve alert").click()
    expect(page.get_by_text("No open alerts.")).to_be_visible()
    expect(tab).not_to_contain_text("open")
    resolved = page.get_by_test_id("resolved-alerts")
    expect(resolved).to_contain_text("Resolved by Sam Lee")
    expect(resolved).to_contain_text("Called Ada: dose lowered to 8 reps.")
    expect(resolved).to_contain_text("Declined by Sam Lee")
    expect(resolved).to_contain_text("She travels next week; we move on after.")
    pain = Alert.objects.get(pk=pain.pk)
    assert (pain.status, pain.resolved_by, pain.note) == (
        "resolved", therapist, "Called Ada: dose lowered to 8 reps.")
    audit.screen(page, "alerts inbox with resolved alerts")
    screenshot(page, "therapist-alerts")
    assert not audit.problems, audit.report()
