"""A patient with a daily program logs a migraine on Wednesday and skips Thursday with the
reason "migraine". No nudge and no exercise reminder goes out on those days, and adherence
is what it was without them: the sessions not done on excused days are not prescribed."""

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from logs.services import day_skip_put, headache_log_create, session_log_create
from monitoring.selectors import adherence_report, patient_attention_list
from reminders import kinds
from reminders.models import Notification, NotificationKind
from reminders.schedule import slot_key
from reminders.services import compose
from tests.factories import ExerciseFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db


def _daily_program(patient, start):
    exercise = ExerciseFactory()
    return assign(patient, program(phase(item(exercise, reps=10))), start), exercise


def _session(patient, assignment, exercise, day):
    session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                       performed_at=datetime.combine(day, time(9), tzinfo=UTC),
                       entries=[{"exercise": exercise}], pain_during=1)


def test_a_migraine_day_gets_no_nudge_or_reminder_and_leaves_adherence_unchanged(
        patient, therapist):
    today = patient.local_today()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1)
    assignment, exercise = _daily_program(patient, monday - timedelta(weeks=1))
    for offset in range(-7, 2):  # every day of the week before, Monday and Tuesday done
        _session(patient, assignment, exercise, monday + timedelta(days=offset))
    before = adherence_report(patient=patient, weeks=2, today=monday + timedelta(days=2))

    wednesday, thursday = monday + timedelta(days=2), monday + timedelta(days=3)
    headache_log_create(patient=patient, client_id=uuid.uuid4(), migraine=True, peak_pain=8,
                        started_at=datetime.combine(wednesday, time(7), tzinfo=UTC))
    day_skip_put(patient=patient, on=thursday, reason="migraine")

    # Thursday evening: the migraine day and the skipped day prescribed nothing.
    report = adherence_report(patient=patient, weeks=2, today=thursday)
    week = report["weeks"][-1]
    assert (week["sessions_done"], week["sessions_prescribed"], week["adherence_pct"]) == (
        2, 2, 100)
    assert before["weeks"][-1]["adherence_pct"] == 100

    # No nudge on the migraine day or the skipped day, although nothing was logged.
    assert NotificationKind.MISSED_DAYS_NUDGE not in kinds.daily_for(patient, today=thursday)
    # Nor on Friday: the two quiet days before it were rest, not a gap (the nudge comes
    # after REMINDERS_NUDGE_AFTER_DAYS=2 days with nothing logged).
    assert NotificationKind.MISSED_DAYS_NUDGE not in kinds.daily_for(
        patient, today=thursday + timedelta(days=1))
    assert not Notification.objects.filter(kind=NotificationKind.MISSED_DAYS_NUDGE).exists()
    # The exercise reminder due on either day says nothing.
    for day in (wednesday, thursday):
        reminder = Notification.objects.create(
            user=patient, kind=NotificationKind.EXERCISE_REMINDER,
            slot_key=slot_key(day, time(18)), due_at=timezone.now())
        assert compose(reminder) is None
    # A normal day still gets its reminder.
    friday = thursday + timedelta(days=1)
    reminder = Notification.objects.create(
        user=patient, kind=NotificationKind.EXERCISE_REMINDER,
        slot_key=slot_key(friday, time(18)), due_at=timezone.now())
    assert compose(reminder) is not None
    # The therapist's list does not call the patient quiet or low on adherence for it.
    with time_machine.travel(datetime.combine(thursday, time(20), tzinfo=UTC), tick=False):
        [row] = [p for p in patient_attention_list(viewer=therapist) if p.pk == patient.pk]
    assert row.adherence["last_7_days_pct"] == 100
    assert not {"low_adherence", "no_recent_logs"} & set(row.needs_attention)


def test_a_skipped_session_without_a_reason_still_counts_against_adherence(patient):
    """The control: the same Thursday missed without a skip is a missed session."""
    today = patient.local_today()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=1)
    assignment, exercise = _daily_program(patient, monday - timedelta(weeks=1))
    for offset in (0, 1, 2):
        _session(patient, assignment, exercise, monday + timedelta(days=offset))
    report = adherence_report(patient=patient, weeks=2, today=monday + timedelta(days=3))
    week = report["weeks"][-1]
    assert (week["sessions_done"], week["sessions_prescribed"]) == (3, 3)
    report = adherence_report(patient=patient, weeks=2, today=monday + timedelta(days=4))
    assert report["weeks"][-1]["sessions_prescribed"] == 4
