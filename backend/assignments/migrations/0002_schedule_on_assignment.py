"""Keep an assignment's schedule history on the assignment itself.

Pauses move from their own table into `Assignment.pauses`, and `phase_timeline` is built
from the recorded phase changes, so "what is due on a date" reads one row per assignment.
"""

from django.db import migrations, models


def carry_history_over(apps, schema_editor):
    Assignment = apps.get_model("assignments", "Assignment")
    AssignmentPause = apps.get_model("assignments", "AssignmentPause")
    PhaseChange = apps.get_model("assignments", "PhaseChange")
    for assignment in Assignment.objects.all().iterator():
        assignment.pauses = [
            [p.start_date.isoformat(), p.end_date.isoformat() if p.end_date else None]
            for p in AssignmentPause.objects.filter(assignment=assignment).order_by("start_date")
        ]
        changes = PhaseChange.objects.filter(assignment=assignment).order_by(
            "effective_date", "changed_at")
        first_phase = changes[0].from_phase if changes else assignment.current_phase
        assignment.phase_timeline = [[assignment.start_date.isoformat(), first_phase]] + [
            [c.effective_date.isoformat(), c.to_phase] for c in changes]
        assignment.save(update_fields=["pauses", "phase_timeline"])


class Migration(migrations.Migration):

    dependencies = [
        ("assignments", "0001_initial"),
    ]

    operations = [
        # Frees the name `pauses` (the old table's reverse relation) for the new field.
        migrations.AlterField(
            model_name="assignmentpause",
            name="assignment",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="+",
                                    to="assignments.assignment"),
        ),
        migrations.AddField(
            model_name="assignment",
            name="pauses",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="assignment",
            name="phase_timeline",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.RunPython(carry_history_over, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="AssignmentPause",
        ),
    ]
