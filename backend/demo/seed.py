"""A living demo clinic: four patients with twelve weeks of history (docs/demo.md).

- patient1 does well: steady sessions, phases advancing, headache days 10 to 4 (responding).
- patient2 flares in the last week: pain above the limit and a triggered attack (open alerts).
- patient3 is falling behind: good first weeks, then less and less, quiet for days now.
- patient2 also logged a thunderclap headache last evening: an urgent alert in the inbox.
- patient4 partly responds: headache days 10 to 7 per 28 days after 12 weeks.
Randomness is seeded so every run builds the same story relative to today; the headache
days of the patients whose verdict the demo shows are laid out evenly, not drawn, so the
verdict is the same on any day the demo is made. Those patients also kept the 4-week
diary before the program, so their baseline is a diary, not a recollection.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from django.db import transaction

from accounts.models import Clinic, Role, User
from assignments.schedule import Plan
from assignments.selectors import with_plan
from assignments.services import assignment_create, phase_change, screening_record
from library.selectors import template_current_get
from logs.models import DailyCheckin, WeeklyCheckin
from logs.services import headache_log_create, session_log_create
from measures.services import measure_create
from progression.services import progression_evaluate

# Twelve weeks: a verdict is judged after 8 to 12 (shared clinical reference §2).
HISTORY_DAYS = 84
WINDOW = 28  # headache days are counted per 28
THERAPIST = ("therapist@demo.example", "demo-therapist")
OTHER_THERAPIST = ("other@demo.example", "demo-other")
CLINIC_ADMIN = ("admin@demo.example", "demo-admin")
PATIENT_PASSWORD = "demo-patient"


@dataclass(frozen=True)
class Story:
    email: str
    first_name: str
    last_name: str
    timezone: str
    templates: tuple[str, ...]
    baseline_headache_days_28: int

    def adherence(self, days_ago: int) -> float:
        raise NotImplementedError

    def headache_chance(self, days_ago: int) -> float:
        raise NotImplementedError

    # Questionnaire answers at the start and every two weeks (HIT-6 option keys, NDI 0-5).
    hit6: ClassVar[tuple[tuple[str, ...], ...]] = ()
    ndi: ClassVar[tuple[tuple[int, ...], ...]] = ()
    # (before the program, the last 28 days): headache days laid out evenly, with a full
    # diary before the program; None draws them from `headache_chance`.
    headache_days_per_28: ClassVar[tuple[int, int] | None] = None

    def headache_on(self, days_ago: int, rng: random.Random) -> bool:
        if self.headache_days_per_28 is None:
            return rng.random() < self.headache_chance(days_ago)
        # Blocks of 28 days back from today (today is in the last one, and never a headache
        # day: it is checked in headache-free this morning); older blocks move evenly
        # from the count before the program to the last one.
        before, last = self.headache_days_per_28
        block, blocks = days_ago // WINDOW, HISTORY_DAYS // WINDOW
        count = before if block >= blocks else round(last + (before - last) * block / blocks)
        return (days_ago + 1) % WINDOW in {round(n * WINDOW / count) for n in range(count)}


class DoingWell(Story):
    headache_days_per_28 = (10, 4)
    hit6 = (("very_often", "sometimes", "very_often", "sometimes",
                              "sometimes", "very_often"),
            ("sometimes", "sometimes", "rarely", "sometimes", "rarely", "sometimes"),
            ("rarely", "sometimes", "rarely", "rarely", "rarely", "sometimes"))
    ndi = ((2, 2, 1, 2, 3, 2, 1, 2, 2, 1), (1, 2, 1, 1, 2, 1, 1, 1, 2, 1),
           (1, 1, 0, 1, 1, 1, 0, 1, 1, 0))

    def adherence(self, days_ago):
        return 0.9

    def headache_chance(self, days_ago):
        return 0.36 - 0.22 * (HISTORY_DAYS - days_ago) / HISTORY_DAYS


class Flaring(Story):
    hit6 = (("sometimes", "very_often", "sometimes", "sometimes", "rarely", "sometimes"),
            ("sometimes", "sometimes", "sometimes", "sometimes", "rarely", "sometimes"),
            ("very_often", "very_often", "sometimes", "very_often", "sometimes", "sometimes"))
    ndi = ((2, 1, 1, 2, 2, 1, 1, 2, 1, 1), (1, 1, 1, 2, 2, 1, 1, 1, 1, 1),
           (3, 2, 1, 3, 3, 2, 1, 2, 2, 2))

    def adherence(self, days_ago):
        # Every session of the last two days is logged, so the red events that stop today's
        # exercise are there whatever today's date (the stop-and-rest notice covers a red
        # event today or yesterday).
        return 1.0 if days_ago <= 2 else 0.85

    def headache_chance(self, days_ago):
        return 0.6 if days_ago <= 5 else 0.25


class FallingBehind(Story):
    hit6 = (("very_often", "very_often", "sometimes", "very_often", "sometimes", "always"),
            ("very_often", "very_often", "sometimes", "very_often", "sometimes", "very_often"))
    ndi = ((3, 2, 2, 3, 3, 2, 2, 3, 2, 2), (3, 2, 2, 3, 3, 2, 2, 3, 2, 2))

    def adherence(self, days_ago):
        if days_ago <= 6:
            return 0.0
        return 0.85 if days_ago > 21 else 0.35

    def headache_chance(self, days_ago):
        return 0.4


class PartlyResponding(Story):
    """Headache days 10 to 7: 30% fewer, short of the 50% responder rule; HIT-6 and NDI a
    little better, not by a meaningful change."""

    headache_days_per_28 = (10, 7)
    hit6 = (("very_often", "very_often", "sometimes", "very_often", "sometimes", "sometimes"),
            ("very_often", "sometimes", "sometimes", "very_often", "sometimes", "sometimes"),
            ("very_often", "sometimes", "sometimes", "sometimes", "sometimes", "sometimes"))
    ndi = ((2, 2, 2, 2, 2, 1, 1, 2, 2, 1), (2, 2, 1, 2, 2, 1, 1, 2, 1, 1),
           (2, 1, 1, 2, 2, 1, 1, 2, 1, 1))

    def adherence(self, days_ago):
        return 0.9

    def headache_chance(self, days_ago):
        return 0.3


STORIES = (
    DoingWell("patient1@demo.example", "Maya", "Okafor", "Europe/London",
              ("deep-neck-flexor-progression", "neck-shoulder-stretching"), 10),
    Flaring("patient2@demo.example", "Jonas", "Berg", "America/New_York",
            ("deep-neck-flexor-progression", "aerobic-3x-week"), 8),
    FallingBehind("patient3@demo.example", "Priya", "Raman", "Asia/Kolkata",
                  ("scapular-stability", "neck-shoulder-stretching"), 12),
    PartlyResponding("patient4@demo.example", "Elena", "Rossi", "Europe/Rome",
                     ("deep-neck-flexor-progression", "neck-shoulder-stretching"), 9),
)


def _user(email: str, password: str, **fields) -> User:
    return User.objects.create_user(email=email, password=password, **fields)


def demo_exists() -> bool:
    return User.objects.filter(email=THERAPIST[0]).exists()


@transaction.atomic
def seed_demo() -> None:
    demo = Clinic.objects.create(name="Demo Clinic", timezone="Europe/London")
    therapist = _user(*THERAPIST, first_name="Sam", last_name="Lindqvist",
                      role=Role.THERAPIST, clinic=demo, timezone="Europe/London")
    _user(*CLINIC_ADMIN, first_name="Robin", last_name="Okafor", role=Role.CLINIC_ADMIN,
          clinic=demo, timezone="Europe/London")
    other = Clinic.objects.create(name="Other Clinic")
    _user(*OTHER_THERAPIST, first_name="Alex", last_name="Moreau", role=Role.THERAPIST,
          clinic=other, timezone="Europe/Paris")
    for number, story in enumerate(STORIES, start=1):
        patient = _user(story.email, PATIENT_PASSWORD, first_name=story.first_name,
                        last_name=story.last_name, role=Role.PATIENT, clinic=demo,
                        timezone=story.timezone, primary_therapist=therapist,
                        baseline_headache_days_28=story.baseline_headache_days_28)
        _live(story, patient, therapist, random.Random(number))
        # The therapist screened each patient at the first visit (red flags, cervical
        # arterial): the record the self-SNAG needs before it can be assigned.
        screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                         cervical_arterial="clear",
                         screened_on=patient.local_today() - timedelta(days=HISTORY_DAYS))
    _red_flag_headache(User.objects.get(email=STORIES[1].email))


def _red_flag_headache(patient: User) -> None:
    """An urgent alert in the inbox: the flaring patient logged a sudden severe headache
    that peaked within a minute last evening, and was sent to emergency care."""
    yesterday = patient.local_today() - timedelta(days=1)
    headache_log_create(patient=patient, client_id=uuid.uuid4(),
                        started_at=_at(patient, yesterday, 21, 10), peak_pain=10,
                        red_flags=["thunderclap", "worst_ever"],
                        notes="Came on like a blow to the back of the head.")


def _at(patient: User, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=patient.zone)


# The days the demo therapist chose with the patient for the aerobic sessions.
DEMO_OVERRIDES = {"aerobic-3x-week": {"aerobic-session": {"days_of_week": ["tue", "thu", "sat"]}}}


def _live(story: Story, patient: User, therapist: User, rng: random.Random) -> None:
    today = patient.local_today()
    start = today - timedelta(days=HISTORY_DAYS)
    assignments = [
        assignment_create(patient=patient, created_by=therapist, start_date=start,
                          template=template_current_get(slug=slug, clinic_id=patient.clinic_id),
                          overrides=DEMO_OVERRIDES.get(slug))
        for slug in story.templates
    ]
    _advance_phases(assignments[0], therapist, start)
    _answer_questionnaires(story, patient, therapist, start)
    plans = [Plan.of(a) for a in with_plan(patient.assignments.all())]

    if story.headache_days_per_28 is not None:
        _diary_before(story, patient, start, rng)
    logged_by_week: dict[date, int] = {}
    for days_ago in range(HISTORY_DAYS, 0, -1):
        day = today - timedelta(days=days_ago)
        week_start = day - timedelta(days=day.weekday())
        flare = isinstance(story, Flaring) and days_ago <= 5
        for plan in plans:
            due = plan.items_due_on(day)
            for session in range(plan.sessions_due_on(day)):
                if rng.random() > story.adherence(days_ago):
                    continue
                entries = [{"exercise": item.exercise, "sets": item.sets, "reps": item.reps,
                            "hold_seconds": item.hold_seconds,
                            "duration_minutes": item.duration_minutes,
                            "rpe": 13 if item.exercise.kind == "aerobic" else None}
                           for item, times in due if session < times]
                logged_by_week[week_start] = logged_by_week.get(week_start, 0) + 1
                assert plan.assignment is not None  # Plan.of(assignment) keeps it
                session_log_create(
                    patient=patient, client_id=uuid.uuid4(), assignment=plan.assignment,
                    performed_at=_at(patient, day, (8, 13, 19)[session % 3], rng.randint(0, 59)),
                    entries=entries,
                    pain_during=rng.randint(6, 7) if flare else rng.randint(0, 3),
                    soreness_after=rng.randint(5, 7) if flare else rng.randint(0, 3),
                    headache_triggered=flare and days_ago == 2 and session == 0,
                )
        headache = story.headache_on(days_ago, rng)
        if headache:
            headache_log_create(patient=patient, client_id=uuid.uuid4(),
                                started_at=_at(patient, day, 14, rng.randint(0, 59)),
                                ended_at=_at(patient, day, 19), peak_pain=rng.randint(4, 8),
                                migraine=rng.random() < 0.5, medication_taken=rng.random() < 0.6)
        if rng.random() < story.adherence(days_ago) + 0.1:
            checkin = DailyCheckin.objects.create(
                patient=patient, date=day, headache_free=not headache,
                neck_soreness=rng.randint(5, 7) if flare else rng.randint(1, 4),
            )
            # As if written that evening, not now (the list shows when someone last logged).
            DailyCheckin.objects.filter(pk=checkin.pk).update(updated_at=_at(patient, day, 21))
    if story.headache_days_per_28 is not None:
        # This morning's check-in: the last 28 days are all recorded, today included.
        DailyCheckin.objects.create(patient=patient, date=today, headache_free=True,
                                    neck_soreness=rng.randint(1, 3))
    # The Sunday-evening answer for finished weeks, most of them: a session or so more than
    # logged, as patients who skip logging a session still count it.
    for week_start, logged in logged_by_week.items():
        if week_start + timedelta(days=6) < today and rng.random() < 0.8:
            WeeklyCheckin.objects.create(patient=patient, week_start=week_start,
                                         sessions_done=logged + rng.randint(0, 1))
    for assignment in assignments:
        progression_evaluate(assignment=assignment, on=today)


def _diary_before(story: Story, patient: User, start: date, rng: random.Random) -> None:
    """The 4-week diary kept before the program: every day recorded, so the baseline is the
    diary's (BASELINE_MIN_RECORDED_DAYS), not the figure recalled at intake."""
    for offset in range(WINDOW, 0, -1):
        day = start - timedelta(days=offset)
        headache = story.headache_on(HISTORY_DAYS + offset, rng)
        if headache:
            headache_log_create(patient=patient, client_id=uuid.uuid4(),
                                started_at=_at(patient, day, 14, rng.randint(0, 59)),
                                ended_at=_at(patient, day, 19), peak_pain=rng.randint(4, 8))
        checkin = DailyCheckin.objects.create(patient=patient, date=day,
                                              headache_free=not headache,
                                              neck_soreness=rng.randint(2, 5))
        DailyCheckin.objects.filter(pk=checkin.pk).update(updated_at=_at(patient, day, 21))


def _answer_questionnaires(story: Story, patient: User, therapist: User, start: date) -> None:
    """HIT-6 and NDI at the start and every two weeks while the patient kept answering."""
    for instrument, answer_sets in (("hit6", story.hit6), ("ndi", story.ndi)):
        for fortnight, answers in enumerate(answer_sets):
            measure_create(patient=patient, instrument=instrument, answers=list(answers),
                           taken_at=_at(patient, start + timedelta(days=14 * fortnight), 20),
                           created_by=patient if fortnight else therapist)


def _advance_phases(assignment, therapist: User, start: date) -> None:
    """The first program moved on every ten days, as a therapist confirmed at each review."""
    phases = len(assignment.template.phases)
    for step in range(1, min(phases, 4)):
        phase_change(assignment=assignment, to_phase=step, changed_by=therapist,
                     effective_date=start + timedelta(days=10 * step),
                     reason="Every prescribed hold done with pain at most 2 for a week.")
