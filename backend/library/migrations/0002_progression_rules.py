"""Templates already stored keep their intent under the new rule format.

A phase's free-form `advance_when` ({description, full_dose_sessions, no_substitution,
no_exercise_triggered_headache}) becomes a `progression` rule: the description and the
number of full-dose sessions carry over; the engine finds exercise-triggered headaches
itself and cannot see substitutions, so those two flags have no counterpart. Each changed
row gets the content hash of its new content, as the loader would compute it.
"""

import hashlib
import json

from django.db import migrations

TEMPLATE_FIELDS = ("slug", "name", "summary", "weeks", "evidence", "sources", "disclaimer",
                   "phases")


def _content_hash(template) -> str:
    # library.validation.content_hash, copied: a migration must not change with the app.
    document = {field: getattr(template, field) for field in TEMPLATE_FIELDS}
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _converted(phase: dict) -> dict:
    old = phase.get("advance_when")
    if old is None:
        return phase
    rule = {}
    if old.get("description"):
        rule["description"] = old["description"]
    if isinstance(old.get("full_dose_sessions"), int):
        rule["advance"] = {"min_full_dose_sessions": old["full_dose_sessions"]}
    converted = {key: value for key, value in phase.items() if key != "advance_when"}
    if rule:
        converted["progression"] = rule
    return converted


def advance_when_to_progression(apps, schema_editor):
    ProgramTemplate = apps.get_model("library", "ProgramTemplate")
    for template in ProgramTemplate.objects.all().iterator():
        phases = [_converted(phase) for phase in template.phases]
        if phases == template.phases:
            continue
        if "progression" in phases[-1]:  # nothing to advance to from the last phase
            phases[-1]["progression"].pop("advance", None)
        template.phases = phases
        template.content_hash = _content_hash(template)
        template.save(update_fields=["phases", "content_hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("library", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(advance_when_to_progression, migrations.RunPython.noop),
    ]
