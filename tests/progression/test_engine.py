"""The engine on hand-made facts: each state, the settle rule and the sentences."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from library.rules import resolve
from progression.engine import Dose, Facts, PhaseInfo, SessionFact, State, evaluate

ON = date(2026, 3, 20)  # a Friday
NOD = "ccf-pressure-biofeedback"
FULL = Dose(reps=10, hold_seconds=10)
STAGE = {"name": "Stage 2: 24 mmHg", "min_days": 7}


def day(back: int) -> date:
    return ON - timedelta(days=back)


def session(back: int, pain: int | None = 1, dose: Dose = FULL, triggered: bool = False):
    return SessionFact(day=day(back), pain_during=pain, headache_triggered=triggered,
                       entries=((NOD, dose),))


def course(*extra: SessionFact, since_back: int = 10, soreness: dict | None = None,
           calm_days: range = range(6, 0, -1), **changes) -> Facts:
    """Stage 2 (24 mmHg) since `since_back` days: two full sessions a day over the last
    six days, pain 1, and whatever `extra` adds today or earlier."""
    sessions = [session(back) for back in calm_days for _ in range(2)]
    return Facts(**{
        "phase": PhaseInfo(2, "Stage 2: 24 mmHg", "24 mmHg"),
        "phase_since": day(since_back),
        "previous_phase": PhaseInfo(1, "Stage 1: 22 mmHg", "22 mmHg"),
        "next_phase": PhaseInfo(3, "Stage 3: 26 mmHg", "26 mmHg"),
        "key_doses": ((NOD, FULL),),
        "sessions_due": {day(back): 2 for back in range(40)},
        "sessions": (*sessions, *extra),
        "soreness": {day(back): 2 for back in range(1, 35)} if soreness is None else soreness,
        **changes,
    })


RULES = resolve(phase=STAGE)


def test_ready_to_advance_reads_like_the_issue_asks():
    result = evaluate(course(session(0), session(0)), RULES, ON)
    assert result.state == State.READY_TO_ADVANCE
    assert result.proposed_phase == 3
    assert result.reasons[0] == ("14 of 14 sessions in the last 7 days at 24 mmHg, 7 days with "
                                 "all 10 holds of 10 s, pain at most 1: ready for 26 mmHg.")
    assert result.reasons[1] == "10 days at 24 mmHg (at least 7)."


def test_before_the_minimum_time_it_is_on_track_and_says_how_long_is_left():
    result = evaluate(course(since_back=4, calm_days=range(4, 0, -1)), RULES, ON)
    assert result.state == State.ON_TRACK
    assert "4 days at 24 mmHg so far; at least 7 before moving on." in result.reasons


def test_low_adherence_and_partial_doses_are_named_with_their_numbers():
    short = Dose(reps=10, hold_seconds=6)
    facts = course(*[session(back, dose=short) for back in (5, 3, 1)], calm_days=range(0))
    result = evaluate(facts, RULES, ON)
    assert result.state == State.ON_TRACK
    # Today's sessions count once done, so the morning never looks worse than last night.
    assert result.reasons[0].startswith(
        "3 of 12 sessions in the last 7 days at 24 mmHg, 0 days with")
    assert "25% of prescribed sessions done; 80% needed to move on." in result.reasons
    assert ("0 days at the full dose (all 10 holds of 10 s); 3 different days needed to move "
            "on." in result.reasons)


def test_pain_above_the_limit_suggests_stepping_back():
    result = evaluate(course(session(2, pain=7)), RULES, ON)
    assert result.state == State.REGRESS_SUGGESTED
    assert result.proposed_phase == 1
    assert result.reasons[:2] == [
        "Pain 7 during exercise on Wed 18 Mar, above the limit of 5: a red event.",
        "Step back to 22 mmHg."]
    assert result.summary["red_events"] == [
        {"date": "2026-03-18", "pain_during": 7, "kind": "pain_above_limit"}]


def test_an_exercise_triggered_headache_is_red_even_without_pain():
    logged = evaluate(course(session(1, pain=0, triggered=True)), RULES, ON)
    diary = evaluate(course(triggered_headache_days=frozenset({day(3)})), RULES, ON)
    for result in (logged, diary):
        assert result.state == State.REGRESS_SUGGESTED
        assert "headache brought on by exercise" in result.reasons[0]


def test_a_red_event_in_the_first_phase_holds_there():
    facts = course(session(1, pain=8), previous_phase=None,
                   phase=PhaseInfo(0, "Learn the nod (no cuff)"))
    result = evaluate(facts, RULES, ON)
    assert (result.state, result.proposed_phase) == (State.HOLD, None)
    assert "nothing to step back to: stay in “Learn the nod (no cuff)”" in result.reasons[1]


def test_a_red_event_before_the_phase_began_is_not_held_against_it():
    """After the therapist steps back, the new phase's evidence starts afresh."""
    result = evaluate(course(session(9, pain=8), since_back=8,
                             calm_days=range(7, -1, -1)), RULES, ON)
    assert result.state == State.READY_TO_ADVANCE


@pytest.mark.parametrize(("next_morning", "state"), [
    (3, State.ON_TRACK),  # usual 2 + margin 1: settled, but 4 is too much to move on
    (4, State.HOLD),  # did not settle
])
def test_amber_pain_is_acceptable_only_if_it_settled_by_the_next_morning(next_morning, state):
    soreness = {day(back): 2 for back in range(3, 35)} | {day(2): next_morning}
    result = evaluate(course(session(3, pain=4), soreness=soreness), RULES, ON)
    assert result.state == state
    if state == State.ON_TRACK:
        assert ("Pain 4 during exercise on Tue 17 Mar settled by the next morning "
                "(neck soreness 3, usual 2)." in result.reasons)
        assert ("Pain reached 4 during exercise; moving on needs pain at most 3."
                in result.reasons)
    else:
        assert result.reasons[0] == ("Pain 4 during exercise on Tue 17 Mar did not settle by "
                                     "the next morning (neck soreness 4, usual 2).")
        assert result.reasons[1] == "Stay at 24 mmHg until it settles."


def test_two_unsettled_amber_days_suggest_stepping_back():
    soreness = {day(back): 2 for back in range(5, 35)} | {day(4): 5, day(2): 6}
    result = evaluate(course(session(5, pain=5), session(3, pain=4), soreness=soreness),
                      RULES, ON)
    assert result.state == State.REGRESS_SUGGESTED
    assert result.reasons[:2] == [
        "Pain of 4-5 during exercise did not settle by the next morning on Sun 15 Mar and "
        "Tue 17 Mar: 2 such days suggest stepping back.", "Step back to 22 mmHg."]


def test_fewer_unsettled_days_than_the_hold_threshold_are_noted_not_called_settled():
    soreness = {day(back): 2 for back in range(3, 35)} | {day(2): 5}
    rules = resolve(phase=STAGE, assignment={"hold": {"unsettled_amber_days": 2},
                                             "regress": {"unsettled_amber_days": 3},
                                             "advance": {"max_pain_during": 4}})
    result = evaluate(course(session(3, pain=4), soreness=soreness), rules, ON)
    assert result.state == State.READY_TO_ADVANCE
    assert result.reasons[-1] == ("Pain 4 during exercise on Tue 17 Mar did not settle by the "
                                  "next morning (neck soreness 5, usual 2).")


def test_amber_pain_today_waits_for_tomorrows_check_in():
    result = evaluate(course(session(0, pain=5)), RULES, ON)
    assert result.state == State.HOLD
    assert "see whether it has settled by tomorrow morning's check-in" in result.reasons[0]


def test_the_last_phase_never_advances():
    result = evaluate(course(next_phase=None), RULES, ON)
    assert result.state == State.ON_TRACK
    assert "This is the last phase: keep going at 24 mmHg." in result.reasons


def test_phase_names_stand_in_when_the_prescription_names_no_target():
    facts = course(session(0), session(0), phase=PhaseInfo(0, "Start gently (25 minutes)"),
                   next_phase=PhaseInfo(1, "Build up (32 minutes)"), previous_phase=None)
    assert evaluate(facts, RULES, ON).reasons[0].endswith(
        "in “Start gently (25 minutes)”, 7 days with all 10 holds of 10 s, pain at most 1: "
        "ready for “Build up (32 minutes)”.")
