"""An alert in one sentence, for the therapist's inbox: "Pain 7 during exercise on Fri 27 Nov,
above the limit of 5." Built from the alert's `details` (what raised it stored the numbers);
a detail an older alert lacks is left out of the sentence, never shown as a raw key."""

from __future__ import annotations

from datetime import date

from alerts.models import Alert, AlertKind


def day_words(value: object) -> str | None:
    """"Fri 27 Nov" for an ISO date (the patient's local date, as stored), else None."""
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return None
    return f"{day:%a} {day.day} {day:%b}"


def _on(details: dict, key: str = "date") -> str:
    day = day_words(details.get(key))
    return f" on {day}" if day else ""


def _times(details: dict) -> str:
    count = details.get("occurrences") or 1
    return f" ({count} times since this alert was raised)" if count > 1 else ""


def _pain(d: dict) -> str:
    limit = d.get("limit")
    above = f", above the limit of {limit}" if limit is not None else ""
    return f"Pain {d.get('pain_during', '?')} during exercise{_on(d)}{above}.{_times(d)}"


def _triggered(d: dict) -> str:
    hours = d.get("hours_after_session")
    after = f", {hours:g} hours after a session" if isinstance(hours, int | float) else ""
    return f"A headache brought on by exercise{_on(d)}{after}.{_times(d)}"


def _proposal(d: dict) -> str:
    program = d.get("program") or "The program"
    target = d.get("to_phase_name")
    where = f" to “{target}”" if target else ""
    move = ("step back" if d.get("direction") == "regress" else "move on")
    reason = f" {d['reason']}" if d.get("reason") else ""
    return f"{program}: ready to {move}{where}{_on(d)}.{reason}"


def _no_log(d: dict) -> str:
    days = d.get("days")
    since = day_words(d.get("since"))
    span = f" for {days} days" if days else ""
    return f"No exercise logged{span}{f' (since {since})' if since else ''}."


def _urgent(d: dict) -> str:
    flags = ", ".join(str(flag).replace("_", " ") for flag in d.get("red_flags", []))
    peak = d.get("peak_pain")
    return (f"A red-flag headache{_on(d)}" + (f", peak pain {peak}" if peak is not None else "")
            + (f" ({flags})" if flags else "") + ": the patient was sent to emergency care.")


def _escalation(d: dict) -> str:
    last, baseline = d.get("headache_days_last_28"), d.get("baseline_headache_days_28")
    against = f", against {baseline} at the start" if baseline is not None else ""
    return f"{last} headache days in the last 28{against}{_on(d)}." if last is not None \
        else "Headache days are rising."


SENTENCES = {
    AlertKind.PAIN_ABOVE_LIMIT: _pain, AlertKind.TRIGGERED_HEADACHE: _triggered,
    AlertKind.PROGRESSION_PROPOSAL: _proposal, AlertKind.NO_RECENT_LOG: _no_log,
    AlertKind.URGENT_SYMPTOMS: _urgent, AlertKind.HEADACHE_ESCALATION: _escalation,
}


def alert_sentence(alert: Alert) -> str:
    details = alert.details if isinstance(alert.details, dict) else {}
    build = SENTENCES.get(alert.kind)  # type: ignore[call-overload]
    if build is None:
        return alert.get_kind_display()
    try:
        return build(details)
    except (TypeError, ValueError, KeyError):  # an odd old row: the kind's name at least
        return alert.get_kind_display()
