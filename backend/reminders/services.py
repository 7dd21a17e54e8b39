"""Writes: reminder settings, the minute tick, claiming and delivering notifications.

Flow (healthchecks' alert sender, adapted):

1. `tick` selects `ReminderSettings` whose `next_due_at` has come, through its index, in
   batches. For each batch, in one transaction: a `Notification` row per slot (the unique
   constraint (user, kind, slot_key) turns a second tick, a concurrent tick or a replayed
   batch into a no-op) and `next_due_at` advanced to the following slot. Delivery is
   enqueued with `transaction.on_commit`, a message per batch of notification ids.
2. `deliver` claims each notification with a conditional UPDATE and proceeds only if it
   changed one row; for each target a `DeliveryAttempt` is written before sending and its
   outcome after. What to say is decided here, at delivery time (an exercise reminder whose
   items were all logged meanwhile is skipped), so the tick stays a few queries per batch
   however much content costs.
3. `sweep` (also every minute) re-enqueues notifications that are due but whose message is
   lost or that were snoozed, and makes claimable again those whose worker died (the reclaim
   rule, below).
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.clinic_settings import value_of
from accounts.models import User
from common.errors import Conflict
from common.tasks import send_after_commit
from reminders import schedule
from reminders.digest import digest_compose, digest_reschedule
from reminders.models import (
    SNOOZABLE_KINDS,
    SNOOZE_MARK,
    Channel,
    DeliveryAttempt,
    Notification,
    NotificationKind,
    Outcome,
    PushSubscription,
    ReminderSettings,
    root_slot_key,
)
from reminders.selectors import notification_snoozable
from reminders.transports import DeliveryError, PermanentError, TransientError

log = logging.getLogger(__name__)

DEFAULT_CHANNELS = [Channel.PUSH.value]
# Kinds that go by one channel whatever the user's reminder channels say.
# An urgent alert (a red-flag headache) goes by every channel there is, whatever the
# therapist chose for the rest: it must not wait for the inbox to be opened.
KIND_CHANNELS: dict[str, list[str]] = {NotificationKind.THERAPIST_DIGEST: [Channel.EMAIL.value],
                 NotificationKind.URGENT_ALERT: [Channel.PUSH.value, Channel.EMAIL.value]}


# --- Settings ------------------------------------------------------------------------------

def default_times(*, patient: User) -> list[str]:
    """From the assigned schedule: the most sessions due on any day of the coming week."""
    from logs.selectors import today_get

    today = patient.local_today()
    most = 0
    for offset in range(7):
        items = today_get(patient=patient, on=today + timedelta(days=offset))["items"]
        most = max([most, *(item["due"] for item in items)])
    if most >= 3:
        return ["08:00", "13:00", "18:00"]
    if most == 2:
        return ["08:00", "18:00"]
    return ["18:00"]


def settings_get_or_create(*, user: User) -> ReminderSettings:
    existing = ReminderSettings.objects.filter(user=user).first()
    if existing is not None:
        return existing
    # Staff do no exercises: their row exists for the daily digest, reminders off. A
    # patient starts from their clinic's reminder defaults, where it has chosen any.
    defaults = value_of(user.clinic, "reminders") if user.is_patient else {}
    row = ReminderSettings(user=user, times=defaults.get("times") or (
                               default_times(patient=user) if user.is_patient else ["18:00"]),
                           enabled=user.is_patient,
                           quiet_hours=defaults.get("quiet_hours"),
                           channels=list(defaults.get("channels") or DEFAULT_CHANNELS))
    reschedule(row, save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # OneToOne: a concurrent first GET won; read its row
        return ReminderSettings.objects.get(user=user)
    return row


def reschedule(row: ReminderSettings, *, after: datetime | None = None, save: bool = True
               ) -> ReminderSettings:
    """Recompute the next due instant from now (or `after`) in the settings' zone."""
    nxt = None
    if row.enabled and row.times:
        nxt = schedule.next_due(after=after or timezone.now(), times=row.times,
                                zone=row.zone_name(), weekdays=row.weekdays,
                                quiet_hours=row.quiet_hours)
    row.next_due_at, row.next_slot = nxt if nxt else (None, "")
    if save:
        row.save(update_fields=["next_due_at", "next_slot", "updated_at"])
    return row


def settings_update(*, user: User, values: dict) -> ReminderSettings:
    row = settings_get_or_create(user=user)
    for field, value in values.items():
        if field == "timezone":
            # The user's own zone means "follow it", also when it changes later.
            value = "" if value in ("", None, user.timezone) else value
        setattr(row, field, value)
    reschedule(row, save=False)
    digest_reschedule(row, save=False)
    row.save()
    return row


def user_zone_changed(*, user: User) -> None:
    """The patient travelled (PATCH me timezone): settings that follow the user's zone get
    their next instant recomputed in the new one."""
    for row in ReminderSettings.objects.filter(user=user, timezone="").select_related("user"):
        row.user = user
        reschedule(row)
        digest_reschedule(row)


def subscription_save(*, user: User, endpoint: str, p256dh: str, auth: str
                      ) -> tuple[PushSubscription, bool]:
    """(subscription, created). An endpoint belongs to the user who posted it first until
    they delete it: the same user again gets its keys updated and the row enabled again;
    anyone else gets 409 and the row stays as it is. (It used to move to whoever posted
    it: someone who learned a victim's endpoint took over their reminders with their own
    keys.) A shared device's browser subscribes afresh instead, for a new endpoint."""
    with transaction.atomic():
        sub, created = PushSubscription.objects.select_for_update().get_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth})
        if created:
            return sub, True
        if sub.user_id != user.pk:
            raise Conflict(
                "This browser's notifications are registered to another account. Unsubscribe "
                "and subscribe again for a new endpoint.", code="endpoint_taken",
                fields={"endpoint": ["Registered to another account."]})
        sub.p256dh, sub.auth = p256dh, auth
        sub.disabled_at, sub.disabled_reason = None, ""
        sub.save()
    return sub, False


def notification_snooze(*, notification: Notification, minutes: int) -> Notification:
    """Again in `minutes`: a new notification for its own slot (the original slot was
    delivered once and stays so); regular reminders falling before it are skipped.
    Only patients' prompts can be put off (SNOOZABLE_KINDS), and one reminder at most
    REMINDERS_MAX_SNOOZES times, snoozes of its snoozes included (then 409)."""
    if notification.kind not in SNOOZABLE_KINDS:
        raise ValidationError({"notification": [
            f"A {notification.get_kind_display().lower()} cannot be snoozed."]})
    root = root_slot_key(notification.slot_key)
    limit = settings.REMINDERS_MAX_SNOOZES
    now = timezone.now()
    due = now + timedelta(minutes=minutes)
    with transaction.atomic():
        # Snoozes of one reminder are counted and numbered under its original's row lock:
        # taps at the same moment (the phone's action, the app) wait for each other
        # instead of taking the same number, and the limit holds.
        list(Notification.objects.select_for_update()
             .filter(user_id=notification.user_id, kind=notification.kind,
                     slot_key__in={root, notification.slot_key}).order_by("pk"))
        count = Notification.objects.filter(
            user_id=notification.user_id, kind=notification.kind,
            slot_key__startswith=f"{root}{SNOOZE_MARK}").count()
        if count >= limit:
            raise Conflict(f"This reminder has been snoozed {limit} times already; it cannot "
                           f"be put off again.", code="snooze_limit")
        snoozed = Notification.objects.create(
            user_id=notification.user_id, kind=notification.kind,
            slot_key=f"{root}{SNOOZE_MARK}{count + 1}", due_at=due,
            payload={**notification.payload, "snoozed_from": notification.pk})
        ReminderSettings.objects.filter(user_id=notification.user_id).update(snoozed_until=due)
    return snoozed


# --- The tick ------------------------------------------------------------------------------

def _enqueue(ids: list[int]) -> None:
    from reminders.tasks import deliver

    size = settings.REMINDERS_DELIVERY_BATCH_SIZE
    for start in range(0, len(ids), size):
        deliver.delay(ids[start:start + size])


def _enqueue_on_commit(ids: list[int]) -> None:
    # The rows are written (enqueued_at set) before the message: when the broker is down the
    # write still answers 2xx and the tick's sweep re-enqueues them (REENQUEUE_AFTER).
    if ids:
        send_after_commit(lambda: _enqueue(ids), what=f"delivery of notifications {ids}")


def tick(*, now: datetime | None = None, batch_size: int | None = None) -> int:
    """Create and enqueue the notifications whose slot has come. Returns how many.

    Cost grows with what is due: `next_due_at <= now` is a range scan on its index, and a
    batch is a fixed number of queries (select, insert, select ids, update). Rows are taken
    with SKIP LOCKED on PostgreSQL, so two ticks at once split the work instead of waiting;
    the unique constraint makes a slot once-only even if they did not.
    """
    now = now or timezone.now()
    size = batch_size or settings.REMINDERS_TICK_BATCH_SIZE
    stale = timedelta(minutes=settings.REMINDERS_STALE_AFTER_MINUTES)
    total = 0
    while True:
        with transaction.atomic():
            rows = list(ReminderSettings.objects.select_for_update(skip_locked=True, of=("self",))
                        .filter(next_due_at__lte=now).select_related("user")
                        .only("id", "user_id", "user__timezone", "times", "weekdays",
                              "timezone", "quiet_hours", "enabled", "snoozed_until",
                              "next_due_at", "next_slot")
                        .order_by("next_due_at")[:size])
            if not rows:
                break
            new = []
            for row in rows:
                due, key = row.next_due_at, row.next_slot
                if due is None:  # not so: the query asked for next_due_at <= now
                    continue
                snoozed = row.snoozed_until is not None and due < row.snoozed_until
                if now - due > stale:
                    # Found far too late (beat was down): dropped, and the search resumes at
                    # the oldest slot still worth sending.
                    reschedule(row, after=max(due, now - stale), save=False)
                    continue
                if key and row.enabled and not snoozed:
                    new.append(Notification(
                        user_id=row.user_id, kind=NotificationKind.EXERCISE_REMINDER,
                        slot_key=key, due_at=due))
                # From the later of the slot and now: after downtime, one reminder, not a burst.
                reschedule(row, after=max(due, now), save=False)
            ReminderSettings.objects.bulk_update(rows, ["next_due_at", "next_slot"])
            total += slots_raise(new, kind=NotificationKind.EXERCISE_REMINDER, now=now)
    return total


def slots_raise(new: list[Notification], *, kind: str, now: datetime) -> int:
    """Insert one kind's notifications for their slots and enqueue the ones this call
    created; returns how many. A slot already there (an earlier or concurrent tick) is
    skipped, the database's unique constraint deciding, not this code. Runs in the
    caller's transaction: delivery is enqueued when it commits."""
    if not new:
        return 0
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    ids = list(Notification.objects.filter(
        kind=kind, user_id__in=[n.user_id for n in new], slot_key__in={n.slot_key for n in new},
        enqueued_at=None, claimed_at=None,
    ).values_list("id", flat=True))
    if ids:
        Notification.objects.filter(pk__in=ids).update(enqueued_at=now)
        _enqueue_on_commit(ids)
    return len(ids)


def sweep(*, now: datetime | None = None) -> int:
    """Re-enqueue what is due but not on its way, and reclaim what a dead worker held.

    Reclaim rule: `acks_late` redelivers a message whose worker died, but only after the
    broker's visibility timeout (an hour on Redis), and a claimed row is skipped by the
    redelivered message anyway. So a notification claimed more than
    REMINDERS_RECLAIM_AFTER_SECONDS ago, still unsent and not abandoned, with no successful
    DeliveryAttempt, has its claim cleared (conditionally on the claim time we read, so two
    sweeps cannot both reclaim it) and is enqueued again. The new delivery skips every target
    that already has a successful attempt or an unfinished one (the worker died mid-send: it
    may have reached the device; at most once wins over at least once for a reminder, and
    the payload's `tag` makes a browser replace rather than stack a duplicate anyway).
    The limit must exceed the whole retry schedule so a notification waiting for a retry
    is not taken from under it.
    """
    now = now or timezone.now()
    reclaim_before = now - timedelta(seconds=settings.REMINDERS_RECLAIM_AFTER_SECONDS)
    succeeded = DeliveryAttempt.objects.filter(notification=OuterRef("pk"), outcome=Outcome.OK)
    for pk, claimed in (Notification.objects
                        .filter(sent_at=None, abandoned_at=None, claimed_at__lt=reclaim_before)
                        .exclude(Exists(succeeded)).values_list("pk", "claimed_at")[:10000]):
        if Notification.objects.filter(pk=pk, claimed_at=claimed).update(
                claimed_at=None, enqueued_at=None):
            log.warning("notification %s reclaimed: claimed at %s and never finished",
                        pk, claimed)
    lost_before = now - timedelta(seconds=settings.REMINDERS_REENQUEUE_AFTER_SECONDS)
    ids = list(Notification.objects
               .filter(sent_at=None, claimed_at=None, abandoned_at=None, due_at__lte=now)
               .filter(Q(enqueued_at=None) | Q(enqueued_at__lt=lost_before))
               .order_by("due_at").values_list("pk", flat=True)[:10000])
    if ids:
        Notification.objects.filter(pk__in=ids, claimed_at=None).update(enqueued_at=now)
        _enqueue(ids)
    return len(ids)


# --- Content -------------------------------------------------------------------------------

def compose(notification: Notification) -> dict | None:
    """What to say, decided at delivery time; None: nothing worth saying any more."""
    user = notification.user
    kind = notification.kind
    base = {"tag": f"{kind}:{root_slot_key(notification.slot_key)}",
            "notification_id": notification.pk, "kind": kind,
            # The phone offers "Snooze" on these (frontend/public/push-sw.js).
            "snoozable": notification_snoozable(notification)}
    if kind == NotificationKind.EXERCISE_REMINDER:
        from logs.excused import is_excused
        from logs.selectors import today_get

        day = schedule.local_date_of_slot(notification.slot_key)
        if is_excused(user.pk, day):
            return None  # a skipped, stop-and-rest or migraine day: rest is not failure
        items = today_get(patient=user, on=day)["items"]
        left = sum(max(item["due"] - item["done"], 0) for item in items)
        if not items or left == 0:
            return None  # no program today, or everything due is already logged
        exercises = sum(1 for item in items if item["due"] > item["done"])
        return {**base, "title": "Time for your exercises",
                "body": f"{exercises} exercise{'s' if exercises != 1 else ''} left for today.",
                "url": "/today"}
    if kind == NotificationKind.THERAPIST_DIGEST:
        digest = digest_compose(notification)
        return {**base, **digest} if digest else None
    if notification.payload.get("title"):  # composed when raised (nudges, alerts)
        return {**base, **notification.payload}
    return None


# --- Delivery ------------------------------------------------------------------------------

@dataclass
class Target:
    channel: str
    target: str  # push subscription id or email address
    subscription: PushSubscription | None = None


def claim(notification_id: int, *, now: datetime | None = None) -> bool:
    """Atomically take a notification; True only for the one caller that changed the row."""
    return Notification.objects.filter(
        pk=notification_id, claimed_at=None, sent_at=None, abandoned_at=None,
    ).update(claimed_at=now or timezone.now()) == 1


class _Batch:
    """What delivering a batch of notifications reads, in four queries for the batch:
    the notifications with their users, channels, live subscriptions, settled targets."""

    def __init__(self, notification_ids: list[int]):
        self.notifications = {n.pk: n for n in Notification.objects.filter(
            pk__in=notification_ids).select_related("user")}
        users = {n.user_id for n in self.notifications.values()}
        self.channels = dict(ReminderSettings.objects.filter(user_id__in=users)
                             .values_list("user_id", "channels"))
        self.subscriptions: dict[int, list[PushSubscription]] = {}
        for sub in PushSubscription.objects.filter(user_id__in=users, disabled_at=None
                                                   ).order_by("pk"):
            self.subscriptions.setdefault(sub.user_id, []).append(sub)
        self.settled = set(DeliveryAttempt.objects.filter(notification_id__in=notification_ids)
                           .filter(Q(outcome=Outcome.OK) | Q(finished_at=None))
                           .values_list("notification_id", "channel", "target"))

    def targets(self, notification: Notification) -> list[Target]:
        """Every target of the user's channels, minus those already done or in doubt."""
        user = notification.user
        channels = KIND_CHANNELS.get(notification.kind) or self.channels.get(
            user.pk, DEFAULT_CHANNELS)
        targets = []
        if Channel.PUSH in channels:
            targets += [Target(Channel.PUSH, str(sub.pk), sub)
                        for sub in self.subscriptions.get(user.pk, [])]
        if Channel.EMAIL in channels and user.email:
            targets.append(Target(Channel.EMAIL, user.email))
        return [t for t in targets
                if (notification.pk, t.channel, t.target) not in self.settled]


def targets_for(notification: Notification) -> list[Target]:
    return _Batch([notification.pk]).targets(notification)


def _send(target: Target, content: dict) -> int | None:
    if target.channel == Channel.PUSH:
        from reminders.transports import webpush

        sub = target.subscription
        if sub is None:  # a push target is made with its subscription (_Batch.targets)
            raise ValueError("A push target without a subscription.")
        return webpush.send(endpoint=sub.endpoint, p256dh=sub.p256dh, auth=sub.auth,
                            data=json.dumps(content).encode(), topic=None)
    from reminders.transports import email

    email.send(to=target.target, subject=content.get("title", "HEP Tracker"),
               body=f"{content.get('body', '')}\n\n{settings.PUBLIC_URL}{content.get('url', '')}")
    return None


def _start_attempt(notification: Notification, target: Target) -> DeliveryAttempt:
    return DeliveryAttempt.objects.create(notification=notification, channel=target.channel,
                                          target=target.target)


@dataclass
class _Sent:
    """What one send came to, waiting to be recorded."""
    notification_id: int
    target: Target
    attempt_id: int
    outcome: str
    status_code: int | None = None
    error: str = ""
    gone: bool = False
    # The notification's payload with what was said, kept on success (see `_said`).
    payload: dict | None = None


# Kinds whose words are composed only at delivery: what was actually said is kept in the
# payload when it goes out, so the in-app list repeats it rather than generic words.
COMPOSED_AT_DELIVERY = frozenset({NotificationKind.EXERCISE_REMINDER,
                                  NotificationKind.THERAPIST_DIGEST})


def _said(notification: Notification, content: dict) -> dict | None:
    if notification.kind not in COMPOSED_AT_DELIVERY:
        return None  # composed when raised: the payload already holds its words
    return {**notification.payload,
            **{key: content[key] for key in ("title", "body", "url") if key in content}}


def _send_one(notification: Notification, target: Target, content: dict,
              row: DeliveryAttempt) -> _Sent:
    """Send, touching no database: the outcome is recorded by the caller's next commit."""
    sent = _Sent(notification.pk, target, row.pk, Outcome.OK,
                 payload=_said(notification, content))
    try:
        sent.status_code = _send(target, content)
    except TransientError as exc:
        sent.outcome, sent.status_code, sent.error = (Outcome.TRANSIENT_ERROR, exc.status_code,
                                                      str(exc))
    except PermanentError as exc:
        sent.outcome, sent.status_code, sent.error = (Outcome.PERMANENT_ERROR, exc.status_code,
                                                      str(exc))
        sent.gone = exc.gone
    except DeliveryError as exc:  # pragma: no cover - every transport error is one of the two
        sent.outcome, sent.error = Outcome.PERMANENT_ERROR, str(exc)
    return sent


def _record(sent: _Sent) -> None:
    """The outcome of one send, `sent_at` on success (with the words that went out, for
    kinds composed at delivery, in the same UPDATE), a dead subscription disabled."""
    now = timezone.now()
    DeliveryAttempt.objects.filter(pk=sent.attempt_id).update(
        finished_at=now, outcome=sent.outcome, status_code=sent.status_code,
        error=sent.error[:2000])
    if sent.outcome == Outcome.OK:
        said = {"payload": sent.payload} if sent.payload is not None else {}
        Notification.objects.filter(pk=sent.notification_id, sent_at=None).update(
            sent_at=now, **said)
    elif sent.gone and sent.target.subscription is not None:
        # The push service says the subscription is gone: never try it again.
        PushSubscription.objects.filter(pk=sent.target.subscription.pk, disabled_at=None
                                        ).update(disabled_at=now, disabled_reason=sent.error[:200])


def attempt(notification: Notification, target: Target, content: dict) -> str:
    """One attempt at one target: recorded before sending, outcome after. Returns outcome."""
    sent = _send_one(notification, target, content, _start_attempt(notification, target))
    with transaction.atomic():
        _record(sent)
    return sent.outcome


def _abandon(notification_id: int, reason: str) -> None:
    notification = Notification.objects.get(pk=notification_id)
    Notification.objects.filter(pk=notification_id, sent_at=None).update(
        abandoned_at=timezone.now(), payload={**notification.payload, "abandoned": reason})


def deliver(notification_id: int) -> list[tuple[str, str]]:
    """Claim and deliver one notification. Returns the targets that failed transiently."""
    return [(channel, target) for _, channel, target in deliver_batch([notification_id])]


@dataclass
class _InFlight:
    """A claimed notification: what to say, to whom, and how far delivery got."""
    notification: Notification
    content: dict
    targets: list[Target]
    sent: int = 0  # targets sent so far
    delivered: bool = False
    pending: bool = False  # a transient failure waits for its retry


def _take_next(batch: _Batch, ids) -> _InFlight | None:
    """Claim the next notification of the batch that has something to send, abandoning on
    the way those with nothing to say or nobody to say it to. Runs in the caller's
    transaction: if it never commits, the claims are undone with it."""
    for notification_id in ids:
        notification = batch.notifications.get(notification_id)
        if notification is None or not claim(notification_id):
            continue  # gone, another worker has it, or it is done
        content = compose(notification)
        if content is None:
            _abandon(notification_id, "nothing to say: nothing due, or no program")
            continue
        targets = batch.targets(notification)
        if not targets:
            _abandon(notification_id, "no target: no subscription or channel"
                     if not DeliveryAttempt.objects.filter(notification=notification).exists()
                     # reclaimed, and every target already settled or in doubt
                     else "targets already attempted (worker lost mid-send)")
            continue
        return _InFlight(notification, content, targets)
    return None


def deliver_batch(notification_ids: list[int]) -> list[tuple[int, str, str]]:
    """Claim and deliver each notification in turn. Returns (notification id, channel,
    target) of transient failures: the caller schedules their retries.

    One commit per send: the transaction after a send records its outcome AND writes the
    next send's attempt row (claiming the next notification when this one has no target
    left). So every attempt is on disk before its send and its outcome after, and a worker
    killed at any point leaves at most one attempt in doubt.
    """
    batch = _Batch(notification_ids)
    ids = iter(notification_ids)
    retry: list[tuple[int, str, str]] = []
    flight: _InFlight | None = None
    last: tuple[_InFlight, _Sent] | None = None
    while True:
        with transaction.atomic():
            if last is not None:
                done, sent = last
                _record(sent)
                if (done.sent == len(done.targets) and not done.delivered
                        and not done.pending):
                    _abandon(done.notification.pk, "every target failed")
            if flight is None or flight.sent == len(flight.targets):
                flight = _take_next(batch, ids)
            if flight is None:
                return retry
            target = flight.targets[flight.sent]
            row = _start_attempt(flight.notification, target)
        flight.sent += 1
        sent = _send_one(flight.notification, target, flight.content, row)
        if sent.outcome == Outcome.TRANSIENT_ERROR:
            retry.append((flight.notification.pk, target.channel, target.target))
            flight.pending = True
        flight.delivered = flight.delivered or sent.outcome == Outcome.OK
        last = (flight, sent)


def _finish_if_settled(notification_id: int, *, pending: bool) -> None:
    if pending:
        return
    if not DeliveryAttempt.objects.filter(notification_id=notification_id,
                                          outcome=Outcome.OK).exists():
        _abandon(notification_id, "every target failed")


def retry_target(notification_id: int, channel: str, target: str, *, final: bool) -> str:
    """Try one target again (a retry of a transient failure). Raises TransientError to be
    retried again; on the final try a failure abandons the notification if nothing got
    through. Skips a target already delivered or in flight."""
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    if notification.abandoned_at is not None:
        return "abandoned"
    if DeliveryAttempt.objects.filter(notification=notification, channel=channel, target=target
                                      ).filter(Q(outcome=Outcome.OK) | Q(finished_at=None)
                                               ).exists():
        return "settled"
    subscription = None
    if channel == Channel.PUSH:
        subscription = PushSubscription.objects.filter(pk=target, disabled_at=None).first()
        if subscription is None:
            return "gone"
    content = compose(notification)
    if content is None:
        return "nothing to say"
    outcome = attempt(notification, Target(channel, target, subscription), content)
    if outcome == Outcome.TRANSIENT_ERROR:
        if final:
            _finish_if_settled(notification_id, pending=False)
            return outcome
        raise TransientError(f"notification {notification_id} {channel} {target}")
    return outcome


def backoff(retries: int) -> float:
    """Exponential with full jitter: 2, 4, 8 ... s, capped at 5 minutes."""
    return random.uniform(0, min(2 ** (retries + 1), 300))
