"""Issue 13 defects at 320 px (the narrowest phone, and 400% zoom of a 1280 px window):
the last tab wrapped ("Reminder / s"), the headache form's quick-choice chips wrapped
against their border, "How to do it" folds had no marker, the soreness chart had no axes
and cut its last point in half, and the therapist's header took four lines."""

import uuid
from datetime import datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from assignments.models import WEEKDAYS
from assignments.services import assignment_create
from library.models import ProgramTemplate
from logs.services import session_log_submit
from tests.e2e.pwa import PASSWORD, clinic_patient, phone_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABS_ON_ONE_LINE = """() => [...document.querySelectorAll("nav.tabs a")].map((a) => {
    const range = document.createRange();
    range.selectNodeContents(a);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return [a.textContent, lines.size];
})"""

CHIPS_INSIDE = """(group) => [...document.querySelectorAll("fieldset.scale")]
    .filter((f) => f.querySelector("legend").textContent === group)
    .flatMap((f) => [...f.querySelectorAll("label.chip")]).map((chip) => {
        const box = chip.getBoundingClientRect(), span = chip.querySelector("span");
        const text = span.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(span);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
        // At least 4 px of air between the words and the chip's border, on one line.
        return [span.textContent, lines === 1 && text.left >= box.left + 4
                && text.right <= box.right - 4 && box.right <= innerWidth];
    })"""

SUMMARY_MARKERS = """() => [...document.querySelectorAll("details > summary")].map((s) => {
    const before = getComputedStyle(s, "::before").content;
    const marker = getComputedStyle(s).display === "list-item"
        || (before && before !== "none" && before !== "normal");
    return [s.textContent, marker];
})"""

CHART = """(title) => {
    const fig = [...document.querySelectorAll("figure.chart")]
        .find((f) => f.querySelector("figcaption")?.textContent === title);
    const svg = fig.querySelector("svg");
    const [, , w, h] = svg.getAttribute("viewBox").split(" ").map(Number);
    const dots = [...svg.querySelectorAll("circle")].map((c) => {
        const x = +c.getAttribute("cx"), y = +c.getAttribute("cy"), r = +c.getAttribute("r");
        return x - r >= 0 && x + r <= w && y - r >= 0 && y + r <= h;
    });
    return { labels: [...svg.querySelectorAll("text")].map((t) => t.textContent),
             axes: svg.querySelectorAll(".axis").length, dots };
}"""


def three_weeks_of_sessions(patient, therapist):
    """A program from two weeks ago with a session (and its soreness) in each week."""
    template = (ProgramTemplate.objects.filter(slug="neck-shoulder-stretching")
                .order_by("-version").first())
    today = patient.local_today()
    start = today - timedelta(days=14)
    slugs = [i["exercise"] for i in template.phases[0]["items"]]
    assignment = assignment_create(
        patient=patient, template=template, start_date=start, created_by=therapist,
        overrides={slug: {"days_of_week": list(WEEKDAYS)} for slug in slugs})
    first = template.phases[0]["items"][0]  # relaxation breathing: 3 minutes
    minutes = first["prescription"]["duration_minutes"]
    for days_ago, soreness in ((14, 2), (7, 4), (0, 6)):
        day = today - timedelta(days=days_ago)
        session_log_submit(
            patient=patient, client_id=uuid.uuid4(), assignment_id=assignment.pk,
            performed_at=datetime.combine(day, time(0, 30), tzinfo=patient.zone) if days_ago
            else datetime.now(patient.zone) - timedelta(minutes=1),
            entries=[{"exercise": first["exercise"], "sets": None, "reps": None,
                      "hold_seconds": None, "duration_minutes": minutes, "rpe": None}],
            pain_during=1, soreness_after=soreness)
    return assignment


def test_patient_screens_at_320_px(live_server, browser, screenshot):
    therapist, patient = clinic_patient("nell@example.test")
    three_weeks_of_sessions(patient, therapist)
    context, page, errors = phone_page(browser, live_server.url, patient.email,
                                       width=320, height=720)

    # The header is one row: name, theme, Account, Sign out.
    assert page.evaluate("() => document.querySelector('header.top').offsetHeight") < 70
    tabs = page.evaluate(TABS_ON_ONE_LINE)
    assert all(lines == 1 for _, lines in tabs), tabs
    markers = page.evaluate(SUMMARY_MARKERS)
    assert markers and all(marker for _, marker in markers), markers
    screenshot(page, "patient-today-320")

    page.get_by_role("link", name="Headache").click()
    expect(page.get_by_role("heading", name="Log a headache")).to_be_visible()
    chips = page.evaluate(CHIPS_INSIDE, "When did it start?")
    # Every quick choice of the diary's start ("Just now" .. "Yesterday" and the days
    # before it) stays inside the screen.
    assert len(chips) >= 4 and all(inside for _, inside in chips), chips
    screenshot(page, "patient-headache-320")

    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Progress", exact=True)).to_be_visible()
    chart = page.evaluate(CHART, "Highest neck soreness by week")
    assert chart["axes"] >= 2, chart
    assert "0" in chart["labels"] and "10" in chart["labels"], chart
    assert len(chart["dots"]) == 3 and all(chart["dots"]), chart  # the last point whole
    page.locator("figure.chart").last.scroll_into_view_if_needed()
    screenshot(page, "patient-progress-320", dark=True)
    assert errors == []
    context.close()


def test_therapist_header_at_phone_width(live_server, browser, screenshot):
    therapist, patient = clinic_patient("ola@example.test")
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_label("Email").fill(therapist.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Patients")).to_be_visible()
    for width in (360, 320):
        page.set_viewport_size({"width": width, "height": 740})
        # Two rows at most: the name with theme and sign-out, then the menu.
        height = page.evaluate(
            "() => document.querySelector('header.top').getBoundingClientRect().height")
        assert height <= 2 * 56 + 24, f"{width} px: the header is {height} px tall"
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    screenshot(page, "therapist-header-320")
    context.close()
