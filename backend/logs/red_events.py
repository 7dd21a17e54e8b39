"""What a red event is, and what follows one: the one place that decides.

A red event stops a patient's exercise for the day (pain-monitoring model, shared clinical
reference §4): pain during exercise above the patient's limit, or a headache brought on by
exercise (during a session, or logged later as brought on by it). Discomfort an exercise
asks for (`expected_discomfort_max`, tender-point pressure) is green for that exercise
(`pain_that_counts`). Everything that asks
"was this red?" asks here: the session and headache writes (an alert to the therapist and
the stop-and-rest notice of the patient's day) and the progression engine (a red event in
the window suggests stepping back).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from django.db import models
from django.utils.translation import gettext

from accounts.models import User
from alerts.models import AlertKind
from alerts.services import alert_raise
from library.rules import exercise_trigger_window_hours, pain_bands
from logs.models import HeadacheLog, SessionLog
from logs.signals import evidence_logged


class RedEvent(models.TextChoices):
    PAIN = "pain", "Pain above the limit during exercise"
    TRIGGERED = "triggered", "Headache brought on by exercise"


# The alert each kind raises for the therapist.
ALERT_OF = {RedEvent.PAIN: AlertKind.PAIN_ABOVE_LIMIT,
            RedEvent.TRIGGERED: AlertKind.TRIGGERED_HEADACHE}

# A red event is remembered on the patient for a week: long enough for "today or yesterday"
# in any zone and for a therapist looking back a few days.
MEMORY = timedelta(days=7)


def pain_bands_for(*, patient: User, progression_settings: dict | None = None
                   ) -> tuple[int, int]:
    """(safe_max, red_above): pain during exercise up to the first is green, above the
    second red. A clinic and an assignment may set their own (`library.rules`); a template
    cannot, so the same pain means the same everywhere."""
    return pain_bands(
        clinic_settings=patient.clinic.settings if patient.clinic else {},
        clinic_id=patient.clinic_id, assignment_settings=progression_settings,
    )


def pain_limit_for(*, patient: User, progression_settings: dict | None = None) -> int:
    """Pain during exercise above this is red."""
    return pain_bands_for(patient=patient, progression_settings=progression_settings)[1]


def pain_is_red(pain: int | None, *, limit: int) -> bool:
    return pain is not None and pain > limit


def pain_that_counts(*, session_pain: int | None,
                     entries: Sequence[tuple[int | None, int | None]], safe_max: int
                     ) -> int | None:
    """The session's pain as the pain-monitoring bands judge it. `entries`: (the entry's own
    pain rating or None, its exercise's `expected_discomfort_max` or None).

    An exercise that asks for discomfort (tender-point pressure: about 3 to 4 of 10, clinical
    reference §2) declares how much; a rating up to it is green for that exercise, so it
    counts as at most `safe_max`, never amber or red. A rating above it counts in full.
    An entry's own rating is judged against its own exercise; the session's rating covers
    the entries without one, and is excused only up to the smallest allowance among them
    (it cannot tell which exercise hurt). The highest counted rating is the session's.
    None: no rating at all.
    """
    counted: list[int] = []

    def judged(pain: int, allowance: int | None) -> int:
        return min(pain, safe_max) if allowance is not None and pain <= allowance else pain

    for pain, allowance in entries:
        if pain is not None:
            counted.append(judged(pain, allowance))
    if session_pain is not None:
        covered = [allowance for pain, allowance in entries if pain is None] or [
            allowance for _, allowance in entries]
        smallest = (None if not covered or any(a is None for a in covered)
                    else min(a for a in covered if a is not None))
        counted.append(judged(session_pain, smallest))
    return max(counted) if counted else None


def session_red_events(*, pain: int | None, headache_triggered: bool, limit: int
                       ) -> list[RedEvent]:
    """`pain`: the session's pain that counts (`pain_that_counts`)."""
    events = []
    if pain_is_red(pain, limit=limit):
        events.append(RedEvent.PAIN)
    if headache_triggered:
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


def trigger_window(patient: User) -> timedelta:
    """A headache starting this long after a session may have been brought on by it (the
    PWA asks; `EXERCISE_TRIGGER_WINDOW_HOURS`, a clinic may set its own)."""
    return timedelta(hours=exercise_trigger_window_hours(
        patient.clinic.settings if patient.clinic else {}))


def session_before(*, patient: User, at: datetime) -> SessionLog | None:
    """The patient's latest session logged in the trigger window before `at`, or None."""
    return (SessionLog.objects.filter(patient=patient, performed_at__lte=at,
                                      performed_at__gte=at - trigger_window(patient))
            .order_by("-performed_at").first())


def headache_red_event_record(*, patient: User, log: HeadacheLog,
                              session: SessionLog | None = None) -> None:
    """A headache the patient said exercise brought on, logged on its own: the same red
    event as answering "yes" in the session, for that session's program. Without a session
    (none in the window) it concerns every program the patient follows."""
    details: dict = {"date": log.local_date.isoformat(), "headache_log": log.pk}
    if session is not None:
        details |= {"session_log": session.pk, "assignment": session.assignment_id,
                    "hours_after_session": round(
                        (log.started_at - session.performed_at).total_seconds() / 3600, 1)}
    red_event_record(patient=patient, kind=RedEvent.TRIGGERED, at=log.started_at,
                     details=details, session_log_id=session.pk if session else None)
    evidence_logged.send(HeadacheLog, patient_id=patient.pk,
                         assignment_id=session.assignment_id if session else None)


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
