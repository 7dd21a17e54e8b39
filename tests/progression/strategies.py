"""Hypothesis strategies for the engine's inputs: `Facts` and `Rules`, made directly."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from library.rules import Rules
from progression.engine import Dose, Facts, PhaseInfo, SessionFact

ON = date(2026, 3, 20)
KEY = "ccf-pressure-biofeedback"
PRESCRIBED = Dose(reps=10, hold_seconds=10)
LOOKBACK = 30  # days before ON that generated facts reach


def _day(max_back: int = LOOKBACK) -> st.SearchStrategy[date]:
    return st.integers(min_value=0, max_value=max_back).map(lambda back: ON - timedelta(back))


# Mostly calm, full-dose sessions so that every state is reached, with red events mixed in.
pains = st.one_of(st.integers(0, 3), st.integers(0, 3), st.integers(0, 10), st.none())
logged = st.one_of(st.just(PRESCRIBED), st.just(PRESCRIBED),
                   st.builds(Dose, reps=st.integers(0, 12), hold_seconds=st.integers(0, 12)))
sessions = st.builds(
    SessionFact, day=_day(), pain_during=pains,
    headache_triggered=st.integers(0, 15).map(lambda n: n == 0),
    entries=st.one_of(logged.map(lambda dose: ((KEY, dose),)), st.just(())),
)


@st.composite
def facts(draw) -> Facts:
    phases = draw(st.integers(min_value=1, max_value=6))
    index = draw(st.integers(min_value=0, max_value=phases - 1))

    def info(i: int) -> PhaseInfo | None:
        return PhaseInfo(i, f"Stage {i}", f"{22 + 2 * i} mmHg") if 0 <= i < phases else None

    per_day = draw(st.integers(min_value=1, max_value=3))
    return Facts(
        phase=info(index),  # type: ignore[arg-type]
        phase_since=draw(_day()),
        previous_phase=info(index - 1),
        next_phase=info(index + 1),
        key_doses=((KEY, PRESCRIBED),),
        sessions_due={ON - timedelta(back): per_day for back in range(LOOKBACK + 1)},
        sessions=tuple(draw(st.lists(sessions, max_size=40))),
        triggered_headache_days=draw(st.one_of(st.just(frozenset()), st.just(frozenset()),
                                               st.frozensets(_day(), max_size=2))),
        soreness=draw(st.dictionaries(_day(LOOKBACK + 28), st.integers(0, 10), max_size=50)),
    )


rules = st.builds(
    Rules,
    window_days=st.integers(1, 14), min_days_in_phase=st.integers(0, 14),
    min_adherence_pct=st.integers(0, 100), min_full_dose_sessions=st.integers(0, 6),
    max_pain_during=st.integers(0, 10), hold_unsettled_amber_days=st.integers(1, 3),
    regress_unsettled_amber_days=st.integers(1, 4), pain_safe_max=st.integers(0, 5),
    pain_red_above=st.integers(3, 10), settle_margin=st.integers(0, 3),
    usual_soreness_days=st.integers(7, 28), key_exercises=st.just((KEY,)),
)
