"""Evaluating after each log and once a day, and acting on the answer: a proposal for the
therapist, or an automatic advance when the assignment allows it."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from alerts.models import Alert
from assignments.models import Assignment, AssignmentStatus, Evaluation, PhaseChange
from assignments.services import assignment_update, phase_change
from logs.services import headache_log_create, session_log_create
from progression import tasks
from progression.services import progression_evaluate
from tests.factories import PatientFactory, assign
from tests.progression.conftest import START, at, log_days

pytestmark = pytest.mark.django_db

EVENING_DAY_5 = datetime(2026, 3, 6, 20, tzinfo=ZoneInfo("UTC"))


def test_a_posted_session_is_evaluated_once_it_is_stored(
        patient_client, assignment, django_capture_on_commit_callbacks):
    with time_machine.travel(EVENING_DAY_5, tick=False), \
            django_capture_on_commit_callbacks(execute=True) as sent:
        response = patient_client.post("/api/v1/session-logs", {
            "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
            "performed_at": "2026-03-06T18:00:00+00:00", "pain_during": 2,
            "entries": [{"exercise": "ccf-pressure-biofeedback", "reps": 10,
                         "hold_seconds": 10}]}, format="json")
    assert response.status_code == 201
    assert sent  # the evaluation (and the patient list's summary) after the commit
    evaluation = Evaluation.objects.get(assignment=assignment)
    assert (evaluation.state, evaluation.evaluated_on.isoformat()) == ("on_track", "2026-03-06")
    assert evaluation.summary["sessions_done"] == 1


def test_check_ins_and_triggered_headaches_evaluate_every_active_program(
        patient, assignment, cuff_program, django_capture_on_commit_callbacks):
    second = assign(patient, cuff_program, START)
    paused = assign(patient, cuff_program, START)
    assignment_update(assignment=paused, changed_by=patient.primary_therapist, status="paused")
    with time_machine.travel(EVENING_DAY_5, tick=False), \
            django_capture_on_commit_callbacks(execute=True):
        headache_log_create(patient=patient, client_id=uuid.uuid4(), peak_pain=6,
                            started_at=at(patient, START + timedelta(days=4), 10),
                            exercise_triggered=True)
    assert {e.assignment_id: e.state for e in Evaluation.objects.all()} == {
        assignment.pk: "hold", second.pk: "hold"}  # first phase: nothing to step back to
    assert Alert.objects.get().kind == "triggered_headache"


def test_a_proposal_alerts_once_however_often_the_same_answer_comes(patient, assignment, nod):
    with time_machine.travel(EVENING_DAY_5, tick=False):
        log_days(patient, assignment, nod, START, START + timedelta(days=4))
        for _ in range(3):
            progression_evaluate(assignment=assignment)
    alert = Alert.objects.get()
    assert (alert.kind, alert.details["occurrences"]) == ("progression_proposal", 1)
    assert (alert.details["direction"], alert.details["to_phase"]) == ("advance", 1)


def test_automatic_advance_moves_on_at_once_and_records_the_engine_as_its_author(
        patient, assignment, nod):
    assignment.auto_advance = True
    assignment.save()
    with time_machine.travel(EVENING_DAY_5, tick=False):
        log_days(patient, assignment, nod, START, START + timedelta(days=4))
        evaluation = progression_evaluate(assignment=assignment)
    change = PhaseChange.objects.get()
    assert (change.from_phase, change.to_phase, change.changed_by) == (0, 1, None)
    assert change.reason == ("Moved on automatically: 10 of 10 sessions in the last 5 days at "
                             "22 mmHg, 5 days with all 10 holds of 10 s, pain at most 1: ready "
                             "for 24 mmHg.")
    assert (evaluation.phase, evaluation.state, evaluation.reasons[0]) == (
        1, "on_track", change.reason)
    assert not Alert.objects.exists()  # nothing to confirm


def test_pain_that_keeps_failing_to_settle_proposes_a_step_back(patient, assignment, nod):
    phase_change(assignment=assignment, to_phase=1, changed_by=patient.primary_therapist,
                 effective_date=START)
    with time_machine.travel(datetime(2026, 3, 12, 20, tzinfo=ZoneInfo("UTC")), tick=False):
        log_days(patient, assignment, nod, START, START + timedelta(days=7))
        for back, pain in ((3, 5), (1, 4)):  # each followed by a sore morning (usual 2)
            day = START + timedelta(days=10 - back)
            log_days(patient, assignment, nod, day, day, pain=pain, soreness=2)
            log_days(patient, assignment, nod, day + timedelta(days=1),
                     day + timedelta(days=1), pain=1, soreness=6)
        evaluation = progression_evaluate(assignment=assignment)
    assert (evaluation.state, evaluation.proposed_phase) == ("regress_suggested", 0)
    alert = Alert.objects.get(kind="progression_proposal")
    assert (alert.details["direction"], alert.details["to_phase_name"]) == (
        "regress", "Stage 1: 22 mmHg")


def test_a_red_event_alerts_as_a_red_event_not_as_a_proposal(patient, assignment):
    phase_change(assignment=assignment, to_phase=1, changed_by=patient.primary_therapist,
                 effective_date=START)
    with time_machine.travel(EVENING_DAY_5, tick=False):
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                           performed_at=at(patient, START + timedelta(days=4)), entries=[],
                           pain_during=7)
        evaluation = progression_evaluate(assignment=assignment)
    assert (evaluation.state, evaluation.proposed_phase) == ("regress_suggested", 0)
    assert list(Alert.objects.values_list("kind", flat=True)) == ["pain_above_limit"]


def test_a_paused_program_keeps_its_last_answer(patient, assignment, nod):
    with time_machine.travel(EVENING_DAY_5, tick=False):
        log_days(patient, assignment, nod, START, START + timedelta(days=1))
        before = progression_evaluate(assignment=assignment)
        assignment_update(assignment=assignment, changed_by=patient.primary_therapist,
                          status="paused")
    with time_machine.travel(EVENING_DAY_5 + timedelta(days=3), tick=False):
        after = progression_evaluate(assignment=assignment)
    assert (after.evaluated_at, after.reasons) == (before.evaluated_at, before.reasons)


def test_the_daily_run_fans_out_in_batches_of_active_assignments(
        monkeypatch, clinic, cuff_program):
    for _ in range(5):
        assign(PatientFactory(clinic=clinic), cuff_program, START)
    ended = assign(PatientFactory(clinic=clinic), cuff_program, START)
    Assignment.objects.filter(pk=ended.pk).update(status=AssignmentStatus.ENDED)
    sent = []
    monkeypatch.setattr(tasks.evaluate_batch, "delay", lambda ids: sent.append(ids))

    assert tasks.evaluate_all_active(batch_size=2) == 3
    active = sorted(Assignment.objects.exclude(pk=ended.pk).values_list("pk", flat=True))
    assert sent == [active[0:2], active[2:4], active[4:]]

    with time_machine.travel(EVENING_DAY_5, tick=False):
        for ids in sent:
            tasks.evaluate_batch(ids)
    assert sorted(Evaluation.objects.values_list("assignment_id", flat=True)) == active


def test_one_failing_assignment_leaves_its_batch_evaluated_and_fails_loudly(
        monkeypatch, patient, assignment, cuff_program):
    other = assign(patient, cuff_program, START)
    real = tasks.progression_evaluate

    def flaky(*, assignment):
        if assignment.pk == other.pk:
            raise ValueError("corrupt row")
        return real(assignment=assignment)

    monkeypatch.setattr(tasks, "progression_evaluate", flaky)
    with pytest.raises(RuntimeError, match=rf"assignments \[{other.pk}\]"):
        tasks.evaluate_batch([assignment.pk, other.pk])
    assert list(Evaluation.objects.values_list("assignment_id", flat=True)) == [assignment.pk]


def test_the_daily_run_is_on_the_beat_schedule_the_database_scheduler_loads():
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import ModelEntry

    from hep.celery import app

    # What DatabaseScheduler.setup_schedule does with each entry when `celery beat` starts
    # (the scheduler itself closes database connections, which a test must not).
    for name, entry in app.conf.beat_schedule.items():
        ModelEntry.from_entry(name, app=app, **entry)
    task = PeriodicTask.objects.get(name="progression-evaluate-all-active")
    assert task.task == "progression.tasks.evaluate_all_active"
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")
    assert "progression.tasks.evaluate_all_active" in app.tasks


def test_evaluations_wait_for_the_commit(patient, assignment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending, transaction.atomic():
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                           performed_at=at(patient, START), entries=[])
        assert not Evaluation.objects.exists()
    assert pending and not Evaluation.objects.exists()
    for callback in pending:  # the commit happened: what waited for it runs
        callback()
    assert Evaluation.objects.filter(assignment=assignment).exists()
