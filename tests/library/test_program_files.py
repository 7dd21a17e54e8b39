"""The shipped clinical content: every file valid and the facts the clinical reference
requires present in the data a patient's program is built from."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from library.loader import programs_read
from library.models import ExerciseKind
from tests.library.conftest import SHIPPED_PROGRAMS

REQUIRED_TEMPLATES = ["deep-neck-flexor-progression", "scapular-stability",
                      "neck-shoulder-stretching", "aerobic-3x-week"]


@pytest.fixture(scope="module")
def shipped():
    return programs_read(programs_dir=SHIPPED_PROGRAMS)


def _template(shipped, slug):
    return shipped.templates[slug].document


def _items(template, exercise):
    return [(phase, item["prescription"]) for phase in template["phases"]
            for item in phase["items"] if item["exercise"] == exercise]


def test_load_programs_check_passes_on_the_shipped_files():
    out = StringIO()
    call_command("load_programs", "--check", stdout=out)
    assert "are valid" in out.getvalue()


def test_required_templates_cite_sources_mark_unverified_numbers_and_defer_to_the_therapist(
        shipped):
    assert set(REQUIRED_TEMPLATES) <= set(shipped.templates)
    for slug in REQUIRED_TEMPLATES:
        template = _template(shipped, slug)
        assert template["sources"], slug
        assert "unverified" in template["evidence"].lower(), slug
        assert "therapist adjusts" in template["disclaimer"], slug


def test_deep_neck_flexor_stages_step_from_22_to_30_mmhg_with_10_holds_of_10_seconds(shipped):
    template = _template(shipped, "deep-neck-flexor-progression")
    stages = _items(template, "ccf-pressure-biofeedback")
    assert [dose["target_mmhg"] for _, dose in stages] == [22, 24, 26, 28, 30]
    for _, dose in stages:
        assert (dose["reps"], dose["hold_seconds"], dose["rest_seconds"]) == (10, 10, 10)
        assert dose["baseline_mmhg"] == 20
        assert 2 <= dose["times_per_day"] <= 3
    # The nod is learnt without the cuff first, and every stage but the top one says when
    # to move on: full 10 x 10 s sessions, counted on the stage's own exercise.
    assert template["phases"][0]["items"][0]["exercise"] == "ccf-nod-no-cuff"
    for phase in template["phases"][:-1]:
        rule = phase["progression"]
        assert rule["description"] and rule["advance"]["min_full_dose_sessions"] == 3
        assert rule["key_exercises"] == [phase["items"][0]["exercise"]]
    assert "advance" not in template["phases"][-1].get("progression", {})
    assert template["weeks"] == 6


def test_deep_neck_flexor_exercise_lists_the_errors_the_patient_watches_for(shipped):
    cues = " ".join(shipped.exercises["ccf-pressure-biofeedback"].document["cues"]).lower()
    for error in ["chin poking", "head lifting", "jaw clenching", "pressure dropping"]:
        assert error in cues


def test_aerobic_sessions_fall_on_three_chosen_days_and_build_to_40_minutes(shipped):
    template = _template(shipped, "aerobic-3x-week")
    sessions = [dose for _, dose in _items(template, "aerobic-session")]
    assert [dose["duration_minutes"] for dose in sessions] == [25, 32, 40]
    for dose in sessions:
        # Chosen at assignment (clinical reference §1.4 correction), never fixed weekdays.
        assert dose["days_per_week"] == 3 and "days_of_week" not in dose
        assert dose["times_per_day"] == 1
        assert dose["warm_up_rpe"] == "11-13"
    final = sessions[-1]
    assert (final["warm_up_minutes"], final["main_minutes"], final["cool_down_minutes"]) == (
        15, 20, 5)
    assert final["rpe_target"] == "14-16"
    assert "trigger" in template["summary"]
    assert "exercise-triggered" in template["summary"]


def test_stretches_are_three_30_second_holds_each_side_twice_a_day_with_breathing(shipped):
    template = _template(shipped, "neck-shoulder-stretching")
    for stretch in ["upper-trapezius-stretch", "levator-scapulae-stretch"]:
        [(_, dose)] = _items(template, stretch)
        assert (dose["reps"], dose["hold_seconds"], dose["per_side"]) == (3, 30, True)
        assert dose["times_per_day"] == 2
    assert _items(template, "relaxation-breathing")
    assert "breathe slowly" in template["phases"][0]["notes"].lower()


def test_scapular_program_goes_from_setting_to_endurance_to_band_and_prone_work(shipped):
    phases = _template(shipped, "scapular-stability")["phases"]
    exercises = [{item["exercise"] for item in phase["items"]} for phase in phases]
    assert exercises[0] == {"scapular-setting"}
    assert {"side-lying-external-rotation", "side-lying-forward-flexion"} <= exercises[1]
    assert "band-row" in exercises[2]
    assert "prone-row-weights" in exercises[3]
    assert phases[2]["items"][0]["prescription"]["sets"] == 3
    assert phases[2]["items"][0]["prescription"]["reps"] == 12


def test_other_home_items_exist_and_checklists_are_checklists(shipped):
    kinds = {slug: f.document["kind"] for slug, f in shipped.exercises.items()}
    for slug in ["c1-c2-self-snag", "tender-point-self-pressure", "relaxation-breathing",
                 "gaze-stabilisation-vor-x1"]:
        assert slug in kinds
    assert kinds["workstation-checklist"] == "checklist"
    assert kinds["sleep-posture-checklist"] == "checklist"
    assert "pain-free" in shipped.exercises["c1-c2-self-snag"].document["what_to_feel"]


def test_every_exercise_tells_the_patient_what_to_do_feel_and_when_to_stop(shipped):
    for slug, exercise_file in shipped.exercises.items():
        exercise = exercise_file.document
        for field in ["instructions", "what_to_feel", "stop_if"]:
            assert exercise[field].strip(), (slug, field)
        assert exercise["cues"] and exercise["sources"], slug
        assert isinstance(exercise["media"], list), slug
        assert isinstance(exercise["default_prescription"], dict), slug


def test_the_exercise_schema_offers_exactly_the_kinds_the_app_knows():
    schema = json.loads((SHIPPED_PROGRAMS / "schema" / "exercise.schema.json").read_text())
    assert schema["properties"]["kind"]["enum"] == ExerciseKind.values


def test_every_other_home_item_is_in_a_template_a_therapist_can_assign(shipped):
    in_templates = {item["exercise"] for t in shipped.templates.values()
                    for phase in t.document["phases"] for item in phase["items"]}
    assert {"c1-c2-self-snag", "tender-point-self-pressure", "relaxation-breathing",
            "gaze-stabilisation-vor-x1", "workstation-checklist",
            "sleep-posture-checklist"} <= in_templates
    for template in shipped.templates.values():
        document = template.document
        assert document["sources"] and "therapist adjusts" in document["disclaimer"]


def test_self_care_snag_is_twice_a_day_and_checklists_carry_no_timer(shipped):
    items = {i["exercise"]: i["prescription"]
             for i in _template(shipped, "headache-self-care")["phases"][0]["items"]}
    snag = items["c1-c2-self-snag"]
    assert (snag["times_per_day"], snag["hold_seconds"]) == (2, 3)
    for checklist in ("workstation-checklist", "sleep-posture-checklist"):
        assert not {"hold_seconds", "duration_minutes", "reps"} & set(items[checklist])
