"""The audit log: who read or changed a patient's record, append-only and chained."""

from __future__ import annotations

import re
import uuid

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver

from audit.chain import Entry, append, verify
from audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories import ClinicFactory, PatientFactory, TherapistFactory

pytestmark = pytest.mark.django_db


def _rows(patient):
    return list(AuditEvent.objects.filter(patient_id=patient.pk).order_by("seq")
                .values_list("action", "record", "actor_id"))


def test_a_therapists_read_leaves_one_row_and_the_patients_own_read_none(
        therapist, patient, therapist_client, patient_client):
    assert therapist_client.get(f"/api/v1/patients/{patient.pk}/adherence").status_code == 200
    assert _rows(patient) == [("read", "adherence", therapist.pk)]
    assert patient_client.get("/api/v1/me/adherence").status_code == 200
    assert len(_rows(patient)) == 1
    row = AuditEvent.objects.get(patient_id=patient.pk)
    assert row.token_id and row.ip_hash and "127.0.0.1" not in row.ip_hash


def test_a_patients_change_is_recorded(patient, patient_client):
    body = {"client_id": str(uuid.uuid4()), "started_at": "2026-01-05T10:00:00+00:00",
            "peak_pain": 4, "migraine": False, "medication_taken": False, "notes": ""}
    assert patient_client.post("/api/v1/headache-logs", body).status_code == 201
    assert _rows(patient) == [("create", "headache_log", patient.pk)]


def test_a_refused_read_leaves_no_row(patient):
    other = TherapistFactory(clinic=ClinicFactory())
    assert client_for(other).get(f"/api/v1/patients/{patient.pk}/adherence").status_code == 404
    assert _rows(patient) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("statement", ["UPDATE audit_auditevent SET actor_id = 1",
                                       "DELETE FROM audit_auditevent"])
def test_the_database_refuses_to_change_or_delete_audit_rows(patient, statement):
    append(Entry(clinic_id=patient.clinic_id, patient_id=patient.pk, actor_id=patient.pk,
                 action="read", record="profile"))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 1


def test_the_application_refuses_to_change_or_delete_audit_rows(patient):
    from django.core.exceptions import PermissionDenied

    append(Entry(clinic_id=patient.clinic_id, patient_id=patient.pk, actor_id=None,
                 action="read", record="profile"))
    row = AuditEvent.objects.get()
    with pytest.raises(PermissionDenied):
        row.save()
    with pytest.raises(PermissionDenied):
        row.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().update(actor_id=3)


def _chain(patient, n=3):
    for _ in range(n):
        append(Entry(clinic_id=patient.clinic_id, patient_id=patient.pk, actor_id=1,
                     action="read", record="profile", ip="10.0.0.1"))


def _bypass(sql, params):
    """What an attacker with the table's owner could do: the trigger switched off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_append_only")


def test_a_whole_chain_verifies_and_each_clinic_has_its_own(patient):
    other = PatientFactory(clinic=ClinicFactory())
    _chain(patient)
    _chain(other, 2)
    assert verify() == []
    seqs = sorted(AuditEvent.objects.filter(clinic_id=other.clinic_id)
                  .values_list("seq", flat=True))
    assert seqs == [1, 2]


def test_an_edited_row_breaks_the_chain(patient):
    _chain(patient)
    _bypass("UPDATE audit_auditevent SET actor_id = 99 WHERE seq = 2", [])
    assert [(b.seq, b.reason) for b in verify()] == [(2, "row 2 was changed")]


def test_a_deleted_row_breaks_the_chain(patient):
    _chain(patient)
    _bypass("DELETE FROM audit_auditevent WHERE seq = 2", [])
    assert [b.seq for b in verify()] == [3]


def test_a_deleted_last_row_shows(patient):
    _chain(patient)
    _bypass("DELETE FROM audit_auditevent WHERE seq = 3", [])
    assert [b.reason for b in verify()] == ["rows after the last one are missing"]


def test_pruning_leaves_a_checkpoint_and_the_chain_holds(patient, settings):
    import time_machine
    from django.utils import timezone

    from audit.chain import prune

    settings.AUDIT_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() - timezone.timedelta(days=60)):
        _chain(patient, 2)
    _chain(patient, 1)
    assert prune() == 2
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "action")) == [
        (3, "read"), (4, "checkpoint")]
    assert verify() == []


# --- Every read of a patient's data leaves a row ---------------------------------------------

def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _patient_reads():
    """Every API path that names a patient (GET): the reads of one patient's data."""
    found = []
    for route, entry in _patterns():
        view = getattr(entry.callback, "cls", None)
        if (route.startswith("api/v1/") and "<int:patient_id>" in route and view
                and hasattr(view, "get")):
            found.append(route.removeprefix("api/v1/"))
    return sorted(set(found))


PATIENT_READS = _patient_reads()


def test_the_walk_finds_the_patient_reads():
    assert "patients/<int:patient_id>/adherence" in PATIENT_READS
    assert len(PATIENT_READS) >= 5


@pytest.mark.parametrize("route", PATIENT_READS)
def test_every_staff_read_of_a_patient_leaves_a_row(route, therapist, patient,
                                                    therapist_client):
    path = re.sub(r"<int:patient_id>", str(patient.pk), route)
    response = therapist_client.get(f"/api/v1/{path}")
    assert response.status_code == 200, (path, response.content[:300])
    assert [(a, actor) for a, _, actor in _rows(patient)] == [("read", therapist.pk)]


# --- Reading the log -------------------------------------------------------------------------

def test_the_clinic_admin_filters_the_log_and_exports_it(therapist, patient, therapist_client):
    from tests.factories import ClinicAdminFactory

    other = PatientFactory(clinic=patient.clinic)
    therapist_client.get(f"/api/v1/patients/{patient.pk}/adherence")
    therapist_client.get(f"/api/v1/patients/{other.pk}/adherence")
    outsider = PatientFactory(clinic=ClinicFactory())
    client_for(TherapistFactory(clinic=outsider.clinic)).get(
        f"/api/v1/patients/{outsider.pk}/adherence")
    admin = client_for(ClinicAdminFactory(clinic=patient.clinic))
    page = admin.get(f"/api/v1/audit-events?patient={patient.pk}&action=read").json()
    assert [(r["patient"], r["actor"], r["record"]) for r in page["results"]] == [
        (patient.pk, therapist.pk, "adherence")]
    everything = admin.get("/api/v1/audit-events").json()
    assert {r["patient"] for r in everything["results"]} == {patient.pk, other.pk}
    assert admin.get("/api/v1/audit-events?from=2000-01-01&to=2000-01-02").json()["count"] == 0
    csv_file = admin.get("/api/v1/audit-events?format=csv")
    assert csv_file["Content-Type"].startswith("text/csv")
    lines = csv_file.content.decode().strip().splitlines()
    assert lines[0].startswith("seq,at,actor,patient") and len(lines) == 3
    assert admin.get("/api/v1/audit-events?action=looked").status_code == 400


def test_a_patient_sees_who_looked_at_their_record(therapist, patient, therapist_client,
                                                   patient_client):
    therapist_client.get(f"/api/v1/patients/{patient.pk}/adherence")
    patient_client.get("/api/v1/me/adherence")
    log = patient_client.get("/api/v1/me/access-log").json()["results"]
    assert [(e["name"], e["role"], e["action"]) for e in log] == [
        (therapist.get_full_name(), "therapist", "read")]


def test_the_command_fails_on_a_broken_chain(patient):
    from django.core.management import CommandError, call_command

    _chain(patient)
    call_command("verify_audit_chain")
    _bypass("UPDATE audit_auditevent SET record = 'x' WHERE seq = 1", [])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit_chain")
