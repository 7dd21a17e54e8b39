"""`Plan.sessions_due_between` is the day-by-day sum, however the plan is shaped.

The list and the adherence page both count a week's prescribed sessions with it, so a
shortcut that forgot a pause or a phase change would be wrong in both at once.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from assignments.schedule import Plan
from common.dates import days

BOUNDED = settings(max_examples=300, derandomize=True, deadline=None, database=None)
DAY0 = date(2026, 10, 1)


def _day(span: int = 60):
    return st.integers(0, span).map(lambda n: DAY0 + timedelta(days=n))


@st.composite
def plans(draw) -> Plan:
    start = draw(_day(40))
    end = draw(st.one_of(st.none(), _day(70).filter(lambda d: d >= start)))
    pauses = []
    for _ in range(draw(st.integers(0, 2))):
        first = draw(_day(70))
        back = draw(st.one_of(st.none(), st.integers(1, 10)))
        pauses.append((first, None if back is None else first + timedelta(days=back)))
    changes = sorted(draw(st.lists(st.tuples(_day(70), st.integers(0, 2)), max_size=3)))
    weekly = {str(phase): draw(st.lists(st.integers(0, 3), min_size=7, max_size=7))
              for phase in range(3) if draw(st.booleans())}
    return Plan(assignment_id=1, start_date=start, end_date=end,
                current_phase=draw(st.integers(0, 2)), items=(), pauses=tuple(pauses),
                phase_timeline=tuple(changes), weekly_sessions=weekly)


@BOUNDED
@given(plan=plans(), first=_day(80), length=st.integers(-2, 30))
def test_a_range_counts_what_its_days_count(plan, first, length):
    last = first + timedelta(days=length)
    expected = sum(plan.sessions_due_on(day) for day in days(first, last))
    assert plan.sessions_due_between(first, last) == expected


def test_a_steady_stretch_of_whole_weeks_and_a_remainder():
    plan = Plan(assignment_id=1, start_date=date(2026, 11, 2), end_date=None, current_phase=0,
                items=(), weekly_sessions={"0": [2, 0, 2, 0, 2, 0, 0]})
    # Wednesday 4th to Monday 16th: Wed, Fri, then a full week (6), then Mon 16th.
    assert plan.sessions_due_between(date(2026, 11, 4), date(2026, 11, 16)) == 2 + 2 + 6 + 2


@BOUNDED
@given(plan=plans(), first=_day(60).map(lambda d: d - timedelta(days=d.weekday())),
       weeks=st.integers(0, 6))
def test_weeks_end_to_end_count_what_each_week_counts(plan, first, weeks):
    expected = [plan.sessions_due_between(first + timedelta(weeks=n),
                                          first + timedelta(weeks=n, days=6))
                for n in range(weeks)]
    assert plan.sessions_due_by_week(first, weeks) == expected


@BOUNDED
@given(plan_list=st.lists(plans(), max_size=3), weeks=st.integers(1, 6),
       counts=st.lists(st.integers(0, 25), min_size=18, max_size=18))
def test_adherence_of_weeks_is_adherence_of_counts_week_by_week(plan_list, weeks, counts):
    from monitoring.adherence import adherence_of_counts, adherence_of_weeks

    plan_list = [replace(p, assignment_id=n) for n, p in enumerate(plan_list)]
    first = date(2026, 10, 5)  # a Monday
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    logged = {ws: {p.assignment_id: counts[(3 * n + p.assignment_id) % 18] for p in plan_list}
              for n, ws in enumerate(starts)}
    today = first + timedelta(weeks=weeks, days=3)
    assert adherence_of_weeks(plan_list, logged, first, weeks) == [
        adherence_of_counts(plan_list, logged[ws], {}, ws, ws + timedelta(days=6), today)
        for ws in starts]
