"""Twelve weeks of one patient on the deep neck flexor program, day by day.

Maya lives in Oslo (the clocks go forward on 29 March). She checks in each morning and
logs two sessions a day through the API, doing what `me/today` shows. Each night the daily
run evaluates every active assignment; each noon her therapist looks at the open alerts and
confirms proposals with `POST .../advance`. In week 5 a session hurts (pain 7): she is told
to stop and rest, her therapist is alerted and steps her back with `POST .../regress`; she
rests until the notice goes (a day and a half) and then climbs again to the top stage.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from alerts.models import Alert
from assignments.models import Assignment
from logs.services import daily_checkin_put
from progression import tasks
from tests.conftest import client_for
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
START = date(2026, 3, 2)  # Monday of week 1
FLARE = date(2026, 4, 1)  # Wednesday of week 5


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=OSLO)


class Course:
    def __init__(self, therapist, patient, capture):
        self.therapist, self.patient = client_for(therapist), client_for(patient)
        self.maya, self.capture = patient, capture
        self.notices: dict[date, list] = {}
        self.assignment_id = 0

    def assign(self) -> None:
        with time_machine.travel(local(START - timedelta(days=3), 10), tick=False):
            response = self.therapist.post(f"/api/v1/patients/{self.maya.pk}/assignments", {
                "template": "deep-neck-flexor-progression", "start_date": START.isoformat()})
        assert response.status_code == 201, response.json()
        self.assignment_id = response.json()["id"]

    def nightly_run(self, day: date) -> None:
        with time_machine.travel(datetime.combine(day, time(3, 30), tzinfo=ZoneInfo("UTC")),
                                 tick=False):
            tasks.evaluate_all_active()

    def morning_check_in(self, day: date) -> None:
        soreness = 5 if day == FLARE + timedelta(days=1) else 2
        with time_machine.travel(local(day, 7, 30), tick=False):
            daily_checkin_put(patient=self.maya, on=day, neck_soreness=soreness,
                              headache_free=True)

    def session(self, day: date, hour: int, pain: int) -> None:
        """She opens her day's plan and logs what it shows, unless it tells her to rest."""
        with time_machine.travel(local(day, hour, 5), tick=False):
            today = self.patient.get("/api/v1/me/today").json()
            self.notices.setdefault(day, []).extend(today["notices"])
            if today["notices"]:
                return
            entries = [{"exercise": item["exercise"]["slug"],
                        "reps": item["prescription"]["reps"],
                        "hold_seconds": item["prescription"]["hold_seconds"]}
                       for item in today["items"] if item["done"] < item["due"]]
            with self.capture(execute=True):
                response = self.patient.post("/api/v1/session-logs", {
                    "client_id": str(uuid.uuid4()), "assignment": self.assignment_id,
                    "performed_at": local(day, hour).isoformat(), "entries": entries,
                    "pain_during": pain, "soreness_after": min(pain, 3)}, format="json")
            assert response.status_code == 201, response.json()

    def therapist_review(self, day: date) -> None:
        url = f"/api/v1/assignments/{self.assignment_id}"
        with time_machine.travel(local(day, 12), tick=False):
            for alert in self.therapist.get("/api/v1/alerts?status=open").json():
                if alert["kind"] == "progression_proposal":
                    assert alert["details"]["direction"] == "advance"
                    response = self.therapist.post(f"{url}/advance", {}, format="json")
                    assert response.status_code == 200, response.json()
                    continue
                progression = self.therapist.get(url).json()["progression"]
                assert progression["state"] == "regress_suggested"
                self.regress_reasons = progression["reasons"]
                assert self.therapist.post(f"{url}/regress", {"reason": (
                    "Pain 7 at 28 mmHg: back to 26 mmHg for a week.")}).status_code == 200
                self.therapist.post(f"/api/v1/alerts/{alert['id']}/resolve", {})


def test_twelve_weeks_of_one_patient_day_by_day(clinic, therapist,
                                                django_capture_on_commit_callbacks):
    call_command("load_programs", verbosity=0)
    maya = PatientFactory(clinic=clinic, primary_therapist=therapist, timezone="Europe/Oslo",
                          first_name="Maya")
    course = Course(therapist, maya, django_capture_on_commit_callbacks)
    course.assign()

    for offset in range(84):
        day = START + timedelta(days=offset)
        course.nightly_run(day)
        course.morning_check_in(day)
        course.session(day, 8, pain=7 if day == FLARE else 1)
        course.therapist_review(day)
        course.session(day, 18, pain=2)

    assignment = Assignment.objects.get(pk=course.assignment_id)
    names = [phase["name"] for phase in assignment.template.phases]
    passed = [(names[phase], effective) for effective, phase in assignment.phase_timeline]
    assert passed == [
        ("Learn the nod (no cuff)", "2026-03-02"),
        ("Stage 1: 22 mmHg", "2026-03-09"),
        ("Stage 2: 24 mmHg", "2026-03-16"),
        ("Stage 3: 26 mmHg", "2026-03-23"),
        ("Stage 4: 28 mmHg", "2026-03-30"),
        ("Stage 3: 26 mmHg", "2026-04-01"),  # the flare: stepped back
        ("Stage 4: 28 mmHg", "2026-04-08"),
        ("Stage 5: 30 mmHg", "2026-04-15"),
    ]
    changes = list(assignment.phase_changes.order_by("effective_date", "changed_at"))
    assert {change.changed_by_id for change in changes} == {therapist.pk}
    assert changes[0].reason == (
        "Confirmed the proposal: 13 of 13 sessions in the last 7 days in “Learn the nod (no "
        "cuff)”, 7 days with all 10 holds of 10 s, pain at most 2: ready for 22 mmHg.")
    assert changes[4].reason == "Pain 7 at 28 mmHg: back to 26 mmHg for a week."
    # The flare's day and the next are stop-and-rest days: excused, so the sessions not done
    # on them are not prescribed (logs.excused), and the week reads 11 of 11, not 11 of 13.
    assert changes[5].reason.startswith("Confirmed the proposal: 11 of 11 sessions in the "
                                        "last 7 days at 26 mmHg")

    alerts = [(alert.kind, alert.created_at.astimezone(OSLO).date().isoformat(),
               alert.details.get("to_phase_name")) for alert in
              Alert.objects.filter(patient=maya).order_by("created_at")]
    assert alerts == [
        ("progression_proposal", "2026-03-09", "Stage 1: 22 mmHg"),
        ("progression_proposal", "2026-03-16", "Stage 2: 24 mmHg"),
        ("progression_proposal", "2026-03-23", "Stage 3: 26 mmHg"),
        ("progression_proposal", "2026-03-30", "Stage 4: 28 mmHg"),
        ("pain_above_limit", "2026-04-01", None),
        ("progression_proposal", "2026-04-08", "Stage 4: 28 mmHg"),
        ("progression_proposal", "2026-04-15", "Stage 5: 30 mmHg"),
    ]
    assert not Alert.objects.filter(status="open").exists()  # each one answered

    # The flare: the engine's answer the therapist saw, and the patient's stop-and-rest.
    assert course.regress_reasons[:2] == [
        "Pain 7 during exercise on Wed 1 Apr, above the limit of 5: a red event.",
        "Step back to 26 mmHg."]
    stop = [day.isoformat() for day, notices in sorted(course.notices.items()) if notices]
    assert stop == ["2026-04-01", "2026-04-02"]  # the evening of the flare and the next day
    assert [notice["since"] for notice in course.notices[FLARE + timedelta(days=1)]] == [
        "2026-04-01T08:00:00+02:00"] * 2

    # At the top stage for six weeks, where it stays.
    final = client_for(therapist).get(f"/api/v1/assignments/{assignment.pk}").json()
    assert final["current_phase_name"] == "Stage 5: 30 mmHg"
    assert final["progression"]["state"] == "on_track"
    assert "This is the last phase: keep going at 30 mmHg." in final["progression"]["reasons"]
