"""Run by the PostgreSQL fault test inside `manage.py shell` against the private database:
the tables (from the models, as the test suite makes them: migrating from zero is
tests/test_migrations.py's job and takes longer than the outage), then a clinic, a
therapist and a patient with a program and a device token. Prints them as JSON."""

import json

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from knox.models import AuthToken

from tests.factories import ClinicFactory, PatientFactory, TherapistFactory
from tests.reminders.conftest import with_program

settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)

clinic = ClinicFactory()
therapist = TherapistFactory(clinic=clinic)
patient = PatientFactory(clinic=clinic, primary_therapist=therapist)
assignment, exercise = with_program(patient)
_, token = AuthToken.objects.create(patient)
print("WORLD " + json.dumps({"token": token, "assignment": assignment.pk,
                             "exercise": exercise.slug}))
