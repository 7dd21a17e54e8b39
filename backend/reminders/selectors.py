"""Reads: the signed-in user's notifications, as the in-app list shows them."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from reminders.models import SNOOZABLE_KINDS, Notification, NotificationKind, snooze_number

# Kinds whose words are decided at delivery (an exercise reminder's count of what is left
# changes by the minute): what was said is kept in the payload once it went out
# (services._record); until then, or for rows delivered before that, these words instead.
LIST_TEXT: dict[str, tuple[str, str, str]] = {
    NotificationKind.EXERCISE_REMINDER: ("Time for your exercises",
                                         "Your exercises for the day.", "/today"),
    NotificationKind.THERAPIST_DIGEST: ("Your daily summary", "Sent to you by email.",
                                        "/therapist"),
}


def notification_list(*, user: User, now: datetime | None = None) -> QuerySet[Notification]:
    """The user's own notifications that have come due, newest first. Not listed: ones
    not yet due (a snooze still running) and abandoned ones (nothing left to say when their
    time came, or no way to deliver them)."""
    return (Notification.objects
            .filter(user=user, due_at__lte=now or timezone.now(), abandoned_at=None)
            .order_by("-due_at", "-pk"))


def notification_text(notification: Notification) -> dict:
    """{title, body, url}: as composed when raised, or the kind's words when composed only
    at delivery."""
    title, body, url = LIST_TEXT.get(notification.kind, ("HEP Tracker", "", "/"))
    payload = notification.payload
    return {"title": payload.get("title") or title, "body": payload.get("body") or body,
            "url": payload.get("url") or url}


def notification_snoozable(notification: Notification) -> bool:
    """A patient's prompt, unless it is the last snooze allowed. (The original still says
    yes after its snoozes ran out: counting them for every row of a list is not worth it;
    the snooze itself then answers 409.)"""
    return (notification.kind in SNOOZABLE_KINDS
            and snooze_number(notification.slot_key) < settings.REMINDERS_MAX_SNOOZES)
