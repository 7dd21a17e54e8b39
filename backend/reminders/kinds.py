"""Notifications other than the exercise reminder: raised as rows (once per slot, the
unique constraint deciding) with their content, then delivered like any other."""

from __future__ import annotations

import logging
import zoneinfo
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Role, User
from alerts.models import Alert, AlertKind, AlertStatus
from assignments.models import Assignment, AssignmentStatus
from common.dates import days, week_start
from logs.excused import excused_days_of
from logs.models import SessionLog
from reminders.models import Notification, NotificationKind
from reminders.services import _enqueue_on_commit

log = logging.getLogger(__name__)


def raise_notification(*, user_id: int, kind: str, slot_key: str, payload: dict,
                       due_at: datetime | None = None) -> Notification | None:
    """The row, or None when this slot already has one (IntegrityError: it exists)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user_id=user_id, kind=kind, slot_key=slot_key, due_at=due_at or now,
                payload=payload, enqueued_at=now if (due_at or now) <= now else None)
    except IntegrityError:
        return None
    if notification.enqueued_at is not None:
        _enqueue_on_commit([notification.pk])
    return notification


# --- Therapists ----------------------------------------------------------------------------

ALERT_WORDS: dict[str, str] = {
    AlertKind.PAIN_ABOVE_LIMIT: "pain during exercise above the limit",
    AlertKind.TRIGGERED_HEADACHE: "a headache brought on by exercise",
    AlertKind.PROGRESSION_PROPOSAL: "a progression proposal to confirm",
    AlertKind.URGENT_SYMPTOMS: "URGENT: red-flag headache, told to call emergency services",
    AlertKind.HEADACHE_ESCALATION: "headache days escalating",
}


def alert_recipients(alert: Alert, patient: User) -> list[int]:
    """The primary therapist; for urgent symptoms with none (or one no longer active),
    every active therapist of the clinic, so an emergency never lands in nobody's inbox."""
    primary = (User.objects.filter(pk=patient.primary_therapist_id, is_active=True)
               .values_list("pk", flat=True).first()
               if patient.primary_therapist_id else None)
    if alert.kind != AlertKind.URGENT_SYMPTOMS:
        return [patient.primary_therapist_id] if patient.primary_therapist_id else []
    if primary is not None:
        return [primary]
    return list(User.objects.filter(clinic_id=alert.clinic_id, role=Role.THERAPIST,
                                    is_active=True).order_by("pk").values_list("pk", flat=True))


def therapist_alert(*, alert: Alert) -> list[Notification]:
    """A new alert goes to the patient's primary therapist at once (the in-app inbox is
    GET alerts); urgent symptoms by push and email, to every active therapist of the clinic
    when the patient has no primary one. The payload names the patient by first name and
    initial only: email is not end-to-end encrypted."""
    patient = User.objects.filter(pk=alert.patient_id).only(
        "first_name", "last_name", "primary_therapist_id").first()
    if patient is None:
        return []
    urgent = alert.kind == AlertKind.URGENT_SYMPTOMS
    what = ALERT_WORDS.get(alert.kind) or (
        f"no exercise logged for {alert.details.get('days', settings.REMINDERS_NO_LOG_ALERT_DAYS)}"
        " days")
    body = ("They were shown the emergency number and told to call it now. Open HEP Tracker "
            "and contact them." if urgent else "Open HEP Tracker to review.")
    raised = [raise_notification(
        user_id=user_id,
        kind=NotificationKind.URGENT_ALERT if urgent else NotificationKind.THERAPIST_ALERT,
        slot_key=f"alert:{alert.pk}",
        payload={"title": f"{patient.first_name_and_initial}: {what}", "body": body,
                 "url": f"/therapist/patients/{alert.patient_id}", "alert": alert.pk})
        for user_id in alert_recipients(alert, patient)]
    return [n for n in raised if n is not None]


# --- Patients: their program changed -------------------------------------------------------

# A therapist editing a program makes several changes in a row: one notice for the run.
PROGRAM_NOTICE_BUCKET_MINUTES = 15


def program_changed_notice(*, assignment_id: int, by_person: bool,
                           now: datetime | None = None) -> Notification | None:
    """Tell the patient their program changed (Today shows the new one on its next load):
    one notification per assignment per quarter of an hour, however many changes."""
    row = (Assignment.objects.filter(pk=assignment_id)
           .values_list("patient_id", "template__name").first())
    if row is None:
        return None
    patient_id, program = row
    now = now or timezone.now()
    bucket = int(now.timestamp()) // (PROGRAM_NOTICE_BUCKET_MINUTES * 60)
    who = "Your therapist changed" if by_person else "There is a change in"
    return raise_notification(
        user_id=patient_id, kind=NotificationKind.PROGRAM_CHANGED,
        slot_key=f"program:{assignment_id}:{bucket}",
        payload={"title": "Your program changed",
                 "body": f"{who} “{program}”. Open Today to see what to do now.",
                 "url": "/today"},
        due_at=after_quiet_hours(user_id=patient_id, now=now))


def after_quiet_hours(*, user_id: int, now: datetime) -> datetime:
    """`now`, or the end of the patient's quiet hours when `now` falls inside them: news
    that can wait never wakes anyone (the sweep sends it when it comes due)."""
    from reminders import schedule
    from reminders.models import ReminderSettings

    row = (ReminderSettings.objects.filter(user_id=user_id).select_related("user")
           .only("quiet_hours", "timezone", "user__timezone").first())
    if row is None or not row.quiet_hours:
        return now
    zone = zoneinfo.ZoneInfo(row.zone_name())
    local = now.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    if not schedule.in_quiet_hours(wall, row.quiet_hours):
        return now
    end = schedule.parse_hhmm(row.quiet_hours["end"])
    day = local.date() if wall < end else local.date() + timedelta(days=1)
    return schedule.slot_instant(day, end, zone)


# --- The daily look at every patient with an active program --------------------------------

def daily(*, today_utc: datetime | None = None, batch_size: int = 500) -> int:
    from reminders.tasks import daily_batch

    patients = (Assignment.objects.filter(status=AssignmentStatus.ACTIVE)
                .values_list("patient_id", flat=True).distinct().order_by("patient_id"))
    ids = list(patients)
    for start in range(0, len(ids), batch_size):
        daily_batch.delay(ids[start:start + batch_size])
    return len(ids)


def daily_for(patient: User, *, today: date | None = None) -> list[str]:
    """Missed-days nudge, "no log" alert and re-measure prompt for one patient. Returns the
    kinds raised."""
    today = today or patient.local_today()
    raised: list[str] = []
    start = (Assignment.objects.filter(patient=patient, status=AssignmentStatus.ACTIVE)
             .aggregate(s=Max("start_date"))["s"])
    if start is None or start > today:
        return raised
    last = SessionLog.objects.filter(patient=patient).aggregate(d=Max("local_date"))["d"]
    since = max(last, start - timedelta(days=1)) if last else start - timedelta(days=1)
    # Whole days with nothing logged, today not counted; excused days (a skip, a red event's
    # day and the next, a migraine) are rest, not inactivity (logs.excused).
    excused = excused_days_of(patient.pk, since, today)
    idle = sum(1 for day in days(since + timedelta(days=1), today - timedelta(days=1))
               if day not in excused)
    if today not in excused and idle >= settings.REMINDERS_NUDGE_AFTER_DAYS and raise_notification(
            user_id=patient.pk, kind=NotificationKind.MISSED_DAYS_NUDGE,
            slot_key=f"gap:{since.isoformat()}",  # once per gap: a new log starts a new one
            payload={"title": "We miss you",
                     "body": "Life gets busy. A short session today still counts, "
                             "and your neck will thank you.",
                     "url": "/today"}):
        raised.append(NotificationKind.MISSED_DAYS_NUDGE)
    if idle >= settings.REMINDERS_NO_LOG_ALERT_DAYS:
        open_alert = Alert.objects.filter(patient=patient, kind=AlertKind.NO_RECENT_LOG,
                                          status=AlertStatus.OPEN).first()
        if open_alert is None or open_alert.details.get("since") != since.isoformat():
            from alerts.services import alert_raise

            alert_raise(patient=patient, kind=AlertKind.NO_RECENT_LOG,
                        details={"since": since.isoformat(), "days": idle})
            raised.append("no_recent_log_alert")
    from measures.selectors import measures_due

    for due in measures_due(patient=patient, on=today):
        if due.due and due.due_on is not None and raise_notification(
                user_id=patient.pk, kind=NotificationKind.REMEASURE_PROMPT,
                slot_key=f"measure:{due.instrument}:{due.due_on.isoformat()}",
                payload={"title": "A short questionnaire is due",
                         "body": "It takes two minutes and shows your therapist how you are "
                                 "doing.", "url": f"/measures/{due.instrument}"}):
            raised.append(NotificationKind.REMEASURE_PROMPT)
    return raised


# --- Weekly check-in: Sunday evening, local --------------------------------------------------

CHECKIN_WEEKDAY, CHECKIN_HOUR = 6, 18  # Sunday, 18:00-18:59 local


def weekly_checkin(*, now: datetime | None = None) -> int:
    """Hourly: patients whose local time is now Sunday 18:xx. Cost: one query for the zones
    in use, one per zone where it is Sunday evening, not a pass over every patient."""
    now = now or timezone.now()
    zones = []
    for name in (User.objects.filter(role=Role.PATIENT).values_list("timezone", flat=True)
                 .distinct().order_by()):
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        if local.weekday() == CHECKIN_WEEKDAY and local.hour == CHECKIN_HOUR:
            zones.append((name, local.date()))
    raised = 0
    for name, day in zones:
        for patient_id in (Assignment.objects.filter(status=AssignmentStatus.ACTIVE,
                                                     patient__timezone=name)
                           .values_list("patient_id", flat=True).distinct()):
            week = day.isocalendar()
            # The week is named in the link: tapped on Monday morning, the answer is still
            # about the week the prompt asked about.
            monday = week_start(day)
            if raise_notification(
                    user_id=patient_id, kind=NotificationKind.WEEKLY_CHECKIN,
                    slot_key=f"week:{week.year}-W{week.week:02d}",
                    payload={"title": "Your week",
                             "body": "How many sessions did you manage this week?",
                             "url": f"/checkin/weekly?week={monday.isoformat()}"}):
                raised += 1
    return raised
