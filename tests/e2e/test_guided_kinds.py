"""The guided session for every kind of exercise the shipped templates use: sets of counted
reps on each side, aerobic minutes and effort, timed exercises, checklists and stretches
held on each side. What is saved (SessionLog / SessionEntry) is what the patient did:
a set counted short, a step skipped or an exercise never reached shows in the log."""

import pytest
from playwright.sync_api import expect

from logs.models import SessionLog
from tests.e2e.pwa import assign_template, clinic_patient, phone_page, pick

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def entries(assignment) -> dict[str, tuple]:
    log = SessionLog.objects.get(assignment=assignment)
    return {e.exercise.slug: (e.sets, e.reps, e.hold_seconds, e.duration_minutes, e.rpe)
            for e in log.entries.select_related("exercise")}


def save_session(page, pain="1", soreness="1", pains: dict[str, str] | None = None):
    """`pains`: one rating per program of the session, by the start of its question."""
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible(timeout=20_000)
    if pains:
        for question, value in pains.items():
            page.get_by_role("group", name=question).get_by_role(
                "radio", name=value, exact=True).check()
    else:
        pick(page, "Pain during the exercises (0 none – 10 worst)", pain)
    pick(page, "Neck soreness now (0 none – 10 worst)", soreness)
    pick(page, "Did this bring on a headache?", "No")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()


def step(page, text):
    expect(page.get_by_text(text, exact=True)).to_be_visible(timeout=10_000)


def count_reps(page, n):
    for _ in range(n):
        page.get_by_role("button", name="+1 rep").click()


def test_counted_reps_on_each_side_and_an_early_finish(live_server, browser):
    therapist, patient = clinic_patient("rita@example.test")
    # The low-load endurance phase: 10 x 10 s setting holds, then two side-lying exercises,
    # 2 sets of 10 on each side.
    assignment = assign_template(patient, therapist, "scapular-stability", phase=1,
                                 every_day=["side-lying-external-rotation",
                                            "side-lying-forward-flexion"])
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    expect(page.get_by_text("2 sets of 10 reps, each side")).to_have_count(2)
    page.get_by_role("button", name="Start guided session").click()

    step(page, "Hold 1 of 10")
    page.get_by_role("button", name="Start", exact=True).click()
    # External rotation: counted 10, then "Set done" without counting (the set as
    # prescribed), then 8 counted on the first side of set 2.
    expect(page.get_by_role("heading", name="Side-lying shoulder external rotation")).to_be_visible(
        timeout=20_000)
    step(page, "Set 1 of 2 · first side")
    count_reps(page, 10)
    expect(page.get_by_text("10 of 10 reps")).to_be_visible()
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 1 of 2 · other side")
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 2 of 2 · first side")  # after a rest that runs by itself
    count_reps(page, 8)
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 2 of 2 · other side")
    page.get_by_role("button", name="Set done").click()
    # Forward raise: one set on each side, then the patient finishes early.
    expect(page.get_by_role("heading", name="Side-lying forward arm raise")).to_be_visible()
    step(page, "Set 1 of 2 · first side")
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 1 of 2 · other side")
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 2 of 2 · first side")
    page.get_by_role("button", name="Finish").click()
    save_session(page, pain="2", soreness="1")

    assert entries(assignment) == {
        "scapular-setting": (None, 10, 10, None, None),
        "side-lying-external-rotation": (2, 8, None, None, None),  # the fewest reps in a set
        "side-lying-forward-flexion": (1, 10, None, None, None),  # one whole set
    }
    assert errors == []
    context.close()


def test_aerobic_minutes_and_effort(live_server, browser):
    therapist, patient = clinic_patient("ari@example.test")
    assignment = assign_template(patient, therapist, "aerobic-3x-week",
                                 every_day=["aerobic-session"])
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("button", name="Start guided session").click()
    # The session's plan from the template, then what was done.
    expect(page.get_by_text("Warm up: 10 min, effort 11-13")).to_be_visible()
    expect(page.get_by_text("Main part: 10 min, effort 12-13")).to_be_visible()
    minutes = page.get_by_label("Minutes of exercise")
    expect(minutes).to_have_value("25")
    minutes.fill("20")
    pick(page, "Effort (Borg RPE 6-20)", "13")
    page.get_by_role("button", name="Done", exact=True).click()
    save_session(page)

    assert entries(assignment) == {"aerobic-session": (None, None, None, 20, 13)}
    assert errors == []
    context.close()


def test_timed_checklists_and_stretches_on_each_side_across_two_programs(live_server, browser):
    therapist, patient = clinic_patient("sol@example.test")
    self_care = assign_template(patient, therapist, "headache-self-care",
                                every_day=["tender-point-self-pressure", "workstation-checklist"])
    stretches = assign_template(patient, therapist, "neck-shoulder-stretching")
    context, page, errors = phone_page(browser, live_server.url, patient.email)
    page.get_by_role("button", name="Start guided session").click()

    # Self-care: the self-SNAG (2 held reps on each side), 2 minutes of tender-point
    # pressure, the breathing skipped, the workstation list ticked, the sleep check skipped.
    expect(page.get_by_role("heading", name="C1-C2 self-SNAG with a towel")).to_be_visible()
    step(page, "Set 1 of 1 · first side")
    page.get_by_role("button", name="Set done").click()
    step(page, "Set 1 of 1 · other side")
    page.get_by_role("button", name="Set done").click()
    expect(page.get_by_role("heading", name="Tender-point self-pressure")).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name="Slow diaphragmatic breathing")).to_be_visible(
        timeout=10_000)
    page.get_by_role("button", name="Skip").click()
    expect(page.get_by_role("heading", name="Workstation check")).to_be_visible()
    # A checklist shows its list to go through, open.
    expect(page.get_by_role("listitem").filter(
        has_text="You take short breaks to move and change position.")).to_be_visible()
    page.get_by_role("button", name="Done", exact=True).click()
    expect(page.get_by_role("heading", name="Sleep position check")).to_be_visible()
    page.get_by_role("button", name="Skip").click()

    # Stretches: 3 minutes of breathing, the upper trapezius 3 x 30 s on each side in turn;
    # the levator stretch is never started.
    expect(page.get_by_role("heading", name="Slow diaphragmatic breathing")).to_be_visible()
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name="Upper trapezius stretch")).to_be_visible(
        timeout=10_000)
    step(page, "Hold 1 of 3 · first side")
    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.get_by_role("heading", name="Levator scapulae stretch")).to_be_visible(
        timeout=20_000)
    step(page, "Hold 1 of 3 · first side")  # waits for Start: a new exercise
    page.wait_for_timeout(300)
    step(page, "Hold 1 of 3 · first side")
    page.get_by_role("button", name="Finish").click()
    save_session(page, pains={"Pain during C1-C2": "3", "Pain during Slow": "1"})

    assert entries(self_care) == {
        "c1-c2-self-snag": (1, 2, 3, None, None),
        "tender-point-self-pressure": (None, None, None, 2, None),
        "workstation-checklist": (None, None, None, None, None),
    }
    assert entries(stretches) == {
        "relaxation-breathing": (None, None, None, 3, None),
        "upper-trapezius-stretch": (None, 3, 30, None, None),  # 3 on each side
    }
    # One pain rating per program, never one copied to all; the soreness now is one answer.
    assert {log.assignment_id: (log.pain_during, log.soreness_after)
            for log in SessionLog.objects.all()} == {self_care.pk: (3, 1), stretches.pk: (1, 1)}
    assert errors == []
    context.close()
