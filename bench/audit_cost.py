"""What the audit log costs on the hot path: server CPU per request (this process plus its
PostgreSQL backend), with the audit row written and with it switched off, best of 3 rounds.

    DATABASE_URL=postgres://... PYTHONPATH=backend:. python bench/audit_cost.py

Builds one clinic, therapist and patient with 12 weeks of sessions in a throwaway test
database beside the one DATABASE_URL names (created and migrated here, dropped at the end),
so that it can be run again and again. In-process (Django's test client over
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
# Audit on and off alternate in blocks of this many requests within each round, so that
# both modes see the same load from whatever else runs on the machine.
BLOCK = 10


def _backend_ns() -> int:
    """CPU time of this connection's PostgreSQL backend, in nanoseconds (schedstat: the
    clock ticks of /proc/<pid>/stat are 10 ms, too coarse for a block of requests)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])


def _round(call, switch) -> dict[str, float]:
    """ms of server CPU per request for each mode, blocks of the two modes interleaved."""
    spent = {"off": 0.0, "on": 0.0}
    for _ in range(REQUESTS // BLOCK):
        for mode in ("off", "on"):
            switch(mode)
            start_py, start_db = time.process_time_ns(), _backend_ns()
            for _ in range(BLOCK):
                call()
            spent[mode] += (time.process_time_ns() - start_py + _backend_ns() - start_db) / 1e6
    return {mode: total / REQUESTS for mode, total in spent.items()}


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure() -> None:
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

    def switch(mode: str) -> None:
        audit.recording.record = real if mode == "on" else (lambda *a, **k: None)

    for name, call in (("GET patients/{id}/adherence", adherence),
                       ("POST session-logs", post_session)):
        for _ in range(20):
            call()  # warm
        rounds = [_round(call, switch) for _ in range(ROUNDS)]
        switch("on")
        best = {mode: min(r[mode] for r in rounds) for mode in ("off", "on")}
        extra = (best["on"] / best["off"] - 1) * 100
        print(f"{name}: without audit {best['off']:.2f} ms CPU/req, with {best['on']:.2f} "
              f"ms ({extra:+.1f}%)")


if __name__ == "__main__":
    main()
