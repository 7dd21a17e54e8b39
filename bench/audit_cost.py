"""What the audit log costs on the hot path: server CPU per request (this process plus its
PostgreSQL backend), with the audit row written and with it switched off, best of 3 rounds.

    DATABASE_URL=postgres://... PYTHONPATH=backend:. python bench/audit_cost.py

Builds one clinic, therapist and patient with 12 weeks of sessions in that database (the
development one: run `manage.py migrate` first). In-process (Django's test client over
the whole middleware stack and DRF), so it measures the server's work without HTTP.
"""

from __future__ import annotations

import os
import time
import uuid
from datetime import timedelta
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hep.settings.dev")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

import audit.recording  # noqa: E402
from logs.services import session_log_create  # noqa: E402
from tests.conftest import client_for  # noqa: E402
from tests.factories import (  # noqa: E402
    ClinicFactory,
    ExerciseFactory,
    PatientFactory,
    ProgramTemplateFactory,
    TherapistFactory,
    assign,
    item,
    phase,
)

ROUNDS, REQUESTS = 3, int(os.environ.get("AUDIT_BENCH_REQUESTS", "300"))
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _backend_ms() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS


def _cpu_ms(call) -> float:
    start_py, start_db = time.process_time(), _backend_ms()
    for _ in range(REQUESTS):
        call()
    return ((time.process_time() - start_py) * 1000 + _backend_ms() - start_db) / REQUESTS


def main() -> None:
    setup_test_environment()
    clinic = ClinicFactory()
    therapist = TherapistFactory(clinic=clinic)
    patient = PatientFactory(clinic=clinic, primary_therapist=therapist)
    exercise = ExerciseFactory(slug=f"nod-{uuid.uuid4().hex[:6]}")
    template = ProgramTemplateFactory(phases=[phase(item(exercise, reps=10, hold_seconds=5))])
    today = patient.local_today()
    assignment = assign(patient, template, today - timedelta(weeks=12))
    for n in range(36):
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                           performed_at=timezone.now() - timedelta(days=2 * n, hours=1),
                           entries=[], pain_during=1)
    staff, own = client_for(therapist), client_for(patient)

    def adherence():
        assert staff.get(f"/api/v1/patients/{patient.pk}/adherence").status_code == 200

    def post_session():
        body = {"client_id": str(uuid.uuid4()), "assignment": assignment.pk,
                "performed_at": timezone.now().isoformat(), "pain_during": 1,
                "entries": [{"exercise": exercise.slug, "reps": 10, "hold_seconds": 5}]}
        assert own.post("/api/v1/session-logs", body, format="json").status_code == 201

    real = audit.recording.record
    for name, call in (("GET patients/{id}/adherence", adherence),
                       ("POST session-logs", post_session)):
        best = {"off": float("inf"), "on": float("inf")}
        for _ in range(ROUNDS):
            for mode in ("off", "on"):
                audit.recording.record = real if mode == "on" else (lambda *a, **k: None)
                call()  # warm
                best[mode] = min(best[mode], _cpu_ms(call))
        audit.recording.record = real
        extra = (best["on"] / best["off"] - 1) * 100
        print(f"{name}: without audit {best['off']:.2f} ms CPU/req, with {best['on']:.2f} "
              f"ms (+{extra:.1f}%)")


if __name__ == "__main__":
    main()
