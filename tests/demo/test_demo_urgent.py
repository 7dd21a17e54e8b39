"""The demo clinic shows an urgent alert: a red-flag headache sent to emergency care."""

import pytest
from django.core.management import call_command

from accounts.models import User
from alerts.models import Alert, AlertKind, AlertStatus
from assignments.models import Screening
from demo.seed import seed_demo
from logs.models import HeadacheLog
from logs.urgent import urgent_message

pytestmark = pytest.mark.django_db


def test_the_flaring_patient_has_an_open_urgent_alert():
    call_command("load_programs", verbosity=0)
    seed_demo()

    [alert] = Alert.objects.filter(kind=AlertKind.URGENT_SYMPTOMS)
    assert alert.patient.email == "patient2@demo.example"
    assert alert.status == AlertStatus.OPEN
    log = HeadacheLog.objects.get(pk=alert.details["headache_log"])
    assert urgent_message(patient=log.patient, red_flags=log.red_flags)["emergency_number"]
    # Every demo patient was screened before neck loading, one screening each.
    patients = User.objects.filter(clinic__name="Demo Clinic", role="patient")
    assert Screening.objects.filter(patient__clinic__name="Demo Clinic").count() == \
        patients.count() == 4
