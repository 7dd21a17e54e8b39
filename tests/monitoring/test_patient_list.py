"""The therapist's list: own clinic only, neediest first, constant queries per request."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logs.services import session_log_create
from tests.conftest import client_for
from tests.factories import (
    ClinicFactory,
    ExerciseFactory,
    PatientFactory,
    assign,
    item,
    phase,
    program,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 21, 18, tzinfo=UTC)


@pytest.fixture
def template():
    return program(phase(item(ExerciseFactory(slug="nod"), times_per_day=1)))


def patient_with_sessions(therapist, template, sessions_last_week: int, **fields):
    pain = fields.pop("pain", 1)
    patient = PatientFactory(clinic=therapist.clinic, primary_therapist=therapist, **fields)
    assignment = assign(patient, template, date(2026, 11, 1))
    for n in range(sessions_last_week):
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                           performed_at=NOW - timedelta(days=n, hours=2), entries=[],
                           pain_during=pain if n == 0 else 1)
    return patient


def test_neediest_first_with_an_adherence_summary(therapist, template):
    steady = patient_with_sessions(therapist, template, 7, last_name="Steady")
    behind = patient_with_sessions(therapist, template, 2, last_name="Behind")
    flaring = patient_with_sessions(therapist, template, 6, last_name="Flaring", pain=8)
    PatientFactory(clinic=ClinicFactory(), last_name="Elsewhere")
    with time_machine.travel(NOW, tick=False):
        rows = client_for(therapist).get("/api/v1/patients").json()
    assert [r["id"] for r in rows] == [flaring.pk, behind.pk, steady.pk]
    by_id = {r["id"]: r for r in rows}
    assert by_id[flaring.pk]["adherence"]["open_alerts"] == 1
    assert by_id[behind.pk]["adherence"]["last_7_days_pct"] == 29  # 2 of 7
    assert by_id[steady.pk]["adherence"]["last_7_days_pct"] == 100
    assert by_id[steady.pk]["needs_attention"] == []
    assert "low_adherence" in by_id[behind.pk]["needs_attention"]
    assert by_id[steady.pk]["adherence"]["last_log_at"].startswith("2026-11-21T16:00")


def test_a_patient_who_went_quiet_needs_attention(therapist, template):
    quiet = PatientFactory(clinic=therapist.clinic)
    assign(quiet, template, date(2026, 11, 1))
    with time_machine.travel(NOW, tick=False):
        row = client_for(therapist).get("/api/v1/patients").json()[0]
    # Assigned on Sunday 1 November: nothing prescribed in the two weeks before it.
    assert row["adherence"] == {"last_7_days_pct": 0, "weekly_pct": [None, None, 0, 0, 0, 0],
                                "last_log_at": None, "open_alerts": 0,
                                "updated_at": "2026-11-21T18:00:00Z"}
    assert "no_recent_logs" in row["needs_attention"]


def _count_list_queries(therapist, *, fresh: bool = False) -> int:
    client = client_for(therapist)
    with time_machine.travel(NOW, tick=False):
        if fresh:  # the summaries computed already (by the worker, or by a request before)
            assert client.get("/api/v1/patients").status_code == 200
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/patients").status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_patients_or_logs(therapist, template):
    for _ in range(10):
        patient_with_sessions(therapist, template, 3)
    ten = _count_list_queries(therapist)
    # 50 new ones: the first look at them computes their summaries (in one batch: SQLite
    # splits inserts of more than ~60 rows).
    for n in range(50):
        # Some with weeks of history: the trend's weeks come in one query too.
        patient_with_sessions(therapist, template, 7 if n % 9 else 20)
    assert _count_list_queries(therapist) == ten


def test_a_page_reads_the_same_queries_for_any_clinic_size(therapist, template):
    for _ in range(3):
        patient_with_sessions(therapist, template, 3)
    few = _count_list_queries(therapist, fresh=True)
    for n in range(80):
        patient_with_sessions(therapist, template, 7 if n % 9 else 20)
    assert _count_list_queries(therapist, fresh=True) == few


def test_today_and_session_posts_use_a_constant_number_of_queries(therapist, template):
    def measure(patient, assignment):
        client = client_for(patient)
        with CaptureQueriesContext(connection) as today:
            client.get("/api/v1/me/today")
        with CaptureQueriesContext(connection) as post:
            client.post("/api/v1/session-logs", {
                "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
                "performed_at": timezone.now().isoformat(),
                "entries": [{"exercise": "nod", "reps": 10}]}, format="json")
        return len(today), len(post)

    few = PatientFactory(clinic=therapist.clinic)
    baseline = measure(few, assign(few, template, date(2026, 11, 1)))
    many = patient_with_sessions(therapist, template, 7)
    for _ in range(30):
        patient_with_sessions(therapist, template, 7)
    assert measure(many, many.assignments.get()) == baseline


def test_the_fast_list_rows_match_the_documented_serializer(therapist, template):
    from monitoring.api.serializers import PatientListItemSerializer, patient_list_body
    from monitoring.selectors import patient_attention_list

    patient_with_sessions(therapist, template, 3, pain=8)
    invited = PatientFactory(clinic=therapist.clinic)
    invited.set_unusable_password()
    invited.save()
    with time_machine.travel(NOW, tick=False):
        rows = patient_attention_list(viewer=therapist)
    assert [patient_list_body(p) for p in rows] == PatientListItemSerializer(rows, many=True).data
