"""Celery tasks: thin. The hourly run of erasures whose grace period is over."""

from __future__ import annotations

from celery import shared_task

from privacy import erasure


@shared_task
def erasures_due() -> int:
    """Beat, hourly (CELERY_BEAT_SCHEDULE): confirmed erasures whose grace period is over."""
    return erasure.erasures_due()
