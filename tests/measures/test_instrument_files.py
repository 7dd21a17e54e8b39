"""The shipped questionnaires: every file valid and holding the numbers the clinical reference
gives; a malformed file fails naming the file and the field."""

import json
from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from measures.instruments import InstrumentsInvalid, instruments_read
from measures.scoring import SCORING_METHODS
from tests.measures.conftest import SHIPPED_PROGRAMS


def test_every_shipped_instrument_validates(shipped):
    assert set(shipped) == {"hit6", "ndi", "midas", "psfs"}


def test_manage_py_check_reads_the_instrument_files():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


def test_hit6_scores_bands_and_thresholds(shipped):
    hit6 = shipped["hit6"]
    options = hit6["items"][0]["response"]["options"]
    assert {o["key"]: o["score"] for o in options} == {
        "never": 6, "rarely": 8, "sometimes": 10, "very_often": 11, "always": 13}
    assert all(item["response"] == hit6["items"][0]["response"] for item in hit6["items"])
    assert len(hit6["items"]) == 6 and hit6["scoring"]["range"] == {"min": 36, "max": 78}
    assert [(b["key"], b["min"]) for b in hit6["bands"]] == [
        ("little_or_none", 36), ("some", 50), ("substantial", 56), ("severe", 60)]
    assert hit6["meaningful_change"] == {"amount": 6, "unit": "points",
                                         "published_range": "2.5 to 8 points"}
    assert hit6["remeasure_days"] == 28


def test_ndi_scoring_bands_and_thresholds(shipped):
    ndi = shipped["ndi"]
    assert len(ndi["items"]) == 10
    for item in ndi["items"]:
        assert [o["score"] for o in item["response"]["options"]] == [0, 1, 2, 3, 4, 5]
    assert ndi["scoring"] == {"method": "sum_prorated", "range": {"min": 0, "max": 50},
                              "max_missing": 2, "report_percent": True}
    assert [(b["key"], b["min"]) for b in ndi["bands"]] == [
        ("none", 0), ("mild", 5), ("moderate", 15), ("severe", 25), ("complete", 35)]
    assert ndi["meaningful_change"]["amount"] == 10  # Young 2009, 2026-11 correction
    assert ndi["meaningful_change"]["minimum_detectable"] == 10
    assert ndi["remeasure_days"] == 14


def test_midas_and_psfs(shipped):
    midas, psfs = shipped["midas"], shipped["psfs"]
    assert [b["min"] for b in midas["bands"]] == [0, 6, 11, 21]
    assert {k: midas["meaningful_change"][k] for k in ("amount", "unit", "relative_above")} == {
        "amount": 5, "unit": "points", "relative_above": {"baseline": 20, "pct": 30}}
    assert midas["remeasure_days"] == 90
    assert [i.get("scored", True) for i in midas["items"]] == [True] * 5 + [False] * 2
    assert (psfs["activities"]["min_count"], psfs["activities"]["max_count"]) == (3, 5)
    assert psfs["scoring"]["method"] == "mean"
    assert {v["version"]: v["better"] for v in psfs["versions"]} == {1: "higher", 2: "lower"}
    assert psfs["meaningful_change"]["amount"] == 2
    assert "unverified" in psfs["evidence"]


@pytest.mark.parametrize("slug", ["hit6", "ndi", "midas"])
def test_copyrighted_wording_is_paraphrased_and_says_so(shipped, slug):
    assert "paraphrase" in shipped[slug]["notes"]
    assert shipped[slug]["sources"]


def test_the_schema_names_exactly_the_scoring_functions_the_code_has():
    schema = json.loads((SHIPPED_PROGRAMS / "schema" / "instrument.schema.json").read_text())
    assert set(schema["properties"]["scoring"]["properties"]["method"]["enum"]) == set(
        SCORING_METHODS)


# --- Malformed files ----------------------------------------------------------------------------

def edit(programs_dir, slug, change) -> None:
    path = programs_dir / "instruments" / f"{slug}.yaml"
    document = yaml.safe_load(path.read_text())
    change(document)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def read_problems(programs_dir) -> list[str]:
    with pytest.raises(InstrumentsInvalid) as caught:
        instruments_read(programs_dir=programs_dir)
    return caught.value.problems


def test_a_wrong_type_names_the_file_and_the_field(programs_dir):
    edit(programs_dir, "ndi", lambda d: d["items"][2]["response"]["options"][1].update(
        score="one"))
    assert read_problems(programs_dir) == [
        "programs/instruments/ndi.yaml: items/2/response/options/1/score: "
        "'one' is not of type 'integer'"]


def test_a_float_where_a_whole_number_is_needed_is_refused(programs_dir):
    edit(programs_dir, "ndi", lambda d: d.update(remeasure_days=14.0))
    assert read_problems(programs_dir) == [
        "programs/instruments/ndi.yaml: remeasure_days: 14.0 is not of type 'integer'"]


def test_a_missing_field_is_named(programs_dir):
    edit(programs_dir, "midas", lambda d: d.pop("meaningful_change"))
    assert read_problems(programs_dir) == [
        "programs/instruments/midas.yaml: 'meaningful_change' is a required property"]


def test_bands_out_of_order_are_named(programs_dir):
    edit(programs_dir, "ndi", lambda d: d["bands"][2].update(min=4))
    assert read_problems(programs_dir) == [
        "programs/instruments/ndi.yaml: bands/2/min: bands must go up in order"]


def test_a_range_the_answers_cannot_reach_is_named(programs_dir):
    edit(programs_dir, "hit6", lambda d: d["scoring"]["range"].update(max=80))
    assert read_problems(programs_dir) == [
        "programs/instruments/hit6.yaml: scoring/range: the answers score 36 to 78, "
        "not 36 to 80"]


def test_max_missing_belongs_to_prorated_scoring_only(programs_dir):
    edit(programs_dir, "hit6", lambda d: d["scoring"].update(max_missing=1))
    [problem] = read_problems(programs_dir)
    assert problem.startswith("programs/instruments/hit6.yaml: scoring: ")


def test_an_unknown_scoring_method_is_named(programs_dir):
    edit(programs_dir, "psfs", lambda d: d["scoring"].update(method="median"))
    [problem] = read_problems(programs_dir)
    assert problem.startswith("programs/instruments/psfs.yaml: scoring/method: 'median'")


def test_a_bad_response_is_checked_as_its_type_says(programs_dir):
    edit(programs_dir, "midas", lambda d: d["items"][6]["response"].update(max="ten"))
    assert read_problems(programs_dir) == [
        "programs/instruments/midas.yaml: items/6/response/max: 'ten' is not of type 'integer'"]


def test_a_missing_or_unknown_file_and_a_yaml_error_are_each_reported(programs_dir):
    folder = programs_dir / "instruments"
    (folder / "psfs.yaml").unlink()
    (folder / "sf36.yaml").write_text("slug: sf36\n")
    (folder / "midas.yaml").write_text("slug: midas\nname: [unclosed\n")
    problems = read_problems(programs_dir)
    assert "programs/instruments/psfs.yaml: file not found" in problems
    assert any(p.startswith("programs/instruments/sf36.yaml: not an instrument") for p in problems)
    assert any(p.startswith("programs/instruments/midas.yaml: line ") for p in problems)


def test_a_key_given_twice_is_refused(programs_dir):
    path = programs_dir / "instruments" / "hit6.yaml"
    path.write_text(path.read_text() + "remeasure_days: 30\n")
    [problem] = read_problems(programs_dir)
    assert problem.startswith("programs/instruments/hit6.yaml: line ")
    assert "'remeasure_days' is given twice" in problem


def test_manage_py_check_fails_on_a_bad_file(programs_dir):
    edit(programs_dir, "ndi", lambda d: d["bands"][2].update(min=4))
    with pytest.raises(SystemCheckError) as caught:
        call_command("check")
    assert "programs/instruments/ndi.yaml: bands/2/min" in str(caught.value)
