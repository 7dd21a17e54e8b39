"""Each assignment keeps a small table of sessions due per weekday in each phase."""

from django.db import migrations, models

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def fill_weekly_sessions(apps, schema_editor):
    """The table assignments.schedule.weekly_sessions_of builds (copied here: a migration
    must not change when the app's code does)."""
    Assignment = apps.get_model("assignments", "Assignment")
    AssignmentItem = apps.get_model("assignments", "AssignmentItem")
    for assignment in Assignment.objects.all().iterator():
        table: dict[str, list[int]] = {}
        for item in AssignmentItem.objects.filter(assignment=assignment):
            week = table.setdefault(str(item.phase), [0] * 7)
            for weekday, name in enumerate(WEEKDAYS):
                if not item.days_of_week or name in item.days_of_week:
                    week[weekday] = max(week[weekday], item.times_per_day)
        assignment.weekly_sessions = table
        assignment.save(update_fields=["weekly_sessions"])


class Migration(migrations.Migration):

    dependencies = [
        ("assignments", "0002_schedule_on_assignment"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="weekly_sessions",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(fill_weekly_sessions, migrations.RunPython.noop),
    ]
