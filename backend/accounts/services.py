"""Writes about people: creating patients, invites, signing in and out."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework.exceptions import PermissionDenied, Throttled

from accounts.models import Invite, Role, SignInFailure, User
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
    raw, expiry = device_token_issue(user)
    return user, raw, expiry


# --- Signing in ----------------------------------------------------------------------------
# The policy (README, "Sign-in"): failures slow down whoever is failing, never the owner.
# A device that signed in to the account before (it carries the signed known-device value,
# `known_device_value`) is never delayed. Any other attempt on an account with
# LOGIN_FAILURE_LIMIT or more failures in LOGIN_FAILURE_WINDOW waits 1 s after the last
# failure, doubling with each further failure up to LOGIN_DELAY_MAX_SECONDS (429 with
# Retry-After); after the wait the right password works. Nothing is counted per address
# alone: only failing (address, account) pairs are stored, so one address's failures
# never lock out the other people behind it. The counts live in the database: sign-in
# neither depends on the cache nor lets anyone through when it is down.

KNOWN_DEVICE_COOKIE = "hep_device"
_KNOWN_DEVICE_SALT = "accounts.known-device"


class LoginFailed(Exception):
    pass


class SignInDelayed(Throttled):
    default_detail = "Too many failed sign-ins. Please wait and try again."
    wait: float | None  # seconds, set by Throttled; sent as Retry-After


def _account_digest(email: str) -> str:
    return _digest(email.strip().lower())


def known_device_value(user: User) -> str:
    """What a device keeps after signing in (a cookie, or kept by the app) to be recognised
    as one of this account's devices next time: signed, so it cannot be made up."""
    return signing.dumps({"u": user.pk}, salt=_KNOWN_DEVICE_SALT, compress=True)


def _is_known_device(value: str | None, email: str) -> bool:
    if not value:
        return False
    try:
        data = signing.loads(value, salt=_KNOWN_DEVICE_SALT,
                             max_age=settings.KNOWN_DEVICE_MAX_AGE)
    except signing.BadSignature:  # tampered, made up or expired
        return False
    user_id = data.get("u") if isinstance(data, dict) else None
    return isinstance(user_id, int) and User.objects.filter(
        pk=user_id, email__iexact=email.strip()).exists()


def _delay_seconds(failures: int) -> float:
    free = settings.LOGIN_FAILURE_LIMIT
    if failures < free:
        return 0.0
    return float(min(settings.LOGIN_DELAY_MAX_SECONDS, 2 ** (failures - free)))


def sign_in_gate(*, email: str, known_device: bool) -> None:
    """Raise SignInDelayed while this account's delay runs (never for a known device)."""
    if known_device:
        return
    now = timezone.now()
    recent = SignInFailure.objects.filter(
        account_digest=_account_digest(email),
        last_failed_at__gt=now - settings.LOGIN_FAILURE_WINDOW,
    ).aggregate(failures=Sum("failures"), last=Max("last_failed_at"))
    failures, last = recent["failures"] or 0, recent["last"]
    if last is None:
        return
    wait = (last + timedelta(seconds=_delay_seconds(failures)) - now).total_seconds()
    if wait > 0:
        raise SignInDelayed(wait=math.ceil(wait))


def sign_in_failed(*, email: str, address: str) -> None:
    """Count one failure of the pair (account, address): an atomic increment, so concurrent
    failures are all counted. A pair quiet for a whole window starts again from one."""
    now = timezone.now()
    digest = _account_digest(email)
    pair = SignInFailure.objects.filter(account_digest=digest, address=address)
    stale = now - settings.LOGIN_FAILURE_WINDOW
    if pair.filter(last_failed_at__lte=stale).update(failures=1, last_failed_at=now):
        return
    if pair.update(failures=F("failures") + 1, last_failed_at=now):
        return
    try:
        with transaction.atomic():
            SignInFailure.objects.create(account_digest=digest, address=address,
                                         failures=1, last_failed_at=now)
    except IntegrityError:  # a concurrent first failure of the same pair
        pair.update(failures=F("failures") + 1, last_failed_at=now)


def sign_in_succeeded(*, email: str) -> None:
    """The owner is in: the account is no longer failing."""
    SignInFailure.objects.filter(account_digest=_account_digest(email)).delete()


def _take_turns(email: str) -> None:
    """Attempts on one account from unknown devices take turns until the transaction ends,
    so a burst of parallel guesses cannot all pass the gate before the first failure is
    counted (also the account's very first ones, before any row exists to lock). SQLite
    (development) runs one write at a time anyway."""
    if connection.vendor == "postgresql":
        key = int(_account_digest(email)[:15], 16)  # 60 bits: fits PostgreSQL's bigint
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def sign_in_verify(*, email: str, password: str, address: str, device: str | None = None,
                   request: HttpRequest | None = None) -> User:
    """Check a password under the failure policy: the one gate for the API's login and the
    admin's. Raises SignInDelayed (429) or LoginFailed (401)."""
    known = _is_known_device(device, email)
    with transaction.atomic():
        if not known:
            _take_turns(email)
        sign_in_gate(email=email, known_device=known)
        user = authenticate(request, username=email.strip().lower(), password=password)
        if isinstance(user, User):
            sign_in_succeeded(email=email)
        else:  # None: no such account, or not this password
            sign_in_failed(email=email, address=address)
    if not isinstance(user, User):
        raise LoginFailed  # outside the block: the failure just counted stays counted
    return user


@transaction.atomic
def device_token_issue(user: User) -> tuple[str, datetime]:
    """A new device token; beyond TOKEN_LIMIT_PER_USER live tokens the oldest are retired
    (the user row is locked so that concurrent sign-ins cannot overshoot the limit)."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    # Sweep this user's expired device tokens here rather than on every request.
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    instance, raw = AuthToken.objects.create(user)
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit:
        keep = AuthToken.objects.filter(user=user).order_by("-created", "-pk")[:limit]
        AuthToken.objects.filter(user=user).exclude(pk__in=keep.values("pk")).delete()
    return raw, instance.expiry


def login(*, email: str, password: str, address: str, device: str | None = None,
          request: HttpRequest | None = None) -> tuple[User, str, datetime]:
    """Sign in on a device: the failure policy, then a device token."""
    user = sign_in_verify(email=email, password=password, address=address, device=device,
                          request=request)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    raw, expiry = device_token_issue(user)
    return user, raw, expiry
