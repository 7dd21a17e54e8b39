"""Move the clinic key `pain_during_red_above` (the only threshold a clinic could set before
the progression settings) to `progression.pain.red_above`, where `library.rules` reads it,
and drop it: one key for one threshold. A clinic that set both keeps `progression`'s."""

from django.db import migrations

LEGACY = "pain_during_red_above"


def forward(apps, schema_editor):
    Clinic = apps.get_model("accounts", "Clinic")
    for clinic in Clinic.objects.filter(settings__has_key=LEGACY):
        settings = dict(clinic.settings)
        legacy = settings.pop(LEGACY)
        progression = dict(settings.get("progression") or {})
        pain = dict(progression.get("pain") or {})
        valid = isinstance(legacy, int) and not isinstance(legacy, bool) and 0 <= legacy <= 10
        if valid and "red_above" not in pain:
            pain["red_above"] = legacy
            progression["pain"] = pain
            settings["progression"] = progression
        clinic.settings = settings
        clinic.save(update_fields=["settings"])


def backward(apps, schema_editor):
    Clinic = apps.get_model("accounts", "Clinic")
    for clinic in Clinic.objects.filter(settings__progression__pain__has_key="red_above"):
        clinic.settings = {**clinic.settings,
                           LEGACY: clinic.settings["progression"]["pain"]["red_above"]}
        clinic.save(update_fields=["settings"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_recent_red_events")]
    operations = [migrations.RunPython(forward, backward)]
