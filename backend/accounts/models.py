"""Clinics and the people in them: patients, therapists and clinic administrators."""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ValidationError
from django.db import models


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone.")


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    # Per-clinic clinical thresholds that override settings (see shared clinical reference §4).
    settings = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    THERAPIST = "therapist", "Therapist"
    CLINIC_ADMIN = "clinic_admin", "Clinic administrator"


# Django's own manager underneath, as AbstractUser expects; sign-in is by email here.
class UserManager(AuthUserManager["User"]):
    use_in_migrations = True

    def create_user(  # type: ignore[override]  # by email: there is no username
            self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(  # type: ignore[override]  # by email: there is no username
            self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("role", Role.CLINIC_ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(unique=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PATIENT)
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    primary_therapist = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="primary_patients"
    )
    # Headache days in the 28 days before starting, as recorded at intake; when empty the
    # baseline comes from the diary kept before the first assignment started.
    baseline_headache_days_28 = models.PositiveSmallIntegerField(null=True, blank=True)
    # Red events of the last days, [{"kind": "pain"|"triggered", "at": ISO instant}], kept as
    # they are logged (logs.services) so that today's plan shows its stop-and-rest notice
    # without reading the logs on every request.
    recent_red_events = models.JSONField(default=list, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        indexes = [models.Index(fields=["clinic", "role"])]

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in (Role.THERAPIST, Role.CLINIC_ADMIN)

    @property
    def first_name_and_initial(self) -> str:
        """"Anna B.": how notifications name a patient. Enough for the therapist to know
        whom, little for anyone else: push and email are not end-to-end encrypted."""
        initial = f" {self.last_name[:1]}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip() or f"Patient {self.pk}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_today(self) -> date:
        from django.utils import timezone

        return timezone.now().astimezone(self.zone).date()


class Invite(models.Model):
    """A single-use, expiring link through which a patient sets their password.

    Only a digest of the token is stored: a database leak must not hand out accounts.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invites")
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invites_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
