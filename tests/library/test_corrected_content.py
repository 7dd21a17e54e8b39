"""The 2026-11 content corrections (issue 10 item 10) as `load_programs` ships them, and
what they leave alone: an assignment made from the earlier content keeps the doses and days
it copied."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from assignments.services import assignment_create
from library.models import Exercise, ProgramTemplate
from tests.conftest import SHIPPED_PROGRAMS

pytestmark = pytest.mark.django_db


def load() -> None:
    call_command("load_programs", verbosity=0)


def current(slug: str) -> ProgramTemplate:
    return ProgramTemplate.objects.get(slug=slug, is_current=True, clinic=None)


def test_an_assignment_from_the_earlier_content_keeps_its_copied_doses(programs_dir, patient):
    # The earlier aerobic template: fixed Mon/Wed/Fri.
    path = programs_dir / "templates" / "aerobic-3x-week.yaml"
    path.write_text(path.read_text().replace("days_per_week: 3",
                                             "days_of_week: [mon, wed, fri]"))
    load()
    earlier = assignment_create(patient=patient, template=current("aerobic-3x-week"),
                                start_date=patient.local_today() - timedelta(days=3))

    shutil.copy(SHIPPED_PROGRAMS / "templates" / "aerobic-3x-week.yaml", path)
    load()

    earlier.refresh_from_db()
    assert current("aerobic-3x-week").version == earlier.template.version + 1
    assert {tuple(item.days_of_week) for item in earlier.items.all()} == {("mon", "wed", "fri")}
    assert sorted(item.duration_minutes for item in earlier.items.all()) == [25, 32, 40]


def test_aerobic_days_are_chosen_at_assignment(patient):
    load()
    template = current("aerobic-3x-week")
    with pytest.raises(ValidationError) as refused:
        assignment_create(patient=patient, template=template, start_date=patient.local_today())
    assert list(refused.value.message_dict) == ["overrides.aerobic-session.days_of_week"]
    assignment = assignment_create(
        patient=patient, template=template, start_date=patient.local_today(),
        overrides={"aerobic-session": {"days_of_week": ["tue", "thu", "sun"]}})
    assert {tuple(i.days_of_week) for i in assignment.items.all()} == {("tue", "thu", "sun")}


def test_the_corrected_content_is_what_load_programs_ships():
    load()
    aerobic = current("aerobic-3x-week")
    assert "vigorous" in aerobic.name + aerobic.summary
    assert [p.get("requires_signoff", False) for p in aerobic.phases] == [False, False, True]
    assert Exercise.objects.get(slug="aerobic-session").default_prescription[
        "duration_minutes"] < 40  # not the trial's full dose
    dnf = current("deep-neck-flexor-progression")
    assert "cervicogenic headache and excluded migraine" in " ".join(dnf.evidence.split())
    assert "extrapolates" in dnf.evidence
    assert "folded towel" in Exercise.objects.get(slug="ccf-pressure-biofeedback").instructions
    gaze = current("dizziness-gaze-stabilisation")
    assert gaze.phases[0]["progression"]["progress_on"] == "dizziness"
    assert Exercise.objects.get(slug="tender-point-self-pressure").expected_discomfort_max == 4
