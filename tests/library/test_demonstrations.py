"""Demonstrations as data (issue 14, item 1): key poses of a drawn figure in each exercise's
YAML, validated for human ranges, served with the exercise."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from library.loader import programs_read
from tests.conftest import SHIPPED_PROGRAMS

pytestmark = pytest.mark.django_db


def load_error(*args) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("load_programs", *args, stdout=StringIO())
    return str(caught.value)


def edit_exercise(programs_dir, slug, change):
    path = programs_dir / "exercises" / f"{slug}.yaml"
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_every_exercise_has_drawn_poses_and_only_checklists_have_none():
    library = programs_read(programs_dir=SHIPPED_PROGRAMS)
    assert len(library.exercises) == 18
    drawn = []
    for slug, program_file in library.exercises.items():
        document = program_file.document
        demonstration = document.get("demonstration")
        assert demonstration, f"{slug} has no demonstration"
        if document["kind"] == "checklist":
            assert demonstration["none"], slug
            continue
        assert demonstration["poses"] and demonstration["text"], slug
        assert len(demonstration["text"]) > 80, f"{slug}: the text alternative is too thin"
        drawn.append(slug)
    assert len(drawn) == 16


def test_a_hold_pose_lasts_the_dose_hold_so_the_drawing_matches_the_patient():
    library = programs_read(programs_dir=SHIPPED_PROGRAMS)
    for slug in ("ccf-pressure-biofeedback", "ccf-nod-no-cuff", "scapular-setting",
                 "upper-trapezius-stretch", "levator-scapulae-stretch", "c1-c2-self-snag"):
        poses = library.exercises[slug].document["demonstration"]["poses"]
        assert [p["hold"] for p in poses].count("hold") == 1, slug


def test_the_chin_nod_is_a_close_up_with_an_arrow():
    library = programs_read(programs_dir=SHIPPED_PROGRAMS)
    for slug in ("ccf-pressure-biofeedback", "ccf-nod-no-cuff"):
        demonstration = library.exercises[slug].document["demonstration"]
        assert demonstration["focus"] == "head"
        assert demonstration["arrow"]["joint"] == "head"
        assert demonstration["view"] == "lying"


def test_an_angle_beyond_human_range_names_the_file_and_the_joint(programs_dir):
    def bend_neck_too_far(document):
        document["demonstration"]["poses"][1]["joints"]["neck"] = 95

    edit_exercise(programs_dir, "upper-trapezius-stretch", bend_neck_too_far)
    message = load_error("--check")
    assert ("programs/exercises/upper-trapezius-stretch.yaml: "
            "demonstration/poses/1/joints/neck: 95 is greater than the maximum of 70") in message


def test_an_unknown_joint_and_a_right_side_angle_are_refused(programs_dir):
    def wrong(document):
        document["demonstration"]["poses"][0]["joints"]["wrist"] = 10
        document["demonstration"]["poses"][0]["joints"]["knee_r"] = -5

    edit_exercise(programs_dir, "band-row", wrong)
    message = load_error("--check")
    assert "programs/exercises/band-row.yaml: demonstration/poses/0/joints/knee_r: " in message
    assert "'wrist' was unexpected" in message


def test_only_a_checklist_may_have_no_drawing(programs_dir):
    def no_drawing(document):
        document["demonstration"] = {"none": "Not drawn yet."}

    edit_exercise(programs_dir, "band-row", no_drawing)
    assert ("programs/exercises/band-row.yaml: demonstration: a 'reps' exercise needs drawn "
            "poses; only a checklist item may have none") in load_error("--check")


def test_a_pose_held_for_the_dose_needs_a_hold_time_in_the_dose(programs_dir):
    def hold_without_dose(document):
        document["demonstration"]["poses"][0]["hold"] = "hold"

    edit_exercise(programs_dir, "band-row", hold_without_dose)
    assert ("programs/exercises/band-row.yaml: demonstration/poses/0/hold: 'hold' holds for "
            "the dose's hold_seconds, which default_prescription does not give"
            ) in load_error("--check")


def test_the_api_serves_the_demonstration_with_the_exercise(library, patient_client):
    body = patient_client.get("/api/v1/exercises/ccf-pressure-biofeedback").json()
    demonstration = body["demonstration"]
    assert demonstration["view"] == "lying"
    assert demonstration["props"] == ["cuff"]
    assert demonstration["poses"][1]["hold"] == "hold"
    assert body["media"] == []
    checklist = patient_client.get("/api/v1/exercises/workstation-checklist").json()
    assert set(checklist["demonstration"]) == {"none"}


def test_a_demonstration_removed_from_the_file_is_cleared_on_load(programs_dir, library):
    from library.loader import programs_load
    from library.models import Exercise

    edit_exercise(programs_dir, "band-row", lambda document: document.pop("demonstration"))
    programs_load(programs_dir=programs_dir)
    assert Exercise.objects.get(slug="band-row").demonstration is None


def test_the_patients_today_carries_each_items_demonstration():
    from tests.conftest import client_for
    from tests.e2e.pwa import assign_template, clinic_patient

    therapist, patient = clinic_patient("nod@example.test")
    assign_template(patient, therapist, "deep-neck-flexor-progression",
                    every_day=("ccf-nod-no-cuff",))
    today = client_for(patient).get("/api/v1/me/today").json()
    exercises = [item["exercise"] for item in today["items"]]
    nod = next(e for e in exercises if e["slug"] == "ccf-nod-no-cuff")
    assert nod["demonstration"]["arrow"] == {"joint": "head"}
    assert nod["demonstration"]["poses"][1]["hold"] == "hold"
    assert nod["media"] == []
