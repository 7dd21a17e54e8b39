"""The patient list's stored summaries never disagree with the adherence page (issue 13).

Each write here goes through the app as a user would make it; after its commit the worker
(eager in tests) recomputes the patient's row. The row as stored, not recomputed by the
list, is held equal to `GET patients/{id}/adherence` and to the full computation
(`patient_attention_list`), after every write and across the patient's local midnight
(beat's `refresh_due`).
"""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from alerts.services import alert_raise, alert_resolve
from assignments.services import assignment_update
from logs.services import daily_checkin_put, day_skip_put, headache_log_create
from monitoring.models import PatientSummary
from monitoring.selectors import patient_attention_list
from monitoring.tasks import refresh_due
from tests.conftest import client_for
from tests.factories import ExerciseFactory, PatientFactory, assign, item, phase, program

pytestmark = pytest.mark.django_db
# Saturday 21 November 2026, 18:00 UTC: 13:00 in New York.
SATURDAY = datetime(2026, 11, 21, 18, tzinfo=UTC)


def stored(patient) -> PatientSummary:
    return PatientSummary.objects.get(patient=patient)


def assert_agrees(therapist, patient, row: PatientSummary) -> None:
    """The stored row is what the adherence page and the full computation say now."""
    client = client_for(therapist)
    page = client.get(f"/api/v1/patients/{patient.pk}/adherence?weeks=6").json()
    assert row.weekly_pct == [week["adherence_pct"] for week in page["weeks"]]
    full = next(p for p in patient_attention_list(viewer=therapist) if p.pk == patient.pk)
    assert (row.last_7_days_pct, row.weekly_pct, row.last_log_at, row.open_alerts,
            row.needs_attention) == (
        full.adherence["last_7_days_pct"], full.adherence["weekly_pct"],
        full.adherence["last_log_at"], full.adherence["open_alerts"], full.needs_attention)
    listed = next(r for r in client.get("/api/v1/patients?limit=200").json()
                  if r["id"] == patient.pk)
    assert listed["adherence"]["weekly_pct"] == row.weekly_pct
    assert listed["needs_attention"] == row.needs_attention


def test_summaries_follow_every_write_and_midnight(therapist, django_capture_on_commit_callbacks):
    patient = PatientFactory(clinic=therapist.clinic, primary_therapist=therapist,
                             timezone="America/New_York")
    nod = ExerciseFactory(slug="nod")
    daily = program(phase(item(nod, times_per_day=1)))
    seen = []

    def after(write) -> PatientSummary:
        """Make one write as of Saturday, let the worker run, and check the stored row."""
        with time_machine.travel(SATURDAY, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                write()
            row = stored(patient)
            assert row.valid_until > SATURDAY  # the worker recomputed it after the commit
            assert_agrees(therapist, patient, row)
        seen.append((row.last_7_days_pct, tuple(row.weekly_pct), row.open_alerts,
                     tuple(row.needs_attention)))
        return row

    holder = {}
    row = after(lambda: holder.setdefault("a", assign(patient, daily, date(2026, 11, 2))))
    assert row.needs_attention == ["low_adherence", "no_recent_logs"]
    assignment = holder["a"]
    client = client_for(patient)

    def session(day: date, pain: int = 1):
        def post():
            response = client.post("/api/v1/session-logs", {
                "client_id": str(uuid.uuid4()), "assignment": assignment.pk,
                "performed_at": datetime(day.year, day.month, day.day, 15,
                                         tzinfo=UTC).isoformat(),
                "pain_during": pain, "entries": [{"exercise": "nod", "reps": 10}]},
                format="json")
            assert response.status_code == 201, response.content
        return post

    for day in (date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 19)):
        row = after(session(day))
    assert row.last_7_days_pct is not None and row.last_7_days_pct > 0
    after(lambda: headache_log_create(
        patient=patient, client_id=uuid.uuid4(), started_at=SATURDAY - timedelta(hours=3),
        peak_pain=6, migraine=True))  # an excused day: the denominator shrinks
    after(lambda: daily_checkin_put(patient=patient, on=date(2026, 11, 20), neck_soreness=7,
                                    headache_free=False))
    row = after(lambda: holder.setdefault("alert", alert_raise(
        patient=patient, kind="flare", details={"pain": 7})))
    assert row.open_alerts == 1 and row.needs_attention[0] == "open_alerts"
    after(lambda: alert_resolve(alert=holder["alert"], by=therapist))
    after(lambda: day_skip_put(patient=patient, on=date(2026, 11, 18), reason="illness"))
    after(lambda: assignment_update(assignment=assignment, changed_by=therapist,
                                    status="paused"))
    after(lambda: assignment_update(assignment=assignment, changed_by=therapist,
                                    status="active"))
    assert len(set(seen)) >= 5  # the writes changed what the list shows

    # Sunday 23:59 in New York, then Monday 00:01: a new week and a new 7 days.
    sunday_night = datetime(2026, 11, 23, 4, 59, tzinfo=UTC)
    with time_machine.travel(sunday_night, tick=False):
        refresh_due()
        before = stored(patient)
        assert_agrees(therapist, patient, before)
    monday = datetime(2026, 11, 23, 5, 1, tzinfo=UTC)
    with time_machine.travel(monday, tick=False):
        assert stored(patient).valid_until <= monday  # stale from midnight on
        assert refresh_due() >= 1  # beat's minute
        after_midnight = stored(patient)
        assert after_midnight.local_date == date(2026, 11, 23)
        assert after_midnight.weekly_pct != before.weekly_pct
        assert after_midnight.weekly_pct[-1] is None  # Monday: nothing due yet this morning
        assert_agrees(therapist, patient, after_midnight)


def test_the_list_never_shows_a_row_the_worker_has_not_reached(therapist):
    """Without the worker (the message lost), the list recomputes before it answers."""
    patient = PatientFactory(clinic=therapist.clinic, timezone="Europe/Berlin")
    daily = program(phase(item(ExerciseFactory(slug="nod"), times_per_day=1)))
    with time_machine.travel(SATURDAY, tick=False):
        assign(patient, daily, date(2026, 11, 2))  # no on-commit: the worker never runs
        assert stored(patient).valid_until <= SATURDAY
        row = client_for(therapist).get("/api/v1/patients").json()[0]
        assert row["needs_attention"] == ["low_adherence", "no_recent_logs"]
        assert row["adherence"]["updated_at"] == "2026-11-21T18:00:00Z"
        assert stored(patient).valid_until > SATURDAY


def test_a_page_at_a_time_with_the_total_and_links(therapist):
    for n in range(7):
        PatientFactory(clinic=therapist.clinic, last_name=f"Name{n}")
    PatientFactory()  # another clinic's: never counted
    client = client_for(therapist)
    response = client.get("/api/v1/patients?limit=3&offset=3")
    assert response.status_code == 200
    assert [r["last_name"] for r in response.json()] == ["Name3", "Name4", "Name5"]
    assert response["X-Total-Count"] == "7"
    links = response["Link"]
    assert 'limit=3&offset=6>; rel="next"' in links
    assert 'limit=3&offset=0>; rel="prev"' in links
    assert 'limit=3&offset=6>; rel="last"' in links
    last = client.get("/api/v1/patients?limit=3&offset=6")
    assert [r["last_name"] for r in last.json()] == ["Name6"]
    assert 'rel="next"' not in last["Link"]
    found = client.get("/api/v1/patients?search=name4")
    assert [r["last_name"] for r in found.json()] == ["Name4"]
    assert found["X-Total-Count"] == "1"
    default = client.get("/api/v1/patients")
    assert len(default.json()) == 7 and default["X-Total-Count"] == "7"
    bad = client.get("/api/v1/patients?limit=0")
    assert bad.status_code == 400
    assert "Limit must be a whole number from 1 to 200" in bad.content.decode()


def test_the_first_page_holds_the_neediest_of_the_whole_clinic(therapist):
    quiet = [PatientFactory(clinic=therapist.clinic, last_name=f"A{n}") for n in range(4)]
    flaring = PatientFactory(clinic=therapist.clinic, last_name="Zed")
    alert_raise(patient=flaring, kind="flare", details={"pain": 7})
    client = client_for(therapist)
    first = client.get("/api/v1/patients?limit=2").json()
    assert [r["id"] for r in first] == [flaring.pk, quiet[0].pk]
    needy = client.get("/api/v1/patients?needs_attention=true")
    assert [r["id"] for r in needy.json()] == [flaring.pk]


def test_refresh_summaries_gives_bulk_loaded_patients_their_rows(therapist):
    """Users inserted past the app (bench/make_clinic.py, an import) get a row from the
    command, or they would be missing from the list."""
    from django.core.management import call_command

    from accounts.models import Role, User

    User.objects.bulk_create([User(email="bulk@example.test", role=Role.PATIENT,
                                   clinic=therapist.clinic, last_name="Bulk")])
    assert not PatientSummary.objects.filter(patient__email="bulk@example.test").exists()
    call_command("refresh_summaries")
    row = PatientSummary.objects.get(patient__email="bulk@example.test")
    assert row.updated_at is not None and row.last_name == "Bulk"
    assert [r["last_name"] for r in client_for(therapist).get("/api/v1/patients").json()] \
        == ["Bulk"]
