"""A therapist, at a desk, sees a patient's program with its doses in words, changes a dose
(a value past the schema's limit is refused next to the field), and the patient's Today on
a phone shows the new dose with a notice that the program changed."""

import pytest
from playwright.sync_api import expect

from assignments.models import ProgramChange
from tests.e2e.a11y import axe_violations, faint_controls
from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient, phone_page
from tests.e2e.test_pwa_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_DOSE = "10 x 12 s hold, rest 10 s, 2 times a day"


def test_a_dose_change_reaches_the_patients_today(live_server, browser, screenshot):
    therapist, patient = clinic_patient("program@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression",
                    every_day=["ccf-nod-no-cuff"])

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, live_server.url, therapist.email, PASSWORD)
    page.get_by_role("link", name=f"{patient.first_name} {patient.last_name}").click()

    program = page.get_by_test_id("program-" + str(patient.assignments.get().pk))
    item = program.get_by_test_id("item-ccf-nod-no-cuff")
    # Every day of the week is said as nothing: the dose alone.
    expect(item.get_by_test_id("dose-text")).to_have_text(
        "10 x 10 s hold, rest 10 s, 2 times a day")
    expect(program.get_by_test_id("schedule")).to_contain_text("Started")
    expect(program.get_by_test_id("phase-timeline").locator("li")).to_have_count(6)
    expect(program.get_by_test_id("phase-timeline").locator("[aria-current=step]")).to_contain_text(
        "Learn the nod (no cuff)")

    item.get_by_role("button", name="Change dose").click()
    form = item.get_by_test_id("dose-form")
    hold = form.get_by_label("Hold (s)")
    expect(hold).to_have_value("10")
    expect(form.get_by_text("Now: 10 s · 1 to 600 s")).to_be_visible()
    hold.fill("700")
    form.get_by_role("button", name="Save dose").click()
    expect(form.get_by_text("Hold (seconds) must be a whole number from 1 to 600.")).to_be_visible()
    expect(hold).to_be_focused()
    assert not axe_violations(page) + faint_controls(page)
    screenshot(page, "program-editor-error")

    hold.fill("12")
    expect(form.get_by_text("Hold (seconds) must be a whole number")).to_have_count(0)
    form.get_by_label("Why (kept in the history)").fill("All 10 holds without substitution.")
    form.get_by_role("button", name="Save dose").click()
    expect(program.get_by_text("Saved. The patient sees the new program")).to_be_visible()
    expect(item.get_by_test_id("dose-text")).to_have_text(NEW_DOSE)
    history = program.get_by_test_id("program-history")
    expect(history).to_contain_text("hold 10 s → 12 s")
    expect(history).to_contain_text("why: All 10 holds without substitution.")
    assert ProgramChange.objects.get().changed_by == therapist
    assert not axe_violations(page) + faint_controls(page)
    program.scroll_into_view_if_needed()
    screenshot(page, "program-editor")
    assert not errors
    desk.close()

    phone, today, phone_errors = phone_page(browser, live_server.url, patient.email, width=360,
                                            height=780)
    expect(today.get_by_text("Your program changed")).to_be_visible()
    card = today.get_by_role("article", name="Chin nod")
    expect(card.get_by_text(NEW_DOSE)).to_be_visible()
    assert not axe_violations(today)
    screenshot(today, "program-changed-today")
    assert not phone_errors
    phone.close()


def test_adding_an_exercise_and_moving_the_phase_by_hand(live_server, browser, screenshot):
    therapist, patient = clinic_patient("moves@example.test")
    assignment = assign_template(patient, therapist, "deep-neck-flexor-progression",
                                 every_day=["ccf-nod-no-cuff"])
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    sign_in(page, live_server.url, therapist.email, PASSWORD)
    page.get_by_role("link", name=f"{patient.first_name} {patient.last_name}").click()
    program = page.get_by_test_id(f"program-{assignment.pk}")

    add = program.get_by_role("form", name="Add an exercise to this phase")
    # The self-SNAG loads the upper neck: no screening is recorded, so it is refused.
    add.get_by_label("Exercise").select_option(label="C1-C2 self-SNAG with a towel")
    add.get_by_label("Side (toward the restricted side)").select_option(label="Left")
    add.get_by_role("button", name="Add exercise").click()
    expect(add.get_by_role("alert")).to_contain_text("needs a clear screening first")
    assert not assignment.items.filter(exercise__slug="c1-c2-self-snag").exists()

    add.get_by_label("Exercise").select_option(label="Upper trapezius stretch")
    add.get_by_label("Why (kept in the history)").fill("Tight upper trapezius.")
    add.get_by_role("button", name="Add exercise").click()
    expect(program.get_by_test_id("item-upper-trapezius-stretch").get_by_test_id("dose-text")
           ).to_have_text("3 x 30 s hold, each side, 2 times a day")

    move = program.get_by_role("form", name="Move the phase by hand")
    move.get_by_role("button", name="Move phase").click()
    expect(move.get_by_role("alert")).to_have_text("Say why you are moving the phase.")
    move.get_by_label("Move to").select_option(label="2. Stage 1: 22 mmHg")
    move.get_by_label("Why (kept in the history)").fill("Nod learnt in clinic today.")
    move.get_by_role("button", name="Move phase").click()
    program = page.get_by_test_id(f"program-{assignment.pk}")
    expect(program.get_by_test_id("phase-timeline").locator("[aria-current=step]")).to_contain_text(
        "Stage 1: 22 mmHg")
    history = program.get_by_test_id("program-history")
    expect(history.locator("li").first).to_contain_text(
        "Moved from “Learn the nod (no cuff)” to “Stage 1: 22 mmHg”")
    expect(history).to_contain_text("why: Nod learnt in clinic today.")
    expect(history).to_contain_text("Added Upper trapezius stretch to “Learn the nod (no cuff)”.")
    assignment.refresh_from_db()
    assert assignment.current_phase == 1
    assert not axe_violations(page) + faint_controls(page)
    screenshot(page, "program-editor-moved")
    desk.close()
