"""Clinics and the people in them: patients, therapists and clinic administrators."""

from __future__ import annotations

import zoneinfo
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.core.exceptions import ValidationError
from django.db import models


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone.")


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    # The clinic's own zone: its staff's digests and its reports' days (patients keep theirs).
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    # What the clinic has chosen: clinical thresholds, reminder defaults, who sees whom.
    # Each key is declared, with its default and its check, in accounts.clinic_settings.
    settings = models.JSONField(default=dict, blank=True)
    # Staff must sign in with a second step (TOTP); those without one are asked to set it
    # up before they get a token (accounts.services.login).
    require_staff_2fa = models.BooleanField(default=False)
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

    def save(self, *args, **kwargs) -> None:
        # Django keeps the new raw password in `_password` from set_password until the save,
        # and clears it for a mere hash upgrade at sign-in: so this is a real change, however
        # it was made (the API, the admin, `manage.py changepassword`, the shell).
        # A new account has no device tokens to end yet.
        password_changed = self._password is not None and not self._state.adding  # type: ignore[attr-defined]
        super().save(*args, **kwargs)
        if password_changed:
            from accounts.signals import password_changed as signal

            signal.send(sender=User, user=self)


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


class CareTeamMember(models.Model):
    """A colleague added to a patient's care team. With the clinic's care-team scope on, a
    therapist sees the patients whose primary therapist they are or whose team they are on."""

    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_team")
    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="care_of")
    added_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["patient", "member"],
                                               name="care_team_once")]


class SignInFailure(models.Model):
    """Failed sign-ins of one account from one address, kept in the database so that the
    delays of `accounts.services.sign_in_gate` hold while the cache (Redis) is down.

    The account is named by a digest of the typed email (known or not: an unknown address is
    delayed alike, so delays tell nothing about who has an account). Rows older than
    `LOGIN_FAILURE_WINDOW` no longer count and are swept at the next sign-in of the account.
    """

    account_digest = models.CharField(max_length=64)
    address = models.CharField(max_length=45)
    failures = models.PositiveIntegerField(default=0)
    last_failed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account_digest", "address"],
                                               name="sign_in_failure_account_address")]


class Device(models.Model):
    """What the person sees of one signed-in device token (knox keeps the token itself)."""

    token = models.OneToOneField(settings.KNOX_TOKEN_MODEL, on_delete=models.CASCADE,
                                 related_name="device")
    # "Firefox on Android": from the browser's User-Agent at sign-in, no more of it kept.
    name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Written at most every DEVICE_LAST_USED_EVERY, so a request seldom writes.
    last_used_at = models.DateTimeField(null=True, blank=True)


class TotpDevice(models.Model):
    """A staff member's authenticator (RFC 6238, accounts.totp). Off until confirmed with a
    first code; `last_used_step` is the time step of the last code accepted, so that a code
    seen over a shoulder or in a log is refused the second time."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)


class RecoveryCode(models.Model):
    """A one-time code for a lost phone. Only a digest is stored, like invite tokens."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_digest"])]
