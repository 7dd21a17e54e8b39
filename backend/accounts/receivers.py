"""Accounts acting on its own announcements and on knox's tokens."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver
from knox.models import AuthToken

from accounts import services
from accounts.models import Device, User
from accounts.signals import password_changed


@receiver(password_changed)
def end_devices_on_password_change(sender, user: User, **kwargs) -> None:
    """A new password signs out every device token but the one it was changed from
    (`keep_device_token`, set by services.password_change). Browser sessions end by
    themselves: Django checks a hash of the password on each request."""
    services.devices_end(user=user, keep=getattr(user, "keep_device_token", None))


@receiver(post_save, sender=AuthToken)
def device_for_token(sender, instance: AuthToken, created: bool, **kwargs) -> None:
    """Every token is a device in the person's list, however it was made."""
    if created:
        Device.objects.create(token=instance)
