"""A therapist sees a patient's running program and changes it: doses per phase item,
exercises added or removed, the phase moved by hand; each change is kept as history, the
patient's Today shows the new program and the patient is told it changed."""

from datetime import timedelta

import pytest
import time_machine

from assignments.dose import dose_text
from assignments.models import AssignmentItem
from assignments.services import screening_record
from reminders.models import Notification, NotificationKind
from tests.conftest import client_for
from tests.factories import (
    ExerciseFactory,
    PatientFactory,
    TherapistFactory,
    assign,
    item,
    phase,
    program,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercises(db):
    return {
        "nod": ExerciseFactory(slug="nod", name="Chin nod with cuff", kind="hold"),
        "walk": ExerciseFactory(slug="walk", name="Brisk walk", kind="aerobic"),
        "snag": ExerciseFactory(slug="snag", name="C1-C2 self-SNAG", kind="reps",
                                requires_screening=True, required_prescription=["side"],
                                default_prescription={"reps": 6, "times_per_day": 2}),
        "stretch": ExerciseFactory(slug="stretch", name="Upper trapezius stretch", kind="hold",
                                   default_prescription={"reps": 3, "hold_seconds": 30}),
    }


@pytest.fixture
def assignment(patient, therapist, exercises):
    template = program(
        phase(item(exercises["nod"], reps=10, hold_seconds=10, rest_seconds=10, target_mmhg=26,
                   times_per_day=2),
              item(exercises["walk"], duration_minutes=25, rpe_target="12-13",
                   days_of_week=["mon", "wed", "fri"]),
              name="Stage 1"),
        phase(item(exercises["nod"], reps=10, hold_seconds=10, target_mmhg=28, times_per_day=2),
              name="Stage 2"),
        slug="dnf-edit")
    return assign(patient, template, patient.local_today() - timedelta(days=3),
                  created_by=therapist)


def _url(assignment, tail=""):
    return f"/api/v1/assignments/{assignment.pk}{tail}"


def _item(assignment, slug, phase=0):
    return AssignmentItem.objects.get(assignment=assignment, exercise__slug=slug, phase=phase)


def test_the_program_page_shows_each_dose_in_words(therapist_client, assignment):
    body = therapist_client.get(_url(assignment)).json()

    words = {i["exercise"]["name"]: i["dose_text"] for i in body["items"]}
    assert words == {"Chin nod with cuff": "10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day",
                     "Brisk walk": "25 min, effort Borg 12-13, once a day, Mon, Wed, Fri"}
    nod = next(i for i in body["items"] if i["exercise"]["slug"] == "nod")
    limits = {f["field"]: (f["label"], f["unit"], f["min"], f["max"]) for f in nod["dose_fields"]}
    # The limits are the JSON Schema's (programs/schema/prescription.schema.json).
    assert limits["hold_seconds"] == ("Hold", "s", 1, 600)
    assert limits["reps"] == ("Reps", None, 1, 100)
    assert limits["target_mmhg"] == ("Target pressure", "mmHg", 0, 60)
    assert [p["name"] for p in body["phases"]] == ["Stage 1", "Stage 2"]
    assert body["phase_timeline"] == [[assignment.start_date.isoformat(), 0]]
    assert body["pauses"] == []


def test_dose_in_words_for_sets_sides_and_days_per_week():
    assert dose_text({"sets": 2, "reps": 10, "per_side": True}, "reps") == \
        "2 sets of 10 reps, each side, once a day"
    assert dose_text({"reps": 6, "side": "left", "times_per_day": 3}, "reps") == \
        "6 reps, toward the left, 3 times a day"
    assert dose_text({"duration_minutes": 40, "days_per_week": 3}, "aerobic") == \
        "40 min, once a day, 3 days a week"


def test_a_dose_change_reaches_today_with_history_and_a_notice(
        therapist_client, patient, therapist, assignment):
    nod = _item(assignment, "nod")
    response = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": nod.pk, "hold_seconds": 12, "rest_seconds": 15, "times_per_day": 3}],
        "reason": "All 10 holds done without substitution."}, format="json")
    assert response.status_code == 200, response.json()
    shown = next(i for i in response.json()["items"] if i["id"] == nod.pk)
    assert shown["dose_text"] == "10 x 12 s hold, rest 15 s, 26 mmHg, 3 times a day"

    today = client_for(patient).get("/api/v1/me/today").json()
    mine = next(i for i in today["items"] if i["item"] == nod.pk)
    assert mine["dose_text"] == "10 x 12 s hold, rest 15 s, 26 mmHg, 3 times a day"
    assert mine["due"] == 3
    assert today["program_changed"]["assignment"] == assignment.pk

    history = therapist_client.get(_url(assignment, "/history")).json()
    assert len(history) == 1
    entry = history[0]
    assert entry["kind"] == "dose" and entry["changed_by"]["id"] == therapist.pk
    assert entry["what"] == ("Chin nod with cuff (Stage 1): hold 10 s → 12 s, rest 10 s → 15 s, "
                             "times a day 2 → 3.")
    assert entry["reason"] == "All 10 holds done without substitution."
    # The sessions counted for adherence follow the new dose.
    assignment.refresh_from_db()
    assert assignment.weekly_sessions["0"] == [3] * 7

    notices = Notification.objects.filter(user=patient, kind=NotificationKind.PROGRAM_CHANGED)
    assert notices.count() == 1
    assert notices.get().payload["url"] == "/today"


def test_several_changes_in_a_row_make_one_notice(therapist_client, patient, assignment):
    nod = _item(assignment, "nod")
    with time_machine.travel("2026-12-03 10:01Z", tick=False):
        for hold in (11, 12, 13):
            assert therapist_client.patch(_url(assignment), {
                "item_doses": [{"id": nod.pk, "hold_seconds": hold}]},
                format="json").status_code == 200
    assert Notification.objects.filter(user=patient,
                                       kind=NotificationKind.PROGRAM_CHANGED).count() == 1
    assert len(therapist_client.get(_url(assignment, "/history")).json()) == 3


@pytest.mark.parametrize("change, field, message", [
    ({"hold_seconds": 0}, "hold_seconds", "Hold (seconds) must be a whole number from 1 to 600."),
    ({"reps": 10.5}, "reps", "Reps must be a whole number from 1 to 100."),
    ({"sets": 21}, "sets", "Sets must be a whole number from 1 to 20."),
    ({"rest_seconds": "ten"}, "rest_seconds",
     "Rest (seconds) must be a whole number from 0 to 600."),
    ({"times_per_day": 13}, "times_per_day", "Times a day must be a whole number from 1 to 12."),
    ({"days_of_week": []}, "days_of_week", "Choose at least one day of the week, each day once."),
    ({"reps": None}, "reps", "Reps is needed for this exercise."),
])
def test_a_dose_outside_the_schema_limits_is_refused_in_words(
        therapist_client, assignment, change, field, message):
    nod = _item(assignment, "nod")
    response = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": nod.pk, **change}]}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {f"item_doses.0.{field}": [message]}
    nod.refresh_from_db()
    assert (nod.reps, nod.hold_seconds, nod.sets) == (10, 10, None)
    assert therapist_client.get(_url(assignment, "/history")).json() == []


def test_minutes_and_effort_of_an_aerobic_session(therapist_client, assignment):
    walk = _item(assignment, "walk")
    bad = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": walk.pk, "duration_minutes": 300, "rpe_target": "16-12"}]},
        format="json")
    assert bad.json()["fields"] == {
        "item_doses.0.duration_minutes": ["Minutes must be a whole number from 1 to 240."],
        "item_doses.0.rpe_target": ["Effort must be a Borg rating from 6 to 20: one number "
                                    "such as 13, or a band such as 12-13 (lower first)."]}
    good = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": walk.pk, "duration_minutes": 30, "rpe_target": "13-14",
                        "days_of_week": ["tue", "thu", "sat"]}]}, format="json")
    shown = next(i for i in good.json()["items"] if i["id"] == walk.pk)
    assert shown["dose_text"] == "30 min, effort Borg 13-14, once a day, Tue, Thu, Sat"


def test_a_later_phase_item_is_changed_on_its_own(therapist_client, assignment):
    stage2 = _item(assignment, "nod", phase=1)
    response = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": stage2.pk, "target_mmhg": 30}]}, format="json")
    assert response.status_code == 200
    phases = response.json()["phases"]
    assert phases[1]["items"][0]["prescription"]["target_mmhg"] == 30
    assert phases[0]["items"][0]["prescription"]["target_mmhg"] == 26


def test_add_and_remove_an_exercise(therapist_client, patient, assignment):
    walk = _item(assignment, "walk")
    response = therapist_client.patch(_url(assignment), {
        "add_items": [{"phase": 0, "exercise": "stretch", "prescription": {"hold_seconds": 20}}],
        "remove_items": [walk.pk], "reason": "Walking brings on headaches for now."},
        format="json")
    assert response.status_code == 200, response.json()
    shown = {i["exercise"]["slug"]: i["dose_text"] for i in response.json()["items"]}
    assert shown == {"nod": "10 x 10 s hold, rest 10 s, 26 mmHg, 2 times a day",
                     "stretch": "3 x 20 s hold, once a day"}
    today = client_for(patient).get("/api/v1/me/today").json()
    assert {i["exercise"]["slug"] for i in today["items"]} == {"nod", "stretch"}
    history = therapist_client.get(_url(assignment, "/history")).json()
    assert sorted(h["what"] for h in history) == [
        "Added Upper trapezius stretch to “Stage 1”.", "Removed Brisk walk from “Stage 1”."]


def test_the_last_exercise_of_a_phase_cannot_be_removed(therapist_client, assignment):
    only = _item(assignment, "nod", phase=1)
    response = therapist_client.patch(_url(assignment), {"remove_items": [only.pk]},
                                      format="json")
    assert response.status_code == 400
    assert "needs at least one exercise" in response.json()["fields"]["remove_items.0"][0]


def test_adding_an_exercise_already_in_the_phase_or_unknown_is_refused(therapist_client,
                                                                      assignment):
    response = therapist_client.patch(_url(assignment), {"add_items": [
        {"phase": 0, "exercise": "nod"}, {"phase": 0, "exercise": "no-such"},
        {"phase": 5, "exercise": "stretch"}]}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "add_items.0.exercise": ["Chin nod with cuff is already in “Stage 1”."],
        "add_items.1.exercise": ["Choose an exercise from the library."],
        "add_items.2.phase": ["Choose a phase from 1 to 2."]}


def test_adding_an_exercise_that_needs_screening_without_a_clear_one_is_refused(
        therapist_client, therapist, patient, assignment):
    body = {"add_items": [{"phase": 0, "exercise": "snag", "prescription": {"side": "left"}}]}
    refused = therapist_client.patch(_url(assignment), body, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "screening_required"
    assert list(refused.json()["fields"]) == ["add_items.0.exercise"]
    assert not AssignmentItem.objects.filter(assignment=assignment, exercise__slug="snag").exists()

    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                     cervical_arterial="concerns", screened_on=patient.local_today())
    assert therapist_client.patch(_url(assignment), body,
                                  format="json").json()["code"] == "screening_required"

    screening_record(patient=patient, recorded_by=therapist, red_flags_clear=True,
                     cervical_arterial="clear", screened_on=patient.local_today())
    no_side = therapist_client.patch(_url(assignment), {"add_items": [
        {"phase": 0, "exercise": "snag"}]}, format="json")
    assert no_side.json()["fields"] == {
        "add_items.0.prescription.side": ["Choose the side for C1-C2 self-SNAG: left or right "
                                          "or both."]}
    added = therapist_client.patch(_url(assignment), body, format="json")
    assert added.status_code == 200, added.json()
    snag = next(i for i in added.json()["items"] if i["exercise"]["slug"] == "snag")
    assert snag["dose_text"] == "6 reps, toward the left, 2 times a day"


def test_moving_the_phase_by_hand_is_in_the_history(therapist_client, patient, therapist,
                                                    assignment):
    moved = therapist_client.post(_url(assignment, "/advance"), {
        "from_phase": 0, "to_phase": 1, "reason": "Good control at 26 mmHg."}, format="json")
    assert moved.status_code == 200
    history = therapist_client.get(_url(assignment, "/history")).json()
    assert history[0]["kind"] == "phase"
    assert history[0]["what"].startswith("Moved from “Stage 1” to “Stage 2”")
    assert (history[0]["reason"], history[0]["changed_by"]["id"]) == (
        "Good control at 26 mmHg.", therapist.pk)
    today = client_for(patient).get("/api/v1/me/today").json()
    assert [i["dose_text"] for i in today["items"]] == ["10 x 10 s hold, 28 mmHg, 2 times a day"]
    assert Notification.objects.filter(user=patient,
                                       kind=NotificationKind.PROGRAM_CHANGED).exists()


def test_pausing_is_in_the_history(therapist_client, assignment):
    therapist_client.patch(_url(assignment), {"status": "paused", "reason": "Holiday"},
                           format="json")
    history = therapist_client.get(_url(assignment, "/history")).json()
    assert [(h["kind"], h["what"], h["reason"]) for h in history] == [
        ("status", "Paused the program.", "Holiday")]


def test_who_may_change_a_program_and_read_its_history(patient, assignment):
    nod = _item(assignment, "nod")
    body = {"item_doses": [{"id": nod.pk, "reps": 8}]}
    other_clinic = TherapistFactory()
    peer = PatientFactory(clinic=patient.clinic)
    assert client_for(other_clinic).patch(_url(assignment), body, format="json").status_code == 404
    assert client_for(other_clinic).get(_url(assignment, "/history")).status_code == 404
    assert client_for(patient).patch(_url(assignment), body, format="json").status_code == 403
    assert client_for(patient).get(_url(assignment, "/history")).status_code == 403
    assert client_for(peer).get(_url(assignment, "/history")).status_code == 404
    nod.refresh_from_db()
    assert nod.reps == 10


def test_an_item_of_another_assignment_is_not_part_of_the_program(therapist_client, patient,
                                                                  assignment, exercises):
    other = assign(patient, program(phase(item(exercises["stretch"], reps=3, hold_seconds=30))),
                   patient.local_today())
    foreign = other.items.get()
    response = therapist_client.patch(_url(assignment), {
        "item_doses": [{"id": foreign.pk, "reps": 4}], "remove_items": [foreign.pk]},
        format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "item_doses.0.id": ["This exercise is not part of the program."],
        "remove_items.0": ["This exercise is not part of the program."]}


def test_a_change_made_in_the_patients_quiet_hours_waits_for_their_end(therapist_client, patient,
                                                                      assignment):
    from reminders.services import settings_get_or_create

    row = settings_get_or_create(user=patient)
    row.quiet_hours = {"start": "21:00", "end": "08:00"}
    row.save()
    nod = _item(assignment, "nod")
    # 22:30 in London (the patient's zone is the factory's; the test pins it).
    patient.timezone = "Europe/London"
    patient.save()
    with time_machine.travel("2026-12-03 22:30Z", tick=False):
        therapist_client.patch(_url(assignment), {"item_doses": [{"id": nod.pk, "reps": 8}]},
                               format="json")
    notice = Notification.objects.get(user=patient, kind=NotificationKind.PROGRAM_CHANGED)
    assert notice.due_at.isoformat() == "2026-12-04T08:00:00+00:00"
    assert notice.enqueued_at is None
