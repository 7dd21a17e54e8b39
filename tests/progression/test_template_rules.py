"""Progression rules in the program files: every shipped template validates, and a
malformed rule is refused with the file and the field named."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command

from library.loader import programs_read
from library.models import ProgramTemplate
from library.rules import resolve
from library.validation import content_hash, template_document
from tests.conftest import SHIPPED_PROGRAMS
from tests.factories import ProgramTemplateFactory

SHIPPED = SHIPPED_PROGRAMS
DNF = "deep-neck-flexor-progression"


def test_every_shipped_template_validates_and_states_its_rules():
    library = programs_read(programs_dir=SHIPPED)
    assert len(library.templates) >= 4
    for slug, template_file in library.templates.items():
        phases = template_file.document["phases"]
        for index, phase in enumerate(phases[:-1]):
            rule = phase["progression"]
            assert rule["description"], (slug, index)
            rules = resolve(phase=phase)
            assert rules.min_days_in_phase == phase["min_days"]
            assert rules.min_full_dose_sessions >= 1, (slug, index)
            # The window can hold the full-dose sessions the rule asks for.
            items = {item["exercise"]: item["prescription"] for item in phase["items"]}
            key = items[(rules.key_exercises or (phase["items"][0]["exercise"],))[0]]
            days = key.get("days_of_week") or ["every"] * 7
            possible = rules.window_days * len(days) / 7 * key.get("times_per_day", 1)
            assert possible >= rules.min_full_dose_sessions, (slug, index)
        assert "advance" not in phases[-1].get("progression", {}), slug


def _edit(programs_dir: Path, change) -> str:
    path = programs_dir / "templates" / f"{DNF}.yaml"
    document = yaml.safe_load(path.read_text())
    change(document["phases"])
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(CommandError) as refused:
        call_command("load_programs", "--check")
    return str(refused.value)


@pytest.mark.parametrize(("change", "problem"), [
    (lambda phases: phases[1]["progression"]["advance"].update(min_adherence_pct=180),
     "phases/1/progression/advance/min_adherence_pct: 180 is greater than the maximum of 100"),
    (lambda phases: phases[1]["progression"]["advance"].update(max_pain_during="3"),
     "phases/1/progression/advance/max_pain_during: '3' is not of type 'integer'"),
    (lambda phases: phases[2]["progression"].update(key_exercises=["ccf-nod-no-cuff"]),
     "phases/2/progression/key_exercises/0: 'ccf-nod-no-cuff' is not an item of this phase"),
    (lambda phases: phases[-1].update(progression={"advance": {"min_full_dose_sessions": 3}}),
     "phases/5/progression/advance: the last phase has no phase to advance to"),
    (lambda phases: phases[0]["progression"].update(pain={"red_above": 7}),
     "phases/0/progression: Additional properties are not allowed ('pain' was unexpected)"),
    (lambda phases: phases[0].update(advance_when={"description": "Old style."}),
     "phases/0: Additional properties are not allowed ('advance_when' was unexpected)"),
])
def test_a_malformed_rule_names_the_file_and_the_field(programs_dir, change, problem):
    assert f"programs/templates/{DNF}.yaml: {problem}" in _edit(programs_dir, change)


@pytest.mark.django_db
def test_templates_stored_before_the_rule_format_keep_their_intent():
    """library/migrations/0002: `advance_when` becomes a `progression` rule."""
    migration = import_module("library.migrations.0002_progression_rules")
    items = [{"exercise": "nod", "prescription": {"reps": 10, "hold_seconds": 10}}]
    old = ProgramTemplateFactory(phases=[
        {"name": "One", "min_days": 7, "items": items, "advance_when": {
            "description": "Move on after 6 full sessions.", "full_dose_sessions": 6,
            "no_substitution": True}},
        {"name": "Two", "min_days": 7, "items": items}])

    migration.advance_when_to_progression(apps, None)

    old = ProgramTemplate.objects.get(pk=old.pk)
    assert old.phases[0]["progression"] == {"description": "Move on after 6 full sessions.",
                                            "advance": {"min_full_dose_sessions": 6}}
    assert "advance_when" not in old.phases[0] and "progression" not in old.phases[1]
    assert old.content_hash == content_hash(template_document(old))
