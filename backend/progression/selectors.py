"""Reads for the progression engine: an assignment's state as the API shows it, and the
stop-and-rest notice of the patient's day."""

from __future__ import annotations

from datetime import datetime, tzinfo

from django.utils.translation import gettext

from assignments.models import Assignment
from progression.engine import State

NOT_YET_EVALUATED = ("Not evaluated yet: progress is checked after each logged session or "
                     "check-in, and once a day.")


def progression_of(assignment: Assignment) -> dict:
    """The stored evaluation (`assignment.evaluation`, selected with it). Before the first
    one, `on_track` with no time: a read never evaluates, so it never writes."""
    stored = getattr(assignment, "evaluation", None)
    if stored is None:
        return {"state": State.ON_TRACK.value, "reasons": [NOT_YET_EVALUATED],
                "proposed_phase": None, "evaluated_at": None}
    return {"state": stored.state, "reasons": stored.reasons,
            "proposed_phase": stored.proposed_phase, "evaluated_at": stored.evaluated_at}


def stop_and_rest_notices(*, pain_at: list[datetime], triggered_at: list[datetime],
                          zone: tzinfo) -> list[dict]:
    """`notices` of the patient's day after a red event (pain above their limit during
    exercise, a headache brought on by exercise): one notice, from the first of them."""
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
