"""Celery tasks: thin. The minute tick, delivery of a batch, retries of one target."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from reminders import services
from reminders.transports import TransientError


@shared_task
def tick() -> int:
    """Beat, every minute (CELERY_BEAT_SCHEDULE): due reminders and therapists' digests,
    then the sweep."""
    from reminders.digest import digest_tick

    created = services.tick() + digest_tick()
    return created + services.sweep()


@shared_task
def daily() -> int:
    from reminders import kinds

    return kinds.daily()


@shared_task
def deliver(notification_ids: list[int]) -> None:
    """Each notification claimed and delivered in turn; a transient failure of one target
    becomes a retry task of its own, so a slow or failing target holds up nothing else."""
    for notification_id, channel, target in services.deliver_batch(notification_ids):
        retry_target.apply_async((notification_id, channel, target),
                                 countdown=services.backoff(0))


@shared_task(bind=True, max_retries=None)
def retry_target(self, notification_id: int, channel: str, target: str) -> str:
    final = self.request.retries >= settings.REMINDERS_MAX_RETRIES
    try:
        return services.retry_target(notification_id, channel, target, final=final)
    except TransientError as exc:  # network errors, 5xx, 429 only
        raise self.retry(exc=exc, countdown=services.backoff(self.request.retries + 1)) from exc


@shared_task
def daily_batch(patient_ids: list[int]) -> None:
    from accounts.models import User
    from reminders import kinds

    for patient in User.objects.filter(pk__in=patient_ids):
        kinds.daily_for(patient)


@shared_task
def weekly_checkin() -> int:
    from reminders import kinds

    return kinds.weekly_checkin()
