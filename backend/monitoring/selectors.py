"""The therapist's view of how patients are doing: reports built from diaries and plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.selectors import patients_visible_to, sees_health_data, visible_to
from alerts.models import Alert, AlertStatus
from assignments.models import Assignment
from assignments.selectors import plans_active_between
from common.dates import days, week_start
from logs.excused import excused_days_between, excused_days_of
from logs.models import DailyCheckin, HeadacheLog, SessionLog
from logs.selectors import reported_sessions_between
from monitoring.adherence import (
    Adherence,
    adherence_between,
    adherence_of_counts,
    adherence_of_weeks,
    current_streak_days,
)
from monitoring.diary import (
    Diary,
    diaries_between,
    session_diaries_between,
    session_weeks_between,
)
from monitoring.models import PatientSummary

# Why a patient needs attention, as the list names it (in this order), and what it means.
ATTENTION_REASONS = (
    ("open_alerts", "open alerts: flares (pain above the limit), exercise-triggered attacks, "
                    "proposals to confirm"),
    ("low_adherence", "the last 7 days below ATTENTION_ADHERENCE_BELOW_PCT"),
    ("falling_adherence", "the last 7 days ATTENTION_FALLING_DROP_POINTS or more below the "
                          "ATTENTION_FALLING_BEFORE_WEEKS full weeks before them"),
    ("high_soreness", "soreness of ATTENTION_SORENESS_AT_LEAST or more in the last 7 days"),
    ("no_recent_logs", "a program running and nothing logged for ATTENTION_INACTIVE_DAYS days"),
)
RTM_PERIOD_DAYS = 30  # CMS remote therapeutic monitoring counts data days per 30 days
STREAK_LOOKBACK_DAYS = 366


if TYPE_CHECKING:
    class AttentionPatient(User):
        """A patient as patient_attention_list gives them: annotated by the query, then
        summarised (`adherence`, `needs_attention`)."""

        open_alerts: int
        last_session_at: datetime | None
        last_headache_at: datetime | None
        last_checkin_at: datetime | None
        adherence: dict[str, Any]
        needs_attention: list[str]

        class Meta:
            abstract = True
else:
    AttentionPatient = User


def _headache_days(diary: Diary, first: date, last: date) -> tuple[int, int]:
    """(headache days, days known) in [first, last]; unknown days are never headache-free."""
    window = set(days(first, last))
    return len(diary.headache_days & window), sum(1 for d in window if diary.is_known(d))


@dataclass(frozen=True)
class Baseline:
    """Headache days in the 28 days before a program, and where the figure comes from."""

    days: int | None
    source: str | None  # "diary", "intake" (recalled by the patient), or None
    days_recorded: int  # of the 28 diary days before the start

    @property
    def recalled(self) -> bool:
        return self.source == "intake"


def headache_baseline(*, patient: User, diary: Diary, start: date | None,
                      recalled_allowed: bool = True) -> Baseline:
    """A diary with at least BASELINE_MIN_RECORDED_DAYS of the 28 days before `start`
    recorded wins over the figure the patient recalled at intake: a diary is what the
    headache-day count is compared with afterwards. With fewer days recorded the recalled
    figure is used, labelled as recalled; with neither there is no baseline (a 1-day diary
    is never stretched into 28). `recalled_allowed=False` for a program added later: the
    intake figure describes the time before the first one."""
    known_before = 0
    if start is not None:
        before, known_before = _headache_days(diary, start - timedelta(days=28),
                                              start - timedelta(days=1))
        if known_before >= settings.BASELINE_MIN_RECORDED_DAYS:
            return Baseline(days=before, source="diary", days_recorded=known_before)
    if recalled_allowed and patient.baseline_headache_days_28 is not None:
        return Baseline(days=patient.baseline_headache_days_28, source="intake",
                        days_recorded=known_before)
    return Baseline(days=None, source=None, days_recorded=known_before)


def program_start(patient: User) -> date | None:
    return Assignment.objects.filter(patient=patient).aggregate(s=Min("start_date"))["s"]


def rtm_period(start: date | None, today: date) -> tuple[date, date] | None:
    """The current 30-day monitoring period, counted from the program's start."""
    if start is None or start > today:
        return None
    period_start = start + timedelta(days=(today - start).days // RTM_PERIOD_DAYS * RTM_PERIOD_DAYS)
    return period_start, period_start + timedelta(days=RTM_PERIOD_DAYS - 1)


def adherence_report(*, patient: User, weeks: int, today: date | None = None) -> dict:
    today = today or patient.local_today()
    start = program_start(patient)
    first_week = week_start(today) - timedelta(weeks=weeks - 1)
    first = min(first_week, today - timedelta(days=STREAK_LOOKBACK_DAYS),
                (start or today) - timedelta(days=28))
    excused = excused_days_of(patient.pk, first, today)
    plans = [plan.excusing(excused) for plan in
             plans_active_between([patient.pk], first, today).get(patient.pk, [])]
    diary = diaries_between([patient.pk], first, today).get(patient.pk, Diary())
    # What the patient answered to the weekly check-in: shown beside, never counted in.
    reported = reported_sessions_between(patient=patient, first=first_week,
                                         last=week_start(today))

    week_rows = []
    for index in range(weeks):
        ws = first_week + timedelta(weeks=index)
        we = ws + timedelta(days=6)
        adherence = adherence_between(plans, diary, ws, we, today)
        elapsed = list(days(ws, min(we, today)))
        headache_days, known = _headache_days(diary, ws, min(we, today))
        week_rows.append({
            "week_start": ws,
            "sessions_prescribed": adherence.prescribed,
            "sessions_done": adherence.done,
            "adherence_pct": adherence.pct,
            "aerobic_minutes": sum(diary.aerobic_minutes.get(d, 0) for d in elapsed),
            "max_soreness": max((diary.soreness[d] for d in elapsed if d in diary.soreness),
                                default=None),
            "headache_days": headache_days,
            "unknown_days": len(elapsed) - known,
            "reported_sessions": reported.get(ws),
        })

    last_28, known_28 = _headache_days(diary, today - timedelta(days=27), today)
    baseline = headache_baseline(patient=patient, diary=diary, start=start)

    period = rtm_period(start, today)
    rtm: dict[str, date | int | None] = {"period_start": None, "period_end": None, "data_days": 0}
    if period:
        rtm = {"period_start": period[0], "period_end": period[1],
               # An excused day is not a monitoring data day (logs.excused).
               "data_days": sum(1 for d in diary.entry_days - excused
                                if period[0] <= d <= today)}

    return {
        "date": today,
        "weeks": week_rows,
        "current_streak_days": current_streak_days(plans, diary, today, max(first, start or today)),
        "headache_days_last_28": last_28,
        "days_recorded_last_28": known_28,
        "baseline_headache_days_28": baseline.days,
        "baseline_source": baseline.source,
        "baseline_recalled": baseline.recalled,
        "baseline_days_recorded": baseline.days_recorded,
        "rtm": rtm,
    }


def _latest(model, field: str):
    return Subquery(model.objects.filter(patient=OuterRef("pk")).order_by(f"-{field}")
                    .values(field)[:1])


def patient_attention_list(*, viewer: User, search: str | None = None
                           ) -> list[AttentionPatient]:
    """The clinic's patients, each with `adherence` and `needs_attention`, neediest first.

    `adherence.weekly_pct` is the trend: the last ATTENTION_TREND_WEEKS weeks' adherence,
    oldest first, the current (partial) week last, None for a week with nothing prescribed;
    each week's figure is the one `adherence_report` gives for it. The number of queries
    does not depend on the number of patients.
    """
    if not sees_health_data(viewer):
        return _people_only(viewer, search)
    rows = attention_rows(_matching(patients_visible_to(viewer), search))
    rows.sort(key=_attention_order)
    return rows


def attention_rows(patients: QuerySet[User]) -> list[AttentionPatient]:
    """`patients`, each with `adherence` and `needs_attention` (in no particular order);
    the number of queries does not depend on the number of patients."""
    # The annotations below and the summary _summarise adds make them AttentionPatients.
    rows = cast(list[AttentionPatient], list(patients.annotate(
        open_alerts=Coalesce(Subquery(
            Alert.objects.filter(patient=OuterRef("pk"), status=AlertStatus.OPEN)
            .values("patient").annotate(n=Count("id")).values("n"), output_field=IntegerField()
        ), Value(0)),
        last_session_at=_latest(SessionLog, "performed_at"),
        last_headache_at=_latest(HeadacheLog, "started_at"),
        last_checkin_at=_latest(DailyCheckin, "updated_at"),
    )))
    if not rows:
        return []

    todays = {p.pk: p.local_today() for p in rows}
    earliest, last = min(todays.values()), max(todays.values())
    first_week = week_start(earliest) - timedelta(weeks=_weeks_kept() - 1)
    ids = patients.values("pk")  # a subquery: no thousand-item IN list
    excused = excused_days_between(ids, first_week, last)
    plans = {patient_id: [plan.excusing(excused.get(patient_id, frozenset()))
                          for plan in patient_plans]
             for patient_id, patient_plans in plans_active_between(ids, first_week, last).items()}
    # Day by day only where the day matters (the last 7 days, the current week); the full
    # weeks before as one total per assignment and week, which is all their adherence needs.
    diaries = session_diaries_between(ids, earliest - timedelta(days=6), last)
    weeks = session_weeks_between(ids, first_week, (week_start(last) - first_week).days // 7)
    for patient in rows:
        _summarise(patient, todays[patient.pk], plans.get(patient.pk, []),
                   diaries.get(patient.pk, Diary()), weeks.get(patient.pk, {}),
                   excused.get(patient.pk, frozenset()))
    return rows


def _matching(patients: QuerySet[User], search: str | None) -> QuerySet[User]:
    """The patients whose name or email contains `search` (all of them without one)."""
    if not search:
        return patients
    return patients.filter(Q(first_name__icontains=search) | Q(last_name__icontains=search)
                           | Q(email__icontains=search))


def _people_only(viewer: User, search: str | None) -> list[AttentionPatient]:
    """The list for an administrator whose clinic keeps health data from administrators:
    who the patients are and who treats them, by name; no figures, nothing flagged."""
    patients = patients_visible_to(viewer, health_data=False)
    patients = _matching(patients, search)
    rows = cast(list[AttentionPatient], list(patients.order_by("last_name", "first_name", "pk")))
    for patient in rows:
        patient.baseline_headache_days_28 = None
        patient.adherence = {"last_7_days_pct": None, "weekly_pct": [], "last_log_at": None,
                             "open_alerts": 0}
        patient.needs_attention = []
    return rows


def _weeks_kept() -> int:
    """Weeks the list reads: the trend's, and those falling adherence is measured against
    (full weeks before the last 7 days: up to two weeks back from the current one)."""
    return max(settings.ATTENTION_TREND_WEEKS, settings.ATTENTION_FALLING_BEFORE_WEEKS + 2, 1)


def _recent(plans, diary: Diary, today: date) -> tuple[Adherence, Adherence]:
    """(the last 7 days, the current week so far): both inside the 7 days the diary holds
    day by day, so each assignment's days are read once for both."""
    week_ago, current = today - timedelta(days=6), week_start(today)
    offset = (current - week_ago).days
    span = [week_ago + timedelta(days=n) for n in range(7)]
    per_day = {plan.assignment_id: [diary.sessions.get((plan.assignment_id, day), 0)
                                    for day in span] for plan in plans}
    logged_today = {aid: counts[-1] for aid, counts in per_day.items()}
    last_7_days = adherence_of_counts(
        plans, {aid: sum(counts) for aid, counts in per_day.items()}, logged_today,
        week_ago, today, today)
    this_week = adherence_of_counts(
        plans, {aid: sum(counts[offset:]) for aid, counts in per_day.items()}, logged_today,
        current, current + timedelta(days=6), today)
    return last_7_days, this_week


def _falling(last_7_days: Adherence, full_weeks: list[Adherence], today: date) -> bool:
    """The last 7 days clearly below the full weeks before them (settings ATTENTION_FALLING_*).

    Only weeks that end before the 7 days begin count, so no day is on both sides: on any
    day but Sunday the last full week overlaps them.
    """
    end = len(full_weeks) - (0 if today.weekday() == 6 else 1)
    before = full_weeks[max(0, end - settings.ATTENTION_FALLING_BEFORE_WEEKS):max(0, end)]
    pooled = Adherence(prescribed=sum(a.prescribed for a in before),
                       done=sum(a.done for a in before))
    if last_7_days.pct is None or pooled.pct is None:
        return False
    return pooled.pct - last_7_days.pct >= settings.ATTENTION_FALLING_DROP_POINTS


def _summarise(patient: AttentionPatient, today: date, plans, diary: Diary,
               weeks: dict[date, dict[int, int]], excused: frozenset[date] = frozenset()
               ) -> None:
    week_ago = today - timedelta(days=6)
    adherence, this_week = _recent(plans, diary, today)
    past = _weeks_kept() - 1
    full_weeks = adherence_of_weeks(plans, weeks, week_start(today) - timedelta(weeks=past), past)
    trend = [*full_weeks, this_week][max(0, past + 1 - settings.ATTENTION_TREND_WEEKS):]
    stamps = [t for t in (patient.last_session_at, patient.last_headache_at,
                          patient.last_checkin_at) if t is not None]
    last_log_at: datetime | None = max(stamps) if stamps else None
    patient.adherence = {"last_7_days_pct": adherence.pct,
                         "weekly_pct": [a.pct for a in trend],
                         "last_log_at": last_log_at, "open_alerts": patient.open_alerts}

    reasons = []
    if patient.open_alerts:
        reasons.append("open_alerts")
    if adherence.pct is not None and adherence.pct < settings.ATTENTION_ADHERENCE_BELOW_PCT:
        reasons.append("low_adherence")
    if _falling(adherence, full_weeks, today):
        reasons.append("falling_adherence")
    recent_soreness = [s for d, s in diary.soreness.items() if week_ago <= d <= today]
    if recent_soreness and max(recent_soreness) >= settings.ATTENTION_SORENESS_AT_LEAST:
        reasons.append("high_soreness")
    has_program = any(plan.is_active_on(today) for plan in plans)
    if has_program and (last_log_at is None or quiet_days(
            last_log_at.astimezone(patient.zone).date(), today, excused)
            > settings.ATTENTION_INACTIVE_DAYS):
        reasons.append("no_recent_logs")
    patient.needs_attention = reasons


def quiet_days(last_logged: date, today: date, excused: frozenset[date]) -> int:
    """Days after `last_logged` up to today with nothing logged, excused days not counted:
    resting after a red event or a migraine is not inactivity."""
    return sum(1 for day in days(last_logged + timedelta(days=1), today) if day not in excused)


def _attention_order(patient: AttentionPatient):
    """Open alerts (flares, triggered attacks, proposals) first, then the most reasons,
    then the lowest adherence over the last 7 days."""
    pct = patient.adherence["last_7_days_pct"]
    return (-patient.open_alerts, -len(patient.needs_attention), 101 if pct is None else pct,
            patient.last_name, patient.first_name, patient.pk)


def patient_list_page(*, viewer: User, search: str | None = None,
                      needs_attention: bool | None = None, limit: int = 50, offset: int = 0
                      ) -> tuple[list[PatientSummary], int]:
    """(one page of the clinic's patients as their summaries, neediest first; how many in
    all). Search, the filter and the order cover the whole clinic; the order is the
    `summary_attention_order` index's, so a page costs the same for any clinic size.
    The summaries must hold (services.summaries_refresh_due first)."""
    rows = visible_to(viewer, PatientSummary.objects.select_related("patient"))
    if search:
        rows = rows.filter(Q(patient__first_name__icontains=search)
                           | Q(patient__last_name__icontains=search)
                           | Q(patient__email__icontains=search))
    if needs_attention is not None:
        rows = rows.filter(reasons__gt=0) if needs_attention else rows.filter(reasons=0)
    rows = rows.order_by("-open_alerts", "-reasons", "sort_pct", "last_name", "first_name",
                         "patient_id")
    return list(rows[offset:offset + limit]), rows.count()


def people_list_page(*, viewer: User, search: str | None = None, limit: int = 50,
                     offset: int = 0) -> tuple[list[AttentionPatient], int]:
    """The page for an administrator who does not see health data (`_people_only`)."""
    patients = _matching(patients_visible_to(viewer, health_data=False), search)
    total = patients.count()
    rows = _people_only(viewer, search)[offset:offset + limit] if total else []
    return rows, total
