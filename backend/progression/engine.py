"""The progression engine: from logged facts to a state and the reasons for it.

Pure functions over plain data. Nothing here reads the database or the clock: `facts.py`
gathers a `Facts` from the logs and `library.rules` resolves the thresholds, so the same facts
always give the same evaluation, and property tests can generate facts directly.

The pain-monitoring model (shared clinical reference §4) as applied here, with thresholds
from `Rules`:
- pain during exercise at most `pain_safe_max` (3) is safe (green);
- above that, up to `pain_red_above` (5), is amber: acceptable only if it settled by the
  next morning, that is the next day's check-in soreness is at most the patient's usual
  (median check-in over the previous `usual_soreness_days`) plus `settle_margin`;
- above `pain_red_above`, or a headache triggered by exercise, is red.

The evidence window is the last `window_days` days, never reaching back before the day the
current phase began: after a phase change the evidence starts again.

States, first match wins:
1. `regress_suggested`: a red event in the window, or at least
   `regress_unsettled_amber_days` days of amber pain that did not settle. On the first
   phase there is nothing to step back to, so the state is `hold`.
2. `hold`: at least `hold_unsettled_amber_days` such days, or amber pain whose next
   morning is still to come or was not checked in.
   A session above its phase's Borg effort band (an overshoot) also holds.
3. `ready_to_advance`: not the last phase, at least `min_days_in_phase` days in it, at
   least `min_adherence_pct` of prescribed sessions done, full-dose sessions of the key
   exercises on `min_full_dose_sessions` different days (each with a rating: pain, or
   dizziness in a phase that `progress_on: dizziness`), and pain never above
   `max_pain_during` (or dizziness above `max_dizziness`). A next phase that
   `requires_signoff` is proposed with that said; progression.services never enters it
   automatically.
4. `on_track`: anything else; the reasons say what is still missing.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from assignments.models import ProgressionState
from common.dates import days
from library.rules import Rules
from logs.red_events import pain_is_red
from monitoring.adherence import adherence_between
from monitoring.diary import Diary

# The engine's answer is one of the assignment's progression states.
State = ProgressionState


@dataclass(frozen=True)
class Dose:
    """A prescribed or a logged dose; None: not prescribed / not logged."""

    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    duration_minutes: int | None = None


@dataclass(frozen=True)
class SessionFact:
    day: date  # the patient's local date
    # The pain that counts (logs.red_events.pain_that_counts: discomfort an exercise asks
    # for is green); None: no rating.
    pain_during: int | None = None
    headache_triggered: bool = False
    # (exercise slug, what was logged) for each entry; a slug may appear more than once.
    entries: tuple[tuple[str, Dose], ...] = ()
    # Highest dizziness the session's entries rated; None: not rated.
    dizziness: int | None = None
    # Aerobic effort above the phase's target band ({exercise, rpe, target}); None: within.
    effort_overshoot: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class PhaseInfo:
    index: int
    name: str
    target: str | None = None  # "24 mmHg" when the prescription names a target
    # The therapist confirms moving into this phase: automatic advance never enters it.
    requires_signoff: bool = False

    @property
    def at(self) -> str:
        return f"at {self.target}" if self.target else f"in “{self.name}”"

    @property
    def label(self) -> str:
        return self.target or f"“{self.name}”"


@dataclass(frozen=True)
class Facts:
    phase: PhaseInfo
    phase_since: date  # the first day of the current phase
    previous_phase: PhaseInfo | None
    next_phase: PhaseInfo | None
    # The full dose of each key exercise, as prescribed for this patient.
    key_doses: tuple[tuple[str, Dose], ...]
    # Sessions the schedule prescribes on each day (days missing: none).
    sessions_due: Mapping[date, int]
    sessions: tuple[SessionFact, ...]
    # Days with a headache log marked as triggered by exercise.
    triggered_headache_days: frozenset[date] = frozenset()
    # Check-in neck soreness by date, for the next-morning comparison and the usual.
    soreness: Mapping[date, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Evaluation:
    state: State
    reasons: list[str]
    proposed_phase: int | None
    summary: dict[str, Any] = field(default_factory=dict)


# --- Reading the facts -----------------------------------------------------------------------

def window_first_day(facts: Facts, rules: Rules, on: date) -> date:
    return max(on - timedelta(days=rules.window_days - 1), facts.phase_since)


def is_full_dose(logged: Dose, prescribed: Dose) -> bool:
    """Every prescribed part met or beaten; an unlogged set count means one set."""
    pairs = ((1 if logged.sets is None else logged.sets, prescribed.sets),
             (logged.reps, prescribed.reps), (logged.hold_seconds, prescribed.hold_seconds),
             (logged.duration_minutes, prescribed.duration_minutes))
    return all((have or 0) >= want for have, want in pairs if want is not None)


def session_is_full_dose(session: SessionFact, key_doses: tuple[tuple[str, Dose], ...]) -> bool:
    if not key_doses:
        return False
    return all(any(slug == logged_slug and is_full_dose(logged, dose)
                   for logged_slug, logged in session.entries)
               for slug, dose in key_doses)


def usual_soreness(soreness: Mapping[date, int], morning: date, days: int) -> float | None:
    """The median check-in soreness over the `days` days before `morning`."""
    values = [value for day, value in soreness.items()
              if morning - timedelta(days=days) <= day < morning]
    return statistics.median(values) if values else None


@dataclass(frozen=True)
class _Red:
    day: date
    pain: int | None  # None: a triggered headache


@dataclass(frozen=True)
class _Amber:
    day: date
    pain: int
    verdict: str  # "settled", "unsettled", "pending" (morning to come), "unknown"
    next_morning: int | None = None
    usual: float | None = None


def _amber(day: date, pain: int, facts: Facts, rules: Rules, on: date) -> _Amber:
    morning = day + timedelta(days=1)
    if morning > on:
        return _Amber(day, pain, "pending")
    next_morning = facts.soreness.get(morning)
    usual = usual_soreness(facts.soreness, morning, rules.usual_soreness_days)
    if next_morning is None or usual is None:
        return _Amber(day, pain, "unknown", next_morning, usual)
    verdict = "settled" if next_morning <= usual + rules.settle_margin else "unsettled"
    return _Amber(day, pain, verdict, next_morning, usual)


# --- Sentences -------------------------------------------------------------------------------

def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _days(days: list[date]) -> str:
    names = [_day(day) for day in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def dose_phrase(dose: Dose) -> str:
    if dose.reps is not None and dose.hold_seconds is not None:
        return f"all {dose.reps} holds of {dose.hold_seconds} s"
    if dose.sets is not None and dose.reps is not None:
        return f"{dose.sets} x {dose.reps}"
    if dose.reps is not None:
        return f"all {dose.reps} reps"
    if dose.duration_minutes is not None:
        return f"the full {dose.duration_minutes} minutes"
    return "the full dose"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- The evaluation --------------------------------------------------------------------------

class _DueTable:
    """The schedule's answer for the window, in the shape `adherence_between` reads from a
    Plan, so adherence here follows the same rules as everywhere else (monitoring)."""

    assignment_id = 0

    def __init__(self, due: Mapping[date, int]):
        self._due = due

    def sessions_due_on(self, day: date) -> int:
        return self._due.get(day, 0)

    def sessions_due_between(self, first: date, last: date) -> int:
        return sum(self._due.get(day, 0) for day in days(first, last))


def evaluate(facts: Facts, rules: Rules, on: date) -> Evaluation:
    """The state of one assignment's current phase on the patient's local date `on`."""
    first = window_first_day(facts, rules, on)
    sessions = sorted((s for s in facts.sessions if first <= s.day <= on),
                      key=lambda s: (s.day, -1 if s.pain_during is None else s.pain_during,
                                     s.headache_triggered))
    phase, at = facts.phase, facts.phase.at

    # Red events (logs.red_events decides what is red): pain above the limit, a headache
    # brought on by exercise, in the session or logged later.
    red = [_Red(s.day, s.pain_during) for s in sessions
           if pain_is_red(s.pain_during, limit=rules.pain_red_above)]
    triggered_days = sorted({s.day for s in sessions if s.headache_triggered}
                            | {day for day in facts.triggered_headache_days if first <= day <= on})
    red += [_Red(day, None) for day in triggered_days]

    # Amber days: the day's highest pain in the amber band (a red day is red already).
    highest: dict[date, int] = {}
    for s in sessions:
        if s.pain_during is not None:
            highest[s.day] = max(s.pain_during, highest.get(s.day, 0))
    ambers = [_amber(day, pain, facts, rules, on) for day, pain in sorted(highest.items())
              if rules.pain_safe_max < pain <= rules.pain_red_above]
    unsettled = [a for a in ambers if a.verdict == "unsettled"]
    waiting = [a for a in ambers if a.verdict in ("pending", "unknown")]

    # Progress towards the next phase.
    days_in_phase = (on - facts.phase_since).days
    done_by_day: dict[tuple[int, date], int] = {}
    for s in sessions:
        done_by_day[(0, s.day)] = done_by_day.get((0, s.day), 0) + 1
    adherence = adherence_between([_DueTable(facts.sessions_due)],  # type: ignore[list-item]
                                  Diary(sessions=done_by_day), first, on, today=on)
    # Full-dose evidence counts days, not logs: 14 logs on one day are one day of practice.
    # A session without the rating moving on is judged by (pain, or dizziness for gaze
    # stabilisation) is no evidence that it was safe to move on.
    by_dizziness = rules.progress_on == "dizziness"

    def rated(s: SessionFact) -> bool:
        return (s.dizziness if by_dizziness else s.pain_during) is not None

    full_dose_days = sorted({s.day for s in sessions
                             if rated(s) and session_is_full_dose(s, facts.key_doses)})
    full_dose = len(full_dose_days)
    unrated_full = sum(1 for s in sessions
                       if not rated(s) and session_is_full_dose(s, facts.key_doses))
    pains = [s.pain_during for s in sessions if s.pain_during is not None]
    max_pain = max(pains) if pains else None
    dizziness = [s.dizziness for s in sessions if s.dizziness is not None]
    max_dizziness = max(dizziness) if dizziness else None
    overshoots = [s for s in sessions if s.effort_overshoot]

    summary = {
        "phase": phase.index,
        "window": {"first": first.isoformat(), "last": on.isoformat()},
        "days_in_phase": days_in_phase,
        "sessions_prescribed": adherence.prescribed,
        "sessions_done": adherence.done,
        "sessions_logged": len(sessions),
        "adherence_pct": adherence.pct,
        "full_dose_sessions": full_dose,
        "full_dose_days": [day.isoformat() for day in full_dose_days],
        "full_dose_unrated": unrated_full,
        "max_pain_during": max_pain,
        "max_dizziness": max_dizziness,
        "effort_overshoots": [{"date": o.day.isoformat(), **(o.effort_overshoot or {})}
                              for o in overshoots],
        "red_events": [{"date": r.day.isoformat(), "pain_during": r.pain,
                        "kind": "pain_above_limit" if r.pain is not None else
                        "triggered_headache"} for r in red],
        "amber_days": [{"date": a.day.isoformat(), "pain_during": a.pain, "verdict": a.verdict,
                        "next_morning_soreness": a.next_morning, "usual_soreness": a.usual}
                       for a in ambers],
        "rules": rules.as_dict(),
    }

    window_length = (on - first).days + 1
    period = "today" if window_length == 1 else f"in the last {window_length} days"
    dose = " and ".join(dose_phrase(d) for _, d in facts.key_doses) or "the full dose"
    pain_text = "no pain recorded" if max_pain is None else f"pain at most {max_pain}"
    if by_dizziness:
        pain_text = ("no dizziness rated" if max_dizziness is None
                     else f"dizziness at most {max_dizziness}")
    progress = (f"{adherence.done} of {adherence.prescribed} sessions {period} {at}, "
                f"{_plural(full_dose, 'day')} with {dose}, {pain_text}")
    previous = facts.previous_phase

    def step_back(state_reasons: list[str]) -> Evaluation:
        if previous is None:
            return Evaluation(State.HOLD, [*state_reasons, (
                f"This is the first phase, so there is nothing to step back to: stay {at} "
                "and review the program with your therapist."), progress + "."], None, summary)
        return Evaluation(State.REGRESS_SUGGESTED, [
            *state_reasons, f"Step back to {previous.label}.", progress + "."],
            previous.index, summary)

    if red:
        reasons = []
        pain_days = [r for r in red if r.pain is not None]
        if len(pain_days) == 1:
            reasons.append(f"Pain {pain_days[0].pain} during exercise on "
                           f"{_day(pain_days[0].day)}, above the limit of "
                           f"{rules.pain_red_above}: a red event.")
        elif pain_days:
            worst = max(r.pain for r in pain_days if r.pain is not None)
            reasons.append(f"Pain above the limit of {rules.pain_red_above} during exercise "
                           f"in {len(pain_days)} sessions on "
                           f"{_days(sorted({r.day for r in pain_days}))} (highest {worst}): "
                           "red events.")
        if triggered_days:
            reasons.append(f"A headache brought on by exercise on {_days(triggered_days)}: "
                           "a red event.")
        return step_back(reasons)

    if len(unsettled) >= rules.regress_unsettled_amber_days:
        return step_back([
            f"Pain of {rules.pain_safe_max + 1}-{rules.pain_red_above} during exercise did "
            f"not settle by the next morning on {_days([a.day for a in unsettled])}: "
            f"{_plural(rules.regress_unsettled_amber_days, 'such day')} suggest stepping "
            "back."])

    def morning(a: _Amber) -> str:
        return (f"Pain {a.pain} during exercise on {_day(a.day)} "
                f"{'settled' if a.verdict == 'settled' else 'did not settle'} by the next "
                f"morning (neck soreness {a.next_morning}, usual {_number(a.usual or 0)}).")

    holding = bool(unsettled) and len(unsettled) >= rules.hold_unsettled_amber_days
    hold_reasons = [morning(a) for a in unsettled] if holding else []
    for a in waiting:
        if a.verdict == "pending":
            hold_reasons.append(f"Pain {a.pain} during exercise on {_day(a.day)}: see whether "
                                "it has settled by tomorrow morning's check-in.")
        elif a.next_morning is None:
            hold_reasons.append(f"Pain {a.pain} during exercise on {_day(a.day)}, and no "
                                "check-in the next morning to show it settled.")
        else:
            hold_reasons.append(f"Pain {a.pain} during exercise on {_day(a.day)}, and no "
                                "earlier check-ins to compare the next morning with.")
    if hold_reasons:
        return Evaluation(State.HOLD, [*hold_reasons, f"Stay {at} until it settles.",
                                       progress + "."], None, summary)
    if overshoots:
        # §1.4: build up to the trial's intensity; working above the phase's band is not a
        # reason to move on faster, and the therapist should see it.
        hardest = max(overshoots, key=lambda o: (o.effort_overshoot or {}).get("rpe", 0))
        over = hardest.effort_overshoot or {}
        return Evaluation(State.HOLD, [
            f"Effort {over.get('rpe')} on the Borg scale on {_day(hardest.day)}, above this "
            f"phase's target of {over.get('target')}"
            + (f" ({_plural(len(overshoots), 'session')} above it)" if len(overshoots) > 1
               else "") + ".",
            f"Stay {at} and keep the main part within {over.get('target')}.",
            progress + "."], None, summary)

    # Amber days that hold nothing back (settled, or fewer unsettled than hold), on record.
    settled_notes = [morning(a) for a in ambers if a.verdict in ("settled", "unsettled")]
    missing = []
    if facts.next_phase is None:
        missing.append(f"This is the last phase: keep going {at}.")
    else:
        if days_in_phase < rules.min_days_in_phase:
            missing.append(f"{_plural(days_in_phase, 'day')} {at} so far; at least "
                           f"{rules.min_days_in_phase} before moving on.")
        if adherence.pct is None:
            missing.append("No sessions were due in this window yet.")
        elif adherence.pct < rules.min_adherence_pct:
            missing.append(f"{adherence.pct}% of prescribed sessions done; "
                           f"{rules.min_adherence_pct}% needed to move on.")
        if full_dose < rules.min_full_dose_sessions:
            missing.append(f"{_plural(full_dose, 'day')} at the full dose ({dose}); "
                           f"{rules.min_full_dose_sessions} different days needed to move on.")
        if unrated_full:
            what = "dizziness" if by_dizziness else "pain"
            missing.append(f"{_plural(unrated_full, 'full-dose session')} without a {what} "
                           "rating: not counted.")
        if by_dizziness:
            if max_dizziness is not None and max_dizziness > rules.max_dizziness:
                missing.append(f"Dizziness reached {max_dizziness} during the exercise; "
                               f"moving on needs dizziness at most {rules.max_dizziness}.")
        elif max_pain is not None and max_pain > rules.max_pain_during:
            missing.append(f"Pain reached {max_pain} during exercise; moving on needs pain "
                           f"at most {rules.max_pain_during}.")
    if not missing and facts.next_phase is not None:
        signoff = ([f"{facts.next_phase.label} needs the therapist's sign-off: it is never "
                    "entered automatically."] if facts.next_phase.requires_signoff else [])
        summary["requires_signoff"] = facts.next_phase.requires_signoff
        return Evaluation(State.READY_TO_ADVANCE, [
            f"{progress}: ready for {facts.next_phase.label}.",
            f"{_plural(days_in_phase, 'day')} {at} (at least {rules.min_days_in_phase}).",
            *signoff, *settled_notes], facts.next_phase.index, summary)
    return Evaluation(State.ON_TRACK, [progress + ".", *missing, *settled_notes], None, summary)
