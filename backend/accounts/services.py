"""Writes about people: creating patients, invites, signing in and out."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.exceptions import PermissionDenied, Throttled

from accounts.models import Invite, Role, User
from accounts.selectors import sees_health_data, staff_of_clinic
from common.ownership import resolve_reference


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def app_link_with_token(*, screen: str, token: str) -> str:
    """A link to one of the app's screens that carries a secret (an invite, later a password
    reset). The token rides in the fragment: browsers never send it to the server, so it
    stays out of access logs, proxies and Referer headers; the page reads it from there."""
    return f"{settings.PUBLIC_URL}/{screen}#{token}"


def invite_url(token: str) -> str:
    return app_link_with_token(screen="invite", token=token)


@transaction.atomic
def invite_create(*, user: User, created_by: User | None) -> tuple[Invite, str]:
    """A new single-use link; any earlier unused link for the same person stops working."""
    now = timezone.now()
    Invite.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invite = Invite.objects.create(
        user=user, token_digest=_digest(token), created_by=created_by,
        expires_at=now + settings.INVITE_TTL,
    )
    return invite, token


# Whether an address has an account is its owner's business: a clinic adding someone
# learns only that this address cannot be used, in the same words whatever the reason
# (an account in another clinic, one in theirs, a colleague's request a moment earlier).
# docs/security.md, "Who has an account".
EMAIL_NOT_AVAILABLE = ("This email address cannot be used for a new account. If the person "
                       "is already one of your patients, find them in the list; otherwise "
                       "ask them for another address.")


def _email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


@contextmanager
def email_claimed(email: str) -> Iterator[str]:
    """Give `email` (normalised, yielded) to the account written inside the block: a new
    patient now, a new staff member or a changed address alike. Taken already, or taken by
    a concurrent request meanwhile (the unique key decides), it is the one neutral refusal,
    400 on `email`, never a 500 and never a word about who holds it."""
    email = email.strip().lower()
    if _email_taken(email):
        raise ValidationError({"email": [EMAIL_NOT_AVAILABLE]})
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on
            yield email
    except IntegrityError:
        if not _email_taken(email):
            raise  # another unique key: a real bug
        raise ValidationError({"email": [EMAIL_NOT_AVAILABLE]}) from None


@transaction.atomic
def patient_create(
    *,
    created_by: User,
    email: str,
    first_name: str,
    last_name: str,
    timezone_name: str,
    primary_therapist: User | None = None,
    baseline_headache_days_28: int | None = None,
) -> tuple[User, Invite, str]:
    with email_claimed(email) as address:
        patient = User.objects.create_user(
            email=address, first_name=first_name, last_name=last_name, role=Role.PATIENT,
            clinic_id=created_by.clinic_id, timezone=timezone_name,
            primary_therapist=primary_therapist or (
                created_by if created_by.role == Role.THERAPIST else None),
            baseline_headache_days_28=baseline_headache_days_28,
        )
    invite, token = invite_create(user=patient, created_by=created_by)
    return patient, invite, token


def primary_therapist_resolve(*, viewer: User, therapist_id: int | None) -> User | None:
    """A therapist named in a request body: active staff of the viewer's clinic
    (common.ownership answers for anyone else)."""
    if therapist_id is None:
        return None
    return resolve_reference(
        visible=staff_of_clinic(viewer.clinic_id), value=therapist_id,
        field="primary_therapist", missing="No such therapist in your clinic.")


def profile_update(*, user: User, changes: Mapping[str, Any]) -> User:
    """Write only the given fields of a person's details. A change of zone reaches the
    reminders through the save (reminders.signals)."""
    for field, value in changes.items():
        setattr(user, field, value)
    if changes:
        user.save(update_fields=list(changes))
    return user


def patient_update(*, patient: User, by: User, changes: Mapping[str, Any]) -> User:
    """A therapist edits a patient's details; a primary therapist arrives as an id."""
    changes = dict(changes)
    if "baseline_headache_days_28" in changes and not sees_health_data(by):
        raise PermissionDenied("Your clinic keeps patients' health figures from "
                               "administrators: ask the patient's therapist to change them.")
    if "primary_therapist" in changes:
        changes["primary_therapist"] = primary_therapist_resolve(
            viewer=by, therapist_id=changes["primary_therapist"])
    return profile_update(user=patient, changes=changes)


class InviteRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def invite_get(*, token: str) -> Invite:
    invite = Invite.objects.select_related("user").filter(token_digest=_digest(token)).first()
    if invite is None:
        raise Invite.DoesNotExist
    if invite.used_at is not None:
        raise InviteRefused("This invite has already been used. Sign in instead.")
    if invite.revoked_at is not None:
        raise InviteRefused("This invite was replaced by a newer one. Ask your therapist.")
    if invite.expires_at <= timezone.now():
        raise InviteRefused("This invite has expired. Ask your therapist for a new one.")
    return invite


@transaction.atomic
def invite_accept(*, token: str, password: str) -> tuple[User, str, datetime]:
    invite = invite_get(token=token)
    user = invite.user
    validate_password(password, user=user)  # raises ValidationError with messages
    # The conditional update is what makes the link single-use under concurrent clicks.
    claimed = Invite.objects.filter(pk=invite.pk, used_at=None).update(used_at=timezone.now())
    if not claimed:
        raise InviteRefused("This invite has already been used. Sign in instead.")
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    instance, raw = AuthToken.objects.create(user)
    return user, raw, instance.expiry


# --- Signing in ----------------------------------------------------------------------------

def _failure_keys(email: str, ip: str | None) -> list[str]:
    keys = [f"login-fail:email:{_digest(email.lower())}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def _check_not_locked(keys: list[str]) -> None:
    limit = settings.LOGIN_FAILURE_LIMIT
    # The per-address limit is wider: a clinic shares one address among many people.
    for key in keys:
        allowed = limit * 4 if ":ip:" in key else limit
        if (cache.get(key) or 0) >= allowed:
            raise Throttled(
                wait=settings.LOGIN_FAILURE_WINDOW.total_seconds(),
                detail="Too many failed sign-ins. Please wait and try again.",
            )


def _record_failure(keys: list[str]) -> None:
    timeout = int(settings.LOGIN_FAILURE_WINDOW.total_seconds())
    for key in keys:
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout)


class LoginFailed(Exception):
    pass


def login(*, email: str, password: str, ip: str | None, request=None) -> tuple[User, str, datetime]:
    keys = _failure_keys(email, ip)
    _check_not_locked(keys)
    user = authenticate(request, username=email.strip().lower(), password=password)
    if user is None:
        _record_failure(keys)
        raise LoginFailed
    cache.delete(keys[0])
    # Sweep this user's expired device tokens here rather than on every request.
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    instance, raw = AuthToken.objects.create(user)
    return user, raw, instance.expiry
