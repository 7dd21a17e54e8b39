"""Exercise demonstrations in the browser (issue 14, item 1): the therapist's gallery draws
every library exercise's figure, animated, and as stills under reduced motion; each has its
text alternative. `HEP_SCREENSHOTS=1` saves one picture of each into docs/demonstrations/
(the key poses side by side) for a clinician to check against the instructions."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from library.models import Exercise
from tests.e2e.a11y import Audit
from tests.e2e.pwa import PASSWORD, assign_template, clinic_patient, phone_page
from tests.e2e.test_pwa_journey import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PICTURES = Path(__file__).resolve().parents[2] / "docs" / "demonstrations"


def figure_markup(card) -> str:
    return card.locator("svg[data-figure]").first.inner_html()


def test_the_gallery_draws_every_exercise_animated_and_as_stills(live_server, page, tmp_path):
    therapist, _ = clinic_patient("gallery@example.test")
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, therapist.email, PASSWORD)
    page.get_by_role("link", name="Demonstrations").click()
    expect(page.get_by_role("heading", name="Exercise demonstrations")).to_be_visible()

    exercises = list(Exercise.objects.order_by("name"))
    assert len(exercises) == 18
    for exercise in exercises:
        card = page.locator(f'[data-exercise="{exercise.slug}"]')
        if exercise.kind == "checklist":
            expect(card).to_contain_text("No drawing: ")
            expect(card.locator("svg")).to_have_count(0)
            continue
        drawing = card.get_by_role("img", name=exercise.demonstration["text"])
        expect(drawing).to_be_visible()
        expect(card.locator('[data-demo="animated"] svg[data-figure]')).to_have_count(1)
        # The figure: a head, a trunk and limbs drawn with some size.
        box = card.locator("svg[data-figure]").bounding_box()
        assert box and box["width"] > 150 and box["height"] > 100, exercise.slug
        assert card.locator("svg[data-figure] circle").count() >= 3, exercise.slug
        assert card.locator("svg[data-figure] path").count() >= 4, exercise.slug

    # It moves: the band row's figure is drawn differently a moment later.
    band = page.locator('[data-exercise="band-row"]')
    before = figure_markup(band)
    page.wait_for_timeout(1200)
    assert figure_markup(band) != before
    # Freezing it stops it (WCAG 2.2.2).
    band.get_by_role("button", name="Freeze the drawing").click()
    paused = figure_markup(band)
    page.wait_for_timeout(600)
    assert figure_markup(band) == paused

    page.emulate_media(reduced_motion="reduce")
    folder = PICTURES if os.environ.get("HEP_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for exercise in exercises:
        if exercise.kind == "checklist":
            continue
        card = page.locator(f'[data-exercise="{exercise.slug}"]')
        stills = card.locator('[data-demo="stills"]')
        expect(stills).to_be_visible()
        poses = exercise.demonstration["poses"]
        expect(stills.locator("svg[data-figure]")).to_have_count(len(poses))
        expect(stills.get_by_role("img", name=exercise.demonstration["text"])).to_be_visible()
        for pose in poses:
            expect(stills).to_contain_text(pose["name"])
        still = stills.locator("svg[data-figure]").first.inner_html()
        page.wait_for_timeout(50)
        assert stills.locator("svg[data-figure]").first.inner_html() == still  # not moving
        card.scroll_into_view_if_needed()
        stills.screenshot(path=str(folder / f"{exercise.slug}.png"))
        assert (folder / f"{exercise.slug}.png").stat().st_size > 2000
    # The chin nod's dial reads the target at the held nod (10 holds of 10 s at 22 mmHg).
    cuff = page.locator('[data-exercise="ccf-pressure-biofeedback"] [data-demo="stills"]')
    expect(cuff).to_contain_text("20 mmHg")
    expect(cuff).to_contain_text("22 mmHg")
    expect(cuff).to_contain_text("hold 10 s")
    page.emulate_media(reduced_motion="null")

    audit = Audit()
    page.evaluate("() => window.scrollTo(0, 0)")
    audit.screen(page, "demonstrations gallery")
    assert not audit.problems, audit.report()


def test_the_guided_session_draws_the_exercise_beside_the_countdown(live_server, browser,
                                                                   screenshot):
    therapist, patient = clinic_patient("nodding@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression",
                    every_day=("ccf-nod-no-cuff",))
    nod = Exercise.objects.get(slug="ccf-nod-no-cuff").demonstration
    context, page, errors = phone_page(browser, live_server.url, patient.email, width=360,
                                       height=780)
    page.get_by_role("button", name="Start guided session").click()
    expect(page.get_by_role("heading", name="Chin nod", exact=False)).to_be_visible()
    drawing = page.get_by_role("img", name=nod["text"])
    expect(drawing).to_be_visible()
    expect(drawing.locator("svg[data-figure]")).to_have_count(1)
    timer = page.get_by_role("timer")
    expect(timer).to_be_visible()
    # The step leads: at "Hold 1 of 10" the figure moves into the held nod and stays there.
    caption = page.locator('[data-demo="animated"] .demo-caption')
    expect(page.get_by_text("Hold 1 of 10")).to_be_visible()
    expect(caption).to_have_text("2. Gentle nod, held")
    # Both on the phone's first screen: the patient sees the drawing while the time runs.
    for element in (drawing, timer):
        box = element.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 780, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    screenshot(page, "guided-demonstration")

    page.emulate_media(reduced_motion="reduce")
    stills = page.locator('[data-demo="stills"]')
    expect(stills.locator("svg[data-figure]")).to_have_count(len(nod["poses"]))
    expect(stills.get_by_role("img", name=nod["text"])).to_be_visible()
    page.emulate_media(reduced_motion="null")

    audit = Audit()
    audit.screen(page, "guided session with its demonstration", patient=True)
    assert not audit.problems, audit.report()
    assert not errors
    context.close()
