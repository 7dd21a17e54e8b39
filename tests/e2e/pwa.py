"""Shared steps for the browser tests: a patient on a phone, signed in, and a loaded program."""

from datetime import timedelta

from django.core.management import call_command
from playwright.sync_api import expect

from assignments.models import WEEKDAYS
from assignments.services import assignment_create, assignment_update, screening_record
from library.models import Exercise, ProgramTemplate
from tests.factories import ClinicFactory, PatientFactory, TherapistFactory

PASSWORD = "correct-horse-battery"  # tests.factories' default


def pick(page, group: str, value: str):
    page.get_by_role("group", name=group).get_by_role("radio", name=value, exact=True).check()


def clinic_patient(email: str):
    """A patient of a fresh clinic, in the browser's zone (Europe/London, conftest)."""
    call_command("load_programs", verbosity=0)
    therapist = TherapistFactory(clinic=ClinicFactory())
    patient = PatientFactory(clinic=therapist.clinic, primary_therapist=therapist, email=email,
                             timezone="Europe/London")
    return therapist, patient


def assign_template(patient, therapist, slug: str, *, phase: int = 0, every_day=()):
    """The shipped template as a therapist assigns it, from today; `every_day` exercises are
    due on every day of the week (so a test does not depend on the weekday it runs on)."""
    template = ProgramTemplate.objects.filter(slug=slug).order_by("-version").first()
    start = patient.local_today() - timedelta(days=1)
    overrides: dict[str, dict] = {slug: {"days_of_week": list(WEEKDAYS)} for slug in every_day}
    exercises = Exercise.objects.filter(
        slug__in={i["exercise"] for p in template.phases for i in p["items"]})
    for exercise in exercises:
        if "side" in exercise.required_prescription:  # the self-SNAG: done on both sides
            overrides.setdefault(exercise.slug, {})["side"] = "both"
    if any(e.requires_screening for e in exercises):
        screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                         cervical_arterial="clear", screened_on=start)
    assignment = assignment_create(
        patient=patient, template=template, start_date=start, created_by=therapist,
        overrides=overrides)
    if phase:
        assignment_update(assignment=assignment, changed_by=therapist, current_phase=phase,
                          reason="Ready for the next phase.")
    return assignment


def phone_page(browser, url, email, *, width=390, height=844):
    """A signed-in patient on a phone; `?speed=200` makes the exercise timers 200x faster."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  service_workers="block", is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "/?speed=200")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    return context, page, errors
