"""Properties of the engine over generated facts (bounded and derandomized for CI)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from library.rules import Rules
from progression.engine import Facts, State, evaluate, window_first_day
from tests.progression.strategies import ON, facts, rules

BOUNDED = settings(max_examples=200, derandomize=True, deadline=None, database=None)


def red_days_in_window(f: Facts, r: Rules) -> set:
    first = max(ON - timedelta(days=r.window_days - 1), f.phase_since)
    in_window = [s for s in f.sessions if first <= s.day <= ON]
    return ({s.day for s in in_window
             if s.headache_triggered or (s.pain_during or 0) > r.pain_red_above}
            | {day for day in f.triggered_headache_days if first <= day <= ON})


@BOUNDED
@given(f=facts(), r=rules)
def test_never_proposes_advancing_in_a_window_that_holds_a_red_event(f, r):
    result = evaluate(f, r, ON)
    if red_days_in_window(f, r):
        assert result.state in (State.REGRESS_SUGGESTED, State.HOLD)
        assert result.proposed_phase is None or result.proposed_phase < f.phase.index
        assert any("red event" in reason for reason in result.reasons)


@BOUNDED
@given(f=facts(), r=rules)
def test_never_advances_before_the_minimum_time_in_phase_nor_past_the_last_phase(f, r):
    result = evaluate(f, r, ON)
    if result.state == State.READY_TO_ADVANCE:
        assert (ON - f.phase_since).days >= r.min_days_in_phase
        assert f.next_phase is not None
        assert result.proposed_phase == f.phase.index + 1
    if result.state == State.REGRESS_SUGGESTED:
        assert result.proposed_phase == f.phase.index - 1 >= 0
    if result.state in (State.ON_TRACK, State.HOLD):
        assert result.proposed_phase is None


@BOUNDED
@given(f=facts(), r=rules, data=st.data())
def test_the_same_logs_always_give_the_same_state(f, r, data):
    """Whatever order the database returns the logs in, and however often it is asked."""
    shuffled = Facts(**{**f.__dict__, "sessions": tuple(data.draw(st.permutations(f.sessions))),
                        "soreness": dict(reversed(list(f.soreness.items())))})
    first = evaluate(f, r, ON)
    assert evaluate(f, r, ON) == first
    assert evaluate(shuffled, r, ON) == first


@BOUNDED
@given(f=facts(), r=rules)
def test_nothing_outside_the_window_counts(f, r):
    first = window_first_day(f, r, ON)
    inside = Facts(**{**f.__dict__, "sessions": tuple(
        s for s in f.sessions if first <= s.day <= ON)})
    assert evaluate(inside, r, ON) == evaluate(f, r, ON)


def test_the_generated_facts_reach_every_state():
    """The properties above are not vacuous: each state turns up in the same examples."""
    seen: Counter = Counter()

    @BOUNDED
    @given(f=facts(), r=rules)
    def collect(f, r):
        seen[evaluate(f, r, ON).state] += 1

    collect()
    assert set(seen) == set(State), seen
