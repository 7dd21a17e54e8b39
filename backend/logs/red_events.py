"""What a red event is, and what follows one: the one place that decides.

A red event stops a patient's exercise for the day (pain-monitoring model, shared clinical
reference §4): pain during exercise above the patient's limit, or a headache brought on by
exercise (during a session, or logged later as brought on by it). Everything that asks
"was this red?" asks here: the session and headache writes (an alert to the therapist and
the stop-and-rest notice of the patient's day) and the progression engine (a red event in
the window suggests stepping back).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol

from django.db import models
from django.utils.translation import gettext

from accounts.models import User
from alerts.models import AlertKind
from alerts.services import alert_raise
from library.rules import pain_red_above


class RedEvent(models.TextChoices):
    PAIN = "pain", "Pain above the limit during exercise"
    TRIGGERED = "triggered", "Headache brought on by exercise"


# The alert each kind raises for the therapist.
ALERT_OF = {RedEvent.PAIN: AlertKind.PAIN_ABOVE_LIMIT,
            RedEvent.TRIGGERED: AlertKind.TRIGGERED_HEADACHE}

# A red event is remembered on the patient for a week: long enough for "today or yesterday"
# in any zone and for a therapist looking back a few days.
MEMORY = timedelta(days=7)


def pain_limit_for(*, patient: User, progression_settings: dict | None = None) -> int:
    """Pain during exercise above this is red. A clinic and an assignment may set their own
    (`library.rules`); a template cannot, so the same pain means the same everywhere."""
    return pain_red_above(
        clinic_settings=patient.clinic.settings if patient.clinic else {},
        clinic_id=patient.clinic_id, assignment_settings=progression_settings,
    )


def pain_is_red(pain: int | None, *, limit: int) -> bool:
    return pain is not None and pain > limit


class SessionEvidence(Protocol):
    """What a session says about red events (a stored log, or the engine's facts)."""

    pain_during: int | None
    headache_triggered: bool


def session_red_events(session: SessionEvidence, *, limit: int) -> list[RedEvent]:
    events = []
    if pain_is_red(session.pain_during, limit=limit):
        events.append(RedEvent.PAIN)
    if session.headache_triggered:
        events.append(RedEvent.TRIGGERED)
    return events


def red_event_record(*, patient: User, kind: RedEvent, at: datetime, details: dict,
                     session_log_id: int | None = None) -> None:
    """Tell the therapist (an alert) and remember the event on the patient, so that every
    read of today's plan shows the stop-and-rest notice without a query. Call inside the
    transaction that stores the log."""
    alert_raise(patient=patient, kind=ALERT_OF[kind], details=details,
                session_log_id=session_log_id)
    _remember(patient=patient, kind=kind, at=at)


def _remember(*, patient: User, kind: RedEvent, at: datetime) -> None:
    # The row lock keeps two red events logged at once from losing one.
    current = User.objects.select_for_update().values_list(
        "recent_red_events", flat=True).get(pk=patient.pk)
    events = [*current, {"kind": str(kind), "at": at.isoformat()}]
    # Measured from the newest event, not the clock, so a log synced late still counts.
    newest = max(datetime.fromisoformat(e["at"]) for e in events)
    events = [e for e in events if datetime.fromisoformat(e["at"]) >= newest - MEMORY]
    User.objects.filter(pk=patient.pk).update(recent_red_events=events)
    patient.recent_red_events = events


def stop_and_rest_notices(*, patient: User, on: date) -> list[dict]:
    """`notices` of the patient's day: stop and rest after a red event on `on` or the day
    before, from the events remembered on the patient (no query)."""
    zone = patient.zone
    recent = [(event["kind"], datetime.fromisoformat(event["at"]))
              for event in patient.recent_red_events]
    recent = [(kind, at) for kind, at in recent
              if on - timedelta(days=1) <= at.astimezone(zone).date() <= on]
    return _notices(pain_at=[at for kind, at in recent if kind == RedEvent.PAIN],
                    triggered_at=[at for kind, at in recent if kind == RedEvent.TRIGGERED],
                    zone=zone)


def _notices(*, pain_at: list[datetime], triggered_at: list[datetime], zone: tzinfo
             ) -> list[dict]:
    if not pain_at and not triggered_at:
        return []
    if pain_at and triggered_at:
        what = gettext("You logged pain above your limit and a headache brought on by "
                       "exercise.")
    elif pain_at:
        what = gettext("You logged pain above your limit during exercise.")
    else:
        what = gettext("You logged a headache brought on by exercise.")
    rest = gettext("Stop these exercises for today and rest. Your therapist has been told "
                   "and will be in touch about what to do next. If the pain or headache gets "
                   "worse or does not settle, contact your therapist or doctor.")
    return [{"kind": "stop_and_rest", "message": f"{what} {rest}",
             "since": min([*pain_at, *triggered_at]).astimezone(zone)}]
