"""A patient logs a sudden 10/10 headache that reached its worst within a minute: the app
sends them to emergency care (urgent message with the clinic's number), and each such
headache reaches a therapist at once by push and email, never folded into an open alert."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from alerts.models import Alert, AlertKind, AlertStatus
from logs.services import headache_log_create
from logs.urgent import urgent_message
from reminders.models import Notification, NotificationKind
from tests.conftest import client_for
from tests.factories import PatientFactory, TherapistFactory
from tests.reminders.conftest import subscribe
from tests.reminders.receiver import PushReceiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def push_service():
    """A real Web Push receiver on localhost: the network edge, decrypting what it gets."""
    with PushReceiver() as received:
        yield received


def _thunderclap(patient, **fields):
    return headache_log_create(patient=patient, client_id=uuid.uuid4(),
                               started_at=timezone.now() - timedelta(minutes=10), peak_pain=10,
                               red_flags=["thunderclap"], **fields)


def test_the_patient_is_told_to_call_the_clinics_emergency_number(patient, clinic):
    clinic.settings = {"emergency_number": "911"}
    clinic.save()
    log, _ = _thunderclap(patient)

    urgent = urgent_message(patient=patient, red_flags=log.red_flags)
    assert urgent["emergency_number"] == "911"
    assert "911" in urgent["title"] and "emergency" in urgent["message"]
    assert "therapist" not in urgent["message"].replace("do not wait to hear from your "
                                                        "therapist", "")


def test_the_answer_carries_the_urgent_message_on_the_first_post_and_on_a_replay(patient):
    client = client_for(patient)
    body = {"client_id": str(uuid.uuid4()), "peak_pain": 10,
            "started_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
            "red_flags": ["thunderclap", "worst_ever"]}
    first = client.post("/api/v1/headache-logs", body, format="json")
    replay = client.post("/api/v1/headache-logs", body, format="json")

    assert (first.status_code, replay.status_code) == (201, 200)
    assert first.json()["urgent"]["emergency_number"] == "112"  # the default setting
    assert replay.json()["urgent"] == first.json()["urgent"]
    assert Alert.objects.filter(kind=AlertKind.URGENT_SYMPTOMS).count() == 1  # one log


def test_a_headache_without_red_flags_has_no_urgent_message(patient):
    response = client_for(patient).post("/api/v1/headache-logs", {
        "client_id": str(uuid.uuid4()), "peak_pain": 9,
        "started_at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json")
    assert response.status_code == 201 and response.json()["urgent"] is None
    assert not Alert.objects.filter(kind=AlertKind.URGENT_SYMPTOMS).exists()


def test_an_unknown_red_flag_is_refused_on_its_field(patient):
    response = client_for(patient).post("/api/v1/headache-logs", {
        "client_id": str(uuid.uuid4()), "peak_pain": 9, "red_flags": ["sneezing"],
        "started_at": (timezone.now() - timedelta(hours=1)).isoformat()}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["red_flags.0"]


def test_each_red_flag_headache_raises_its_own_alert(patient):
    _thunderclap(patient)
    _thunderclap(patient)

    alerts = Alert.objects.filter(patient=patient, kind=AlertKind.URGENT_SYMPTOMS)
    assert alerts.count() == 2
    assert all(a.status == AlertStatus.OPEN and a.details["red_flags"] == ["thunderclap"]
               for a in alerts)


def test_the_primary_therapist_gets_it_at_once_by_push_and_email(
        patient, therapist, push_service, django_capture_on_commit_callbacks):
    subscribe(therapist, push_service, "therapist-phone")
    with django_capture_on_commit_callbacks(execute=True):
        _thunderclap(patient)

    [(name, payload)] = push_service.received
    assert name == "therapist-phone" and "URGENT" in payload["title"]
    [email] = mail.outbox
    assert email.to == [therapist.email] and "URGENT" in email.subject
    assert patient.last_name not in email.subject  # first name and initial only
    assert Notification.objects.get(user=therapist).sent_at is not None


def test_without_a_primary_therapist_every_active_therapist_of_the_clinic_is_told(
        clinic, django_capture_on_commit_callbacks):
    on_duty = [TherapistFactory(clinic=clinic), TherapistFactory(clinic=clinic)]
    TherapistFactory(clinic=clinic, is_active=False)
    TherapistFactory()  # another clinic's
    patient = PatientFactory(clinic=clinic, primary_therapist=None)
    with django_capture_on_commit_callbacks(execute=True):
        _thunderclap(patient)

    told = Notification.objects.filter(kind=NotificationKind.URGENT_ALERT)
    assert sorted(told.values_list("user_id", flat=True)) == sorted(t.pk for t in on_duty)
    assert sorted(e.to[0] for e in mail.outbox) == sorted(t.email for t in on_duty)
