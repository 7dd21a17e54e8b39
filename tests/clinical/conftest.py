"""The clinical case book: one file per clinical situation, each built through the services
the app uses (a session posted as the phone posts it, the engine run as the worker runs
it), each asserting what the patient or the therapist would see."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from logs.services import session_log_submit


def post_session(patient, assignment, *, days_ago: int = 0, hour: int = 9, minute: int = 0,
                 entries: list[dict], **answers):
    """A session as `POST session-logs` stores it (logs.services.session_log_submit)."""
    day = patient.local_today() - timedelta(days=days_ago)
    performed_at = datetime.combine(day, time(hour, minute), tzinfo=patient.zone)
    return session_log_submit(patient=patient, client_id=uuid.uuid4(),
                              assignment_id=assignment.pk, performed_at=performed_at,
                              entries=entries, **answers)[0]
