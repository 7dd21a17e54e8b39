"""Reminders and notifications: what is due for whom, and every attempt to deliver it.

The delivery design is healthchecks' alert sender: a due row is written in the same
transaction as the state change that makes it due, a worker claims it with a conditional
UPDATE, every attempt is saved before sending and its outcome after.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    PUSH = "push", "Web Push"
    EMAIL = "email", "Email"


class ReminderSettings(models.Model):
    """One per user. `next_due_at` is the next reminder instant in UTC, computed in the
    patient's zone by `reminders.schedule`; the minute tick is a range scan on its index.

    Clinic staff have no exercise reminders; they may have a daily email digest instead
    (`digest_*`, see reminders.digest), scheduled the same way on its own index."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="reminder_settings")
    enabled = models.BooleanField(default=True)
    times = models.JSONField(default=list)  # ["HH:MM"], local wall-clock times
    weekdays = models.JSONField(default=list, blank=True)  # ["mon", ...]; empty: every day
    # Empty: follow the user's zone (User.timezone), also when it changes. Set: pinned.
    timezone = models.CharField(max_length=64, blank=True, default="")
    quiet_hours = models.JSONField(null=True, blank=True)  # {"start": "HH:MM", "end": "HH:MM"}
    channels = models.JSONField(default=list)  # ["push", "email"]
    snoozed_until = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The local slot that next_due_at stands for, "YYYY-MM-DDTHH:MM": the slot key.
    next_slot = models.CharField(max_length=32, blank=True, default="")
    # The therapist's daily digest: local "HH:MM", empty when off. Its next instant in UTC
    # and the local slot that instant stands for, like next_due_at / next_slot.
    digest_time = models.CharField(max_length=5, blank=True, default="")
    digest_next_at = models.DateTimeField(null=True, blank=True)
    digest_next_slot = models.CharField(max_length=32, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Only the rows with a digest on: the tick's "digest due" scan reads what is due
            # and nothing else, however many patients there are.
            models.Index(fields=["digest_next_at"], name="reminders_digest_due",
                         condition=Q(digest_next_at__isnull=False)),
        ]

    def zone_name(self) -> str:
        return self.timezone or self.user.timezone


class NotificationKind(models.TextChoices):
    EXERCISE_REMINDER = "exercise_reminder", "Exercise reminder"
    MISSED_DAYS_NUDGE = "missed_days_nudge", "Missed days nudge"
    WEEKLY_CHECKIN = "weekly_checkin", "Weekly check-in"
    REMEASURE_PROMPT = "remeasure_prompt", "Re-measure prompt"
    THERAPIST_ALERT = "therapist_alert", "Therapist alert"
    THERAPIST_DIGEST = "therapist_digest", "Therapist daily digest"
    URGENT_ALERT = "urgent_alert", "Urgent symptoms alert"
    PROGRAM_CHANGED = "program_changed", "Program changed"


# A patient may put these off for a while ("remind me in 30 minutes"). What goes to
# therapists (alerts, the digest) is answered in the alert inbox instead.
SNOOZABLE_KINDS = frozenset({NotificationKind.EXERCISE_REMINDER,
                             NotificationKind.MISSED_DAYS_NUDGE,
                             NotificationKind.WEEKLY_CHECKIN,
                             NotificationKind.REMEASURE_PROMPT})

# A snooze is a notification of its own, keyed "<original slot>+snooze<n>" (n = 1, 2, ...
# counted per original, so a snooze of a snooze continues the original's count).
SNOOZE_MARK = "+snooze"


def root_slot_key(slot_key: str) -> str:
    """The slot of the original reminder a snooze (of a snooze) stands for."""
    return slot_key.split(SNOOZE_MARK, 1)[0]


def snooze_number(slot_key: str) -> int:
    """0 for an original; n for its n-th snooze."""
    _, mark, number = slot_key.partition(SNOOZE_MARK)
    return int(number) if mark and number.isdigit() else 0


class Notification(models.Model):
    """A user-visible message for one slot. The unique constraint is what makes "delivered at
    most once per slot" a property of the database rather than of the scheduler's luck."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    slot_key = models.CharField(max_length=64)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Last time a delivery message was put on the broker; the sweep re-enqueues rows whose
    # message seems lost (see services.sweep_pending).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Nothing to deliver to (no subscription, channels off) or every target failed for good.
    abandoned_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "slot_key"],
                                    name="notification_once_per_slot"),
        ]
        indexes = [
            # "Due and not yet claimed": the sweep's lookup stays cheap however many sent
            # rows pile up.
            models.Index(fields=["due_at"], name="notification_pending_due",
                         condition=Q(sent_at__isnull=True, claimed_at__isnull=True)),
            # Claimed but never finished (a worker died): the reclaim rule's lookup.
            models.Index(fields=["claimed_at"], name="notification_claimed_unsent",
                         condition=Q(sent_at__isnull=True, abandoned_at__isnull=True,
                                     claimed_at__isnull=False)),
        ]


class PushSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True, default="")


class Outcome(models.TextChoices):
    OK = "ok", "Delivered"
    TRANSIENT_ERROR = "transient_error", "Transient error (retried)"
    PERMANENT_ERROR = "permanent_error", "Permanent error"


class DeliveryAttempt(models.Model):
    """Written BEFORE sending, finished after: a row with no `finished_at` is an attempt whose
    worker died mid-send (it may or may not have reached the user)."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE,
                                     related_name="attempts")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    target = models.CharField(max_length=254)  # push subscription id or email address
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["notification", "channel", "target"])]


class VapidKeys(models.Model):
    """The generated VAPID key pair, when none is configured in the environment. A database
    row (pk=1) rather than a file: web (serves the public key), workers (sign) and beat run
    in separate containers that share the database, not a disk."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    private_key = models.TextField()  # PEM
    public_key = models.CharField(max_length=100)  # urlsafe base64 raw point, for the PWA
    created_at = models.DateTimeField(auto_now_add=True)
