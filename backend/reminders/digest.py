"""The therapist's optional daily email digest, at the hour they chose, in their zone.

Scheduled like exercise reminders: `ReminderSettings.digest_next_at` is the next instant in
UTC (DST-correct, `reminders.schedule`), and the minute tick reads only the rows whose
instant has come, through a partial index that holds only therapists with a digest on.
A digest is one `Notification` per therapist and local day (slot key `digest:YYYY-MM-DD`,
the unique constraint deciding), delivered by email only.

What it says is decided at delivery, like every notification: what changed since the last
digest that went out (new alerts by kind), who needs attention now, and the progression
proposals waiting for an answer. Patients are named by first name and last initial: email
is not end-to-end encrypted. Nothing to report: no email (the notification is abandoned).

Whose patients: a therapist's own (they are the primary therapist, as for instant alerts);
a clinic administrator's whole clinic.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from alerts.models import Alert, AlertKind, AlertStatus
from reminders import schedule
from reminders.models import Notification, NotificationKind, ReminderSettings

SLOT_PREFIX = "digest:"
NAMES_PER_LINE = 10
ATTENTION_WORDS = {
    "open_alerts": "open alerts",
    "low_adherence": "low adherence",
    "falling_adherence": "falling adherence",
    "high_soreness": "high soreness",
    "no_recent_logs": "no recent logs",
}


# --- Scheduling -----------------------------------------------------------------------------

def digest_reschedule(row: ReminderSettings, *, after: datetime | None = None,
                      save: bool = True) -> ReminderSettings:
    """The next digest instant after now (or `after`) in the user's zone; none when off."""
    nxt = None
    if row.digest_time:
        nxt = schedule.next_due(after=after or timezone.now(), times=[row.digest_time],
                                zone=row.zone_name())
    row.digest_next_at, row.digest_next_slot = nxt if nxt else (None, "")
    if save:
        row.save(update_fields=["digest_next_at", "digest_next_slot", "updated_at"])
    return row


def digest_slot_key(local_slot: str) -> str:
    """Once per local day: the time of day is not part of the key, so changing the hour
    after today's digest went out does not send a second one today."""
    return SLOT_PREFIX + local_slot.split("T", 1)[0]


def digest_tick(*, now: datetime | None = None, batch_size: int | None = None) -> int:
    """Create and enqueue the digests whose instant has come. Returns how many.

    Per batch a fixed number of queries (select through the partial index, insert, select
    ids, mark enqueued, advance), as in `services.tick`. A digest found late (beat was down)
    is still sent once, then the next one is the first instant after now: a summary is
    worth reading late, and the next one covers everything since.
    """
    from reminders.services import slots_raise

    now = now or timezone.now()
    size = batch_size or settings.REMINDERS_TICK_BATCH_SIZE
    total = 0
    while True:
        with transaction.atomic():
            rows = list(ReminderSettings.objects.select_for_update(skip_locked=True, of=("self",))
                        .filter(digest_next_at__lte=now).select_related("user")
                        .only("id", "user_id", "user__timezone", "timezone", "digest_time",
                              "digest_next_at", "digest_next_slot")
                        .order_by("digest_next_at")[:size])
            if not rows:
                break
            new = [Notification(user_id=row.user_id, kind=NotificationKind.THERAPIST_DIGEST,
                                slot_key=digest_slot_key(row.digest_next_slot),
                                due_at=row.digest_next_at)
                   for row in rows if row.digest_next_slot and row.digest_next_at]
            for row in rows:
                # Each row has digest_next_at <= now (the query); `or now` is for the types.
                digest_reschedule(row, after=max(row.digest_next_at or now, now), save=False)
            ReminderSettings.objects.bulk_update(rows, ["digest_next_at", "digest_next_slot"])
            # A slot already there (a second tick, the hour changed today) is skipped.
            total += slots_raise(new, kind=NotificationKind.THERAPIST_DIGEST, now=now)
    return total


# --- Content --------------------------------------------------------------------------------

def _names(patients: list[User]) -> str:
    shown = ", ".join(p.first_name_and_initial for p in patients[:NAMES_PER_LINE])
    more = len(patients) - NAMES_PER_LINE
    return f"{shown} and {more} more" if more > 0 else shown


def _in_digest(recipient: User, patient: User) -> bool:
    if recipient.role == Role.THERAPIST:
        return patient.primary_therapist_id == recipient.pk
    return True  # a clinic administrator: the whole clinic


def _since(notification: Notification) -> datetime:
    """When the last digest that went out was composed (its claim: composing follows it at
    once, so an alert is counted twice at worst, never lost); a day before this one's slot
    when there was none. Digests abandoned because every target failed do not count: their
    news is still news."""
    previous = (Notification.objects
                .filter(user_id=notification.user_id, kind=NotificationKind.THERAPIST_DIGEST,
                        sent_at__isnull=False, claimed_at__isnull=False)
                .exclude(pk=notification.pk).order_by("-claimed_at")
                .values_list("claimed_at", flat=True).first())
    return previous or notification.due_at - timedelta(days=1)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def digest_compose(notification: Notification) -> dict | None:
    """Title and body of the digest email, or None when there is nothing to report (or the
    digest was turned off, or the recipient is no longer clinic staff)."""
    from monitoring.selectors import patient_attention_list

    recipient = notification.user
    still_on = ReminderSettings.objects.filter(user_id=recipient.pk).exclude(
        digest_time="").exists()
    if not (still_on and recipient.is_active and recipient.is_clinic_staff
            and recipient.clinic_id):
        return None
    since = _since(notification)

    attention = [p for p in patient_attention_list(viewer=recipient)
                 if p.is_active and p.needs_attention and _in_digest(recipient, p)]
    alerts = Alert.objects.filter(clinic_id=recipient.clinic_id, status=AlertStatus.OPEN)
    if recipient.role == Role.THERAPIST:
        alerts = alerts.filter(patient__primary_therapist_id=recipient.pk)
    open_alerts = list(alerts.select_related("patient").order_by("created_at", "pk"))
    proposals = [a for a in open_alerts if a.kind == AlertKind.PROGRESSION_PROPOSAL]
    new_by_kind: dict[str, list[User]] = defaultdict(list)
    for alert in open_alerts:
        if alert.created_at > since and alert.kind != AlertKind.PROGRESSION_PROPOSAL:
            new_by_kind[alert.kind].append(alert.patient)
    if not (attention or proposals or new_by_kind):
        return None

    new_count = sum(len(patients) for patients in new_by_kind.values())
    lines = []
    if new_by_kind:
        lines.append(f"New alerts since your last summary ({new_count}):")
        lines += [f"- {AlertKind(kind).label}: {_names(patients)}"
                  for kind, patients in sorted(new_by_kind.items())]
        lines.append("")
    if attention:
        lines.append(f"Patients needing attention ({len(attention)}):")
        lines += [f"- {p.first_name_and_initial}: "
                  + ", ".join(ATTENTION_WORDS.get(r, r) for r in p.needs_attention)
                  for p in attention[:NAMES_PER_LINE * 2]]
        if len(attention) > NAMES_PER_LINE * 2:
            lines.append(f"- and {len(attention) - NAMES_PER_LINE * 2} more")
        lines.append("")
    if proposals:
        lines.append(f"Progression proposals waiting for you ({len(proposals)}): "
                     + _names([a.patient for a in proposals]))
        lines.append("")
    lines.append("Alerts already resolved in the app are not repeated here.")

    headline = [part for part in (
        _plural(new_count, "new alert", "new alerts") if new_count else "",
        _plural(len(attention), "patient needs attention", "patients need attention")
        if attention else "",
        _plural(len(proposals), "proposal waiting", "proposals waiting") if proposals else "",
    ) if part]
    return {"title": "HEP Tracker daily summary: " + ", ".join(headline),
            "body": "\n".join(lines), "url": "/therapist"}
