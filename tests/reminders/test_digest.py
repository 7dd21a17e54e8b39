"""The therapist's daily email digest: when (zones, DST, once a day), what it says, who may
have one, and what the minute tick reads to find it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alerts.models import AlertKind
from alerts.services import alert_raise, alert_resolve
from reminders import services
from reminders.digest import digest_tick
from reminders.models import Notification, NotificationKind, ReminderSettings
from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, PatientFactory, TherapistFactory
from tests.reminders.conftest import subscribe, with_program

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def deliveries(monkeypatch):
    sent = []
    monkeypatch.setattr("reminders.services._enqueue", sent.extend)
    return sent


def digest_at(user, hhmm: str) -> ReminderSettings:
    return services.settings_update(user=user, values={"digest_time": hhmm})


def digests(user=None):
    rows = Notification.objects.filter(kind=NotificationKind.THERAPIST_DIGEST)
    return rows.filter(user=user) if user else rows


# --- When --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "hhmm", "set_at", "due"), [
    # Berlin in winter (UTC+1) and summer (UTC+2): the same 07:30 moves in UTC.
    ("Europe/Berlin", "07:30", datetime(2026, 3, 27, 12, 0, tzinfo=UTC),
     datetime(2026, 3, 28, 6, 30, tzinfo=UTC)),
    ("Europe/Berlin", "07:30", datetime(2026, 3, 28, 12, 0, tzinfo=UTC),
     datetime(2026, 3, 29, 5, 30, tzinfo=UTC)),
    # 02:30 does not exist on 29 March in Berlin: the next valid minute, 03:00 CEST.
    ("Europe/Berlin", "02:30", datetime(2026, 3, 28, 12, 0, tzinfo=UTC),
     datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
    # 02:30 happens twice on 25 October: the first time, 02:30 CEST.
    ("Europe/Berlin", "02:30", datetime(2026, 10, 24, 12, 0, tzinfo=UTC),
     datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
    # The far side of the date line: 07:30 Monday in Auckland is Sunday evening in UTC.
    ("Pacific/Auckland", "07:30", datetime(2026, 5, 3, 12, 0, tzinfo=UTC),
     datetime(2026, 5, 3, 19, 30, tzinfo=UTC)),
])
def test_the_digest_is_due_at_the_chosen_local_time(therapist, deliveries, zone, hhmm, set_at,
                                                    due):
    therapist.timezone = zone
    therapist.save()
    with time_machine.travel(set_at, tick=False) as clock:
        row = digest_at(therapist, hhmm)
        assert row.digest_next_at == due
        clock.move_to(due - timedelta(seconds=1))
        assert digest_tick() == 0
        clock.move_to(due)
        assert digest_tick() == 1
    local_day = due.astimezone(therapist.zone).date().isoformat()
    assert digests(therapist).get().slot_key == f"digest:{local_day}"


def test_the_repeated_hour_of_a_fall_back_night_sends_once(therapist, deliveries):
    therapist.timezone = "Europe/Berlin"
    therapist.save()
    with time_machine.travel(datetime(2026, 10, 24, 12, 0, tzinfo=UTC), tick=False) as clock:
        digest_at(therapist, "02:30")
        clock.move_to(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 02:30 CEST
        assert digest_tick() == 1
        clock.move_to(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 02:30 CET, again
        assert digest_tick() == 0
        row = ReminderSettings.objects.get(user=therapist)
        assert row.digest_next_at == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)  # CET now
    assert digests().count() == 1


def test_once_per_local_day_even_when_the_hour_changes_after_it_went_out(therapist,
                                                                       deliveries):
    with time_machine.travel(MONDAY.replace(hour=6), tick=False) as clock:
        digest_at(therapist, "07:30")  # the fixture therapist's zone is UTC
        clock.move_to(MONDAY.replace(hour=7, minute=30))
        assert digest_tick() == 1
        assert digest_tick() == 0  # a second tick in the same minute
        digest_at(therapist, "16:00")  # later the same day
        clock.move_to(MONDAY.replace(hour=16))
        assert digest_tick() == 0
        assert ReminderSettings.objects.get(user=therapist).digest_next_at == (
            MONDAY.replace(hour=16) + timedelta(days=1))
        clock.move_to(MONDAY.replace(hour=16) + timedelta(days=1))
        assert digest_tick() == 1
    assert sorted(digests().values_list("slot_key", flat=True)) == [
        "digest:2026-05-04", "digest:2026-05-05"]
    assert not digests().filter(enqueued_at=None).exists()  # both on their way


def test_the_digest_follows_the_therapist_to_a_new_zone(therapist):
    with time_machine.travel(MONDAY, tick=False):
        digest_at(therapist, "07:30")
        assert ReminderSettings.objects.get(user=therapist).digest_next_at == datetime(
            2026, 5, 5, 7, 30, tzinfo=UTC)
        therapist.timezone = "America/Los_Angeles"  # UTC-7 in May: 05:00 there now
        therapist.save()
        assert ReminderSettings.objects.get(user=therapist).digest_next_at == datetime(
            2026, 5, 4, 14, 30, tzinfo=UTC)


def test_off_means_never_due(therapist, deliveries):
    with time_machine.travel(MONDAY, tick=False) as clock:
        digest_at(therapist, "13:00")
        row = services.settings_update(user=therapist, values={"digest_time": ""})
        assert row.digest_next_at is None
        clock.move_to(MONDAY + timedelta(days=2))
        assert digest_tick() == 0


# --- What the minute tick reads -----------------------------------------------------------------

def _digests_at(clinic, count: int, hhmm: str) -> None:
    for therapist in TherapistFactory.create_batch(count, clinic=clinic):
        digest_at(therapist, hhmm)


def _tick_queries(now) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        digest_tick(now=now)
    return [q["sql"] for q in queries.captured_queries]


def test_the_tick_costs_the_same_few_queries_however_many_are_due(clinic, deliveries):
    with time_machine.travel(MONDAY, tick=False):  # Monday 12:00 UTC
        _digests_at(clinic, 30, "11:00")  # tomorrow's: not due in this test
        for patient in PatientFactory.create_batch(30, clinic=clinic):
            services.settings_get_or_create(user=patient)  # never read by the digest tick
        _digests_at(clinic, 25, "13:00")
    with time_machine.travel(MONDAY - timedelta(hours=2), tick=False):
        _digests_at(clinic, 1, "11:00")
    few = _tick_queries(MONDAY)  # 1 due
    many = _tick_queries(MONDAY + timedelta(hours=1))  # 25 due
    # select, insert, ids, mark enqueued, advance, the empty select (+ savepoints)
    assert len(few) == len(many) <= 12, many
    assert digests().count() == 26


def test_the_tick_finds_due_digests_through_their_index(clinic, deliveries):
    with time_machine.travel(MONDAY - timedelta(hours=2), tick=False):
        _digests_at(clinic, 2, "11:00")
    queries = _tick_queries(MONDAY)
    select = next(sql for sql in queries if "FROM \"reminders_remindersettings\"" in sql
                  and "digest_next_at" in sql)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
            cursor.execute("EXPLAIN " + select)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + select)
        plan = " ".join(str(col) for row in cursor.fetchall() for col in row)
    assert "reminders_digest_due" in plan, plan


# --- What it says -------------------------------------------------------------------------------

@pytest.fixture
def team(clinic, therapist):
    """The therapist's own patients Anna Berg and Jonas Keller; a colleague's patient."""
    anna = PatientFactory(clinic=clinic, primary_therapist=therapist, first_name="Anna",
                          last_name="Berg")
    jonas = PatientFactory(clinic=clinic, primary_therapist=therapist, first_name="Jonas",
                           last_name="Keller")
    colleague = TherapistFactory(clinic=clinic)
    other = PatientFactory(clinic=clinic, primary_therapist=colleague, first_name="Olga",
                           last_name="Nowak")
    return anna, jonas, other


def due_digest(user, day="2026-05-04") -> Notification:
    digest_at(user, "07:30")
    return Notification.objects.create(user=user, kind=NotificationKind.THERAPIST_DIGEST,
                                       slot_key=f"digest:{day}", due_at=MONDAY)


def test_the_digest_email_says_what_is_new_who_needs_attention_and_what_waits(
        therapist, team, mailoutbox, settings):
    anna, jonas, other = team
    alert_raise(patient=anna, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    alert_raise(patient=anna, kind=AlertKind.PAIN_ABOVE_LIMIT, details={"pain_during": 7})
    alert_raise(patient=jonas, kind=AlertKind.PROGRESSION_PROPOSAL, details={})
    alert_raise(patient=other, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    notification = due_digest(therapist)
    services.deliver(notification.pk)

    [mail] = mailoutbox
    assert mail.to == [therapist.email]
    assert mail.subject == ("HEP Tracker daily summary: 2 new alerts, "
                            "2 patients need attention, 1 proposal waiting")
    assert "- Headache triggered by exercise: Anna B." in mail.body
    assert "- Pain during exercise above the limit: Anna B." in mail.body
    assert "Anna B.: open alerts" in mail.body and "Jonas K.: open alerts" in mail.body
    assert "Progression proposals waiting for you (1): Jonas K." in mail.body
    assert f"{settings.PUBLIC_URL}/therapist" in mail.body
    # First name and initial only; a colleague's patient is theirs to read about.
    assert "Berg" not in mail.body and "Keller" not in mail.body
    assert "Olga" not in mail.body
    notification.refresh_from_db()
    assert notification.sent_at is not None


def test_the_next_digest_tells_only_what_changed_since(therapist, team, mailoutbox):
    anna, jonas, _ = team
    with time_machine.travel(MONDAY - timedelta(hours=5), tick=False) as clock:
        alert_raise(patient=anna, kind=AlertKind.TRIGGERED_HEADACHE, details={})
        clock.move_to(MONDAY)
        services.deliver(due_digest(therapist).pk)
        clock.move_to(MONDAY + timedelta(hours=3))
        alert_raise(patient=jonas, kind=AlertKind.PAIN_ABOVE_LIMIT, details={})
        clock.move_to(MONDAY + timedelta(days=1))
        services.deliver(due_digest(therapist, day="2026-05-05").pk)
    first, second = mailoutbox
    assert "Headache triggered by exercise: Anna B." in first.body
    assert "New alerts since your last summary (1):" in second.body
    assert "Pain during exercise above the limit: Jonas K." in second.body
    assert "Headache triggered by exercise" not in second.body  # told yesterday
    assert "Anna B.: open alerts" in second.body  # still open: still needs attention


def test_nothing_to_report_sends_nothing(therapist, team, mailoutbox):
    anna, _, other = team
    alert_raise(patient=other, kind=AlertKind.TRIGGERED_HEADACHE, details={})  # not theirs
    resolved = alert_raise(patient=anna, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    alert_resolve(alert=resolved, by=therapist)  # dealt with in the app already
    notification = due_digest(therapist)
    services.deliver(notification.pk)
    assert mailoutbox == []
    notification.refresh_from_db()
    assert notification.sent_at is None and notification.abandoned_at is not None
    assert "nothing to say" in notification.payload["abandoned"]


def test_a_clinic_admin_reads_about_the_whole_clinic(clinic, team, mailoutbox):
    _, _, other = team
    admin = ClinicAdminFactory(clinic=clinic)
    alert_raise(patient=other, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    services.deliver(due_digest(admin).pk)
    [mail] = mailoutbox
    assert "Headache triggered by exercise: Olga N." in mail.body


def test_patients_without_alerts_who_stopped_logging_need_attention(therapist, team,
                                                                   mailoutbox):
    anna, _, _ = team
    with_program(anna, start=anna.local_today() - timedelta(days=10))  # nothing logged since
    services.deliver(due_digest(therapist).pk)
    [mail] = mailoutbox
    assert mail.subject == "HEP Tracker daily summary: 1 patient needs attention"
    [line] = [line for line in mail.body.splitlines() if line.startswith("- Anna B.: ")]
    assert "no recent logs" in line


def test_the_digest_goes_by_email_whatever_the_reminder_channels(therapist, team, receiver,
                                                                mailoutbox):
    anna, _, _ = team
    subscribe(therapist, receiver, "therapist-phone")
    services.settings_update(user=therapist, values={"channels": ["push"]})
    alert_raise(patient=anna, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    receiver.received.clear()  # the instant alert itself went by push, as it should
    services.deliver(due_digest(therapist).pk)
    assert len(mailoutbox) == 1 and receiver.names_received() == []


def test_a_digest_turned_off_before_delivery_is_not_sent(therapist, team, mailoutbox):
    anna, _, _ = team
    alert_raise(patient=anna, kind=AlertKind.TRIGGERED_HEADACHE, details={})
    notification = due_digest(therapist)
    services.settings_update(user=therapist, values={"digest_time": ""})
    services.deliver(notification.pk)
    assert mailoutbox == []


# --- The setting through the API ------------------------------------------------------------

URL = "/api/v1/me/reminder-settings"


def test_a_therapist_turns_the_digest_on_and_off(therapist, therapist_client):
    first = therapist_client.get(URL).json()
    assert first["daily_digest_time"] is None and first["daily_digest_next_at"] is None
    assert first["enabled"] is False  # staff get no exercise reminders
    with time_machine.travel(MONDAY, tick=False):
        on = therapist_client.put(URL, {"daily_digest_time": "07:30"}, format="json")
    assert on.status_code == 200, on.json()
    assert on.json()["daily_digest_time"] == "07:30"
    assert on.json()["daily_digest_next_at"] == "2026-05-05T07:30:00Z"
    off = therapist_client.put(URL, {"daily_digest_time": None}, format="json").json()
    assert off["daily_digest_time"] is None and off["daily_digest_next_at"] is None


@pytest.mark.parametrize("value", ["7:30", "24:00", "07:60", "0730", 730, "", ["07:30"],
                                   {"at": "07:30"}, "07:30:00"])
def test_a_malformed_digest_time_is_a_400_naming_the_field(therapist_client, value):
    response = therapist_client.put(URL, {"daily_digest_time": value}, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["daily_digest_time"]
    assert not ReminderSettings.objects.exclude(digest_time="").exists()


def test_patients_cannot_have_a_digest(patient, patient_client):
    response = patient_client.put(URL, {"daily_digest_time": "07:30"}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only clinic staff receive a daily digest."
    assert not ReminderSettings.objects.exclude(digest_time="").exists()
    # The patient app sends back what it read, null included: that is fine.
    settings = patient_client.get(URL).json()
    assert settings["daily_digest_time"] is None
    assert patient_client.put(URL, settings, format="json").status_code == 200


def test_digest_settings_are_per_user(therapist, clinic):
    colleague = TherapistFactory(clinic=clinic)
    client_for(colleague).put(URL, {"daily_digest_time": "06:00"}, format="json")
    assert client_for(therapist).get(URL).json()["daily_digest_time"] is None


def test_every_reason_the_list_gives_has_words_in_the_digest():
    """A new attention reason must not reach a therapist's email as a code."""
    from monitoring.selectors import ATTENTION_REASONS
    from reminders.digest import ATTENTION_WORDS

    assert {reason for reason, _ in ATTENTION_REASONS} == set(ATTENTION_WORDS)
