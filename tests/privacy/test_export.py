"""A patient's copy of their data: a ZIP of JSON files, one per kind, and a summary."""

from __future__ import annotations

import html
import io
import json
import zipfile

from audit.models import AuditEvent
from privacy.registry import PATIENT_DATA
from tests.conftest import client_for
from tests.privacy.conftest import (
    ACTIVITY,
    EMAIL,
    FIRST,
    HEADACHE_NOTE,
    SESSION_NOTE,
    Full,
)


def _archive(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_patients_copy_holds_every_kind_of_record_they_have(full: Full):
    archive = _archive(client_for(full.patient).get("/api/v1/me/export"))
    names = set(archive.namelist())
    assert names == {f"{entry.name}.json" for entry in PATIENT_DATA} | {"summary.html"}
    data = {name[:-5]: json.loads(archive.read(name)) for name in names if name != "summary.html"}
    # The fixture gave the patient a row of every kind but the erasure request.
    empty = {name for name, rows in data.items() if not rows}
    assert empty == {"erasure_request"}
    assert data["profile"][0]["email"] == EMAIL and "password" not in data["profile"][0]
    assert [row["notes"] for row in data["session_logs"]] == [SESSION_NOTE]
    assert data["measures"][0]["answers"][0]["activity"] == ACTIVITY
    assert all(row["patient_id"] == full.patient.pk for row in data["audit_log"])
    assert {"p256dh", "auth"}.isdisjoint(data["push_subscriptions"][0])
    assert "token_digest" not in data["invites"][0]
    summary = archive.read("summary.html").decode()
    assert FIRST in summary and html.escape(HEADACHE_NOTE) in summary
    assert "session_logs.json" in summary


def test_nothing_of_another_patient_is_in_the_copy(full: Full):
    peer = full.world.users["peer"]
    archive = _archive(client_for(peer).get("/api/v1/me/export"))
    text = " ".join(archive.read(name).decode() for name in archive.namelist())
    assert EMAIL not in text and SESSION_NOTE not in text and FIRST not in text


def test_the_therapist_makes_the_same_copy_and_the_audit_log_says_so(full: Full):
    before = AuditEvent.objects.filter(patient_id=full.patient.pk, record="export").count()
    archive = _archive(client_for(full.therapist).get(
        f"/api/v1/patients/{full.patient.pk}/export"))
    assert json.loads(archive.read("profile.json"))[0]["id"] == full.patient.pk
    rows = AuditEvent.objects.filter(patient_id=full.patient.pk, record="export")
    assert rows.count() == before + 1
    assert (rows.last().actor_id, rows.last().action) == (full.therapist.pk, "read")


def test_another_clinics_therapist_cannot_export_the_patient(full: Full):
    response = client_for(full.world.users["other_therapist"]).get(
        f"/api/v1/patients/{full.patient.pk}/export")
    assert response.status_code == 404
