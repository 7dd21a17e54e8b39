"""Daily facts from the patient's logs, fetched in bulk for any number of patients.

Each query here is one aggregate over an indexed (patient, local_date) range, so the
number of queries does not grow with patients or logs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, Sum

from library.models import ExerciseKind
from logs.headache_days import LONGEST_ATTACK_DAYS, attack_days, open_max_days
from logs.models import DailyCheckin, HeadacheLog, SessionEntry, SessionLog


@dataclass
class Diary:
    """One patient's logged facts by local date."""

    sessions: dict[tuple[int, date], int] = field(default_factory=dict)  # (assignment, day)
    aerobic_minutes: dict[date, int] = field(default_factory=dict)
    soreness: dict[date, int] = field(default_factory=dict)  # the day's highest
    headache_days: set[date] = field(default_factory=set)
    headache_free_days: set[date] = field(default_factory=set)  # check-in said so, no log
    entry_days: set[date] = field(default_factory=set)  # any entry at all (RTM data days)

    def is_known(self, day: date) -> bool:
        """A day is known if the patient said something about headaches that day."""
        return day in self.headache_days or day in self.headache_free_days


def session_diaries_between(patient_ids, first: date, last: date) -> dict[int, Diary]:
    """Only sessions and their soreness: all the clinic-wide list needs."""
    diaries: dict[int, Diary] = defaultdict(Diary)
    sessions = (SessionLog.objects
                .filter(patient_id__in=patient_ids, local_date__gte=first, local_date__lte=last)
                .values_list("patient_id", "assignment_id", "local_date")
                .annotate(n=Count("id"), sore=Max("soreness_after")).order_by())
    for patient_id, assignment_id, day, n, sore in sessions:
        diary = diaries[patient_id]
        diary.sessions[(assignment_id, day)] = n
        diary.entry_days.add(day)
        if sore is not None:
            diary.soreness[day] = max(sore, diary.soreness.get(day, 0))
    return diaries


def session_weeks_between(patient_ids, first: date,
                          weeks: int) -> dict[int, dict[date, dict[int, int]]]:
    """{patient: {week start: {assignment: sessions logged}}} for `weeks` weeks of 7 days
    from `first` (a Monday: weeks start on Monday of the local date, monitoring.adherence).

    One row per patient and assignment with a count per week: the full weeks' adherence
    needs no more, and a thousand patients' six weeks stay a small answer.
    """
    starts = [first + timedelta(weeks=n) for n in range(weeks)]
    per_week = {f"w{n}": Count("id", filter=Q(local_date__gte=ws,
                                              local_date__lte=ws + timedelta(days=6)))
                for n, ws in enumerate(starts)}
    rows = (SessionLog.objects
            .filter(patient_id__in=patient_ids, local_date__gte=first,
                    local_date__lt=first + timedelta(weeks=weeks))
            .values_list("patient_id", "assignment_id").annotate(**per_week).order_by())
    out: dict[int, dict[date, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for patient_id, assignment_id, *counts in rows:
        for ws, n in zip(starts, counts, strict=True):
            if n:
                out[patient_id][ws][assignment_id] = n
    return out


def diaries_between(patient_ids, first: date, last: date) -> dict[int, Diary]:
    diaries = session_diaries_between(patient_ids, first, last)
    in_range = {"patient_id__in": patient_ids, "local_date__gte": first, "local_date__lte": last}

    aerobic = (SessionEntry.objects
               .filter(**{f"session__{k}": v for k, v in in_range.items()},
                       exercise__kind=ExerciseKind.AEROBIC)
               .values_list("session__patient_id", "session__local_date")
               .annotate(minutes=Sum("duration_minutes")).order_by())
    for patient_id, day, minutes in aerobic:
        diaries[patient_id].aerobic_minutes[day] = minutes or 0

    # Each headache on every local day it touched (logs.headache_days), so attacks that
    # began before the range are read too; the patient's zone comes with each row.
    headaches = HeadacheLog.objects.filter(
        patient_id__in=patient_ids, local_date__lte=last,
        local_date__gte=first - timedelta(days=LONGEST_ATTACK_DAYS),
    ).values_list("patient_id", "local_date", "started_at", "ended_at", "still_going",
                  "patient__timezone")
    open_max, zones = open_max_days(), dict[str, ZoneInfo]()
    for patient_id, start_day, started_at, ended_at, still_going, zone_name in headaches:
        zone = zones.get(zone_name) or zones.setdefault(zone_name, ZoneInfo(zone_name))
        touched = attack_days(started_at=started_at, ended_at=ended_at,
                              still_going=still_going, zone=zone, today=last,
                              open_max=open_max)
        for day in touched:
            if first <= day <= last:
                diaries[patient_id].headache_days.add(day)
        if first <= start_day <= last:
            diaries[patient_id].entry_days.add(start_day)

    checkins = DailyCheckin.objects.filter(
        patient_id__in=patient_ids, date__gte=first, date__lte=last
    ).values_list("patient_id", "date", "neck_soreness", "headache_free")
    for patient_id, day, sore, headache_free in checkins:
        diary = diaries[patient_id]
        diary.entry_days.add(day)
        if sore is not None:
            diary.soreness[day] = max(sore, diary.soreness.get(day, 0))
        if headache_free is False:
            diary.headache_days.add(day)
        elif headache_free is True:
            diary.headache_free_days.add(day)
    for diary in diaries.values():
        # A headache log outranks a check-in that said "headache-free" the same day.
        diary.headache_free_days -= diary.headache_days
    return diaries
