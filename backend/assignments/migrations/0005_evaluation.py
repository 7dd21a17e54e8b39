"""`Evaluation` moves from the progression app to here (every read of an assignment shows
it, and assignments sit below progression). Only Django's state moves: the table keeps its
name and its rows."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('assignments', '0004_progression_settings'),
        ('progression', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Evaluation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('on_track', 'On track'), ('ready_to_advance', 'Ready to advance'), ('hold', 'Hold'), ('regress_suggested', 'Regress suggested')], max_length=20)),
                        ('phase', models.PositiveSmallIntegerField()),
                        ('proposed_phase', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('reasons', models.JSONField(default=list)),
                        ('evaluated_on', models.DateField()),
                        ('evaluated_at', models.DateTimeField()),
                        ('summary', models.JSONField(blank=True, default=dict)),
                        ('assignment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='assignments.assignment')),
                    ],
                    options={'db_table': 'progression_evaluation'},
                ),
            ],
        ),
    ]
