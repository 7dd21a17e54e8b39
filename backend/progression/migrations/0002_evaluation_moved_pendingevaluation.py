"""`Evaluation` now belongs to the assignments app (state only: the table stays), and
`PendingEvaluation` records evaluations owed after a log, in the log's own transaction."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0005_evaluation'),
        ('progression', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name='Evaluation')],
        ),
        migrations.CreateModel(
            name='PendingEvaluation',
            fields=[
                ('assignment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='assignments.assignment')),
                ('since', models.DateTimeField(db_index=True)),
            ],
        ),
    ]
