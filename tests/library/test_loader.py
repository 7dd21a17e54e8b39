"""`manage.py load_programs`: clear errors for clinicians, idempotent and versioned loads."""

from datetime import date
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from assignments.models import Assignment
from library.models import Exercise, ProgramTemplate

pytestmark = pytest.mark.django_db

VALID_TEMPLATE = {
    "slug": "x",
    "name": "Test program",
    "summary": "Nods and stretches.",
    "weeks": 2,
    "evidence": "None (unverified).",
    "sources": ["Clinic protocol"],
    "disclaimer": "The treating therapist adjusts it.",
    "phases": [{
        "name": "Only phase",
        "min_days": 7,
        "items": [
            {"exercise": "ccf-nod-no-cuff", "prescription": {"reps": 10, "hold_seconds": 10}},
            {"exercise": "upper-trapezius-stretch",
             "prescription": {"reps": 3, "hold_seconds": 30}},
        ],
    }],
}


def load(*args) -> str:
    out = StringIO()
    call_command("load_programs", *args, stdout=out)
    return out.getvalue()


def write_template(programs_dir, document, name="x.yaml"):
    (programs_dir / "templates" / name).write_text(yaml.safe_dump(document, sort_keys=False))


def with_reps(reps):
    phase = VALID_TEMPLATE["phases"][0]
    items = [phase["items"][0], {**phase["items"][1], "prescription": {
        "reps": reps, "hold_seconds": 30}}]
    return {**VALID_TEMPLATE, "phases": [{**phase, "items": items}]}


def load_error(*args) -> str:
    with pytest.raises(CommandError) as caught:
        load(*args)
    return str(caught.value)


def test_a_wrong_type_is_reported_with_the_file_and_field_path(programs_dir):
    write_template(programs_dir, with_reps("ten"))
    message = load_error()
    assert ("programs/templates/x.yaml: phases/0/items/1/prescription/reps: "
            "'ten' is not of type 'integer'") in message
    assert Exercise.objects.count() == 0  # nothing loaded while any file is wrong


def test_check_reports_the_same_problems_without_a_database_write(programs_dir):
    write_template(programs_dir, with_reps(10.0))
    message = load_error("--check")
    assert "phases/0/items/1/prescription/reps: 10.0 is not of type 'integer'" in message


def test_an_unknown_exercise_slug_names_the_file_and_the_item(programs_dir):
    document = {**VALID_TEMPLATE, "phases": [{
        "name": "Only phase", "min_days": 7,
        "items": [{"exercise": "neck-circles", "prescription": {"reps": 5}}]}]}
    write_template(programs_dir, document)
    assert ("programs/templates/x.yaml: phases/0/items/0/exercise: "
            "unknown exercise 'neck-circles'") in load_error()


def test_a_hold_without_a_hold_time_is_refused(programs_dir):
    phase = VALID_TEMPLATE["phases"][0]
    items = [{"exercise": "ccf-nod-no-cuff", "prescription": {"reps": 10}}]
    write_template(programs_dir, {**VALID_TEMPLATE, "phases": [{**phase, "items": items}]})
    assert ("programs/templates/x.yaml: phases/0/items/0/prescription: 'hold_seconds' is a "
            "required property for a 'hold' exercise") in load_error()


def test_phases_longer_than_the_program_are_refused(programs_dir):
    write_template(programs_dir, {**VALID_TEMPLATE, "weeks": 1, "phases": [
        {**VALID_TEMPLATE["phases"][0], "min_days": 10}]})
    assert "programs/templates/x.yaml: weeks: the phases' min_days add up to 10 days" in (
        load_error())


def test_a_yaml_mistake_names_the_file_and_line(programs_dir):
    (programs_dir / "templates" / "x.yaml").write_text("slug: x\nname: [unclosed\n")
    assert "programs/templates/x.yaml: line 3" in load_error()


def test_a_key_given_twice_is_refused_instead_of_silently_using_the_last(programs_dir):
    (programs_dir / "templates" / "x.yaml").write_text("slug: x\nweeks: 2\nweeks: 3\n")
    assert "programs/templates/x.yaml: line 3, column 1: 'weeks' is given twice" in load_error()


def test_the_slug_must_match_the_file_name(programs_dir):
    write_template(programs_dir, VALID_TEMPLATE, name="other.yaml")
    assert "programs/templates/other.yaml: slug: 'x' must match the file name 'other'" in (
        load_error())


def test_a_broken_exercise_file_is_named(programs_dir):
    path = programs_dir / "exercises" / "band-row.yaml"
    document = yaml.safe_load(path.read_text())
    document["kind"] = "stretch"
    path.write_text(yaml.safe_dump(document))
    assert "programs/exercises/band-row.yaml: kind: 'stretch' is not one of" in load_error()


def test_check_writes_nothing(programs_dir):
    assert "are valid" in load("--check")
    assert Exercise.objects.count() == 0
    assert ProgramTemplate.objects.count() == 0


def test_loading_twice_creates_nothing_new(programs_dir):
    shipped = len(list((programs_dir / "templates").glob("*.yaml")))
    first = load()
    assert f"Templates: {shipped} created" in first
    rows = (Exercise.objects.count(), ProgramTemplate.objects.count())
    second = load()
    assert "Exercises: 0 created, 0 updated, 18 unchanged." in second
    assert f"Templates: 0 created, 0 new versions, {shipped} unchanged." in second
    assert (Exercise.objects.count(), ProgramTemplate.objects.count()) == rows


def test_an_edited_template_becomes_version_2_and_assignments_keep_version_1(
        programs_dir, patient):
    load()
    version_1 = ProgramTemplate.objects.get(slug="aerobic-3x-week")
    assignment = Assignment.objects.create(patient=patient, template=version_1,
                                           start_date=date(2026, 1, 5))
    path = programs_dir / "templates" / "aerobic-3x-week.yaml"
    path.write_text(path.read_text().replace("Start gently (25 minutes)", "Easy start"))

    assert "aerobic-3x-week v2" in load()

    versions = ProgramTemplate.objects.filter(slug="aerobic-3x-week").order_by("version")
    assert [(t.version, t.is_current) for t in versions] == [(1, False), (2, True)]
    assert versions[1].phases[0]["name"] == "Easy start"
    assignment.refresh_from_db()
    assert assignment.template_id == version_1.id
    assert assignment.template.phases[0]["name"] == "Start gently (25 minutes)"


def test_an_edited_exercise_is_updated_in_place(programs_dir):
    load()
    before = Exercise.objects.get(slug="band-row")
    path = programs_dir / "exercises" / "band-row.yaml"
    path.write_text(path.read_text().replace("Use the band colour", "Use the band"))

    assert "Exercises: 0 created, 1 updated, 17 unchanged." in load()

    after = Exercise.objects.get(slug="band-row")
    assert after.id == before.id
    assert "Use the band your therapist gave you" in after.instructions


def test_a_removed_file_leaves_its_rows_alone_and_says_so(programs_dir):
    load()
    (programs_dir / "templates" / "neck-shoulder-stretching.yaml").unlink()

    output = load()

    assert "no longer in the files (left as they are): neck-shoulder-stretching." in output
    assert ProgramTemplate.objects.get(slug="neck-shoulder-stretching").is_current
