"""Headache escalation: the therapist hears when headache days climb to the chronic range
or well above the patient's baseline, once per 28 days."""

import uuid
from datetime import datetime, time, timedelta

import pytest

from alerts.models import Alert, AlertKind
from logs.services import daily_checkin_put, headache_log_create
from monitoring.escalation import escalation_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture
def headache_on(django_capture_on_commit_callbacks):
    """Log a headache on a day, as committed: the check runs after the commit (a task,
    eager in tests)."""

    def log(patient, day):
        start = datetime.combine(day, time(9), tzinfo=patient.zone)
        with django_capture_on_commit_callbacks(execute=True):
            headache_log_create(patient=patient, client_id=uuid.uuid4(), started_at=start,
                                peak_pain=5)

    return log


def _escalations(patient):
    return Alert.objects.filter(patient=patient, kind=AlertKind.HEADACHE_ESCALATION)


def test_fifteen_headache_days_in_28_alert_once(patient, headache_on,
                                                django_capture_on_commit_callbacks):
    today = patient.local_today()
    for n in range(14):
        headache_on(patient, today - timedelta(days=n))
    assert not _escalations(patient).exists()

    with django_capture_on_commit_callbacks(execute=True):
        daily_checkin_put(patient=patient, on=today - timedelta(days=20), neck_soreness=2,
                          headache_free=False)  # the 15th day, from a check-in
    [alert] = _escalations(patient)
    assert alert.details["headache_days_last_28"] == 15
    assert "15 headache days in the last 28" in alert.details["reasons"][0]

    headache_on(patient, today - timedelta(days=21))
    assert _escalations(patient).count() == 1  # told already this window


def test_a_rise_of_half_over_baseline_alerts(patient, headache_on):
    patient.baseline_headache_days_28 = 4
    patient.save()
    today = patient.local_today()
    for n in range(5):
        headache_on(patient, today - timedelta(days=n))
    assert not _escalations(patient).exists()  # 5 against 4: +25%
    headache_on(patient, today - timedelta(days=5))
    [alert] = _escalations(patient)
    assert "baseline of 4: 50% more" in alert.details["reasons"][0]


def test_the_clinic_sets_its_own_rise(patient, clinic, headache_on):
    clinic.settings = {"escalation_rise_pct": 100}
    clinic.save()
    patient.baseline_headache_days_28 = 4
    patient.save()
    for n in range(7):
        headache_on(patient, patient.local_today() - timedelta(days=n))
    assert not _escalations(patient).exists()
    headache_on(patient, patient.local_today() - timedelta(days=7))
    assert _escalations(patient).count() == 1


def test_a_baseline_of_zero_has_no_percentage_rise():
    assert escalation_reasons(last_28=3, baseline=0, reach_days=15, rise_pct=50) == []
    assert escalation_reasons(last_28=15, baseline=0, reach_days=15, rise_pct=50)
