"""Writes about people: creating patients, invites, signing in and out."""

from __future__ import annotations

import hashlib
import logging
import math
import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework.exceptions import PermissionDenied, Throttled

from accounts import totp
from accounts.models import Device, Invite, RecoveryCode, Role, SignInFailure, TotpDevice, User
from accounts.selectors import sees_health_data, staff_of_clinic
from common.ownership import resolve_reference
from common.tasks import send_after_commit

logger = logging.getLogger(__name__)


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
    second_step_demand(user)  # raises SecondStepRequired for staff with two-step sign-in
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    raw, expiry = device_token_issue(user)
    return user, raw, expiry



def _token_for(user: User) -> tuple[User, str, datetime]:
    """A new device token, after the last step of signing in succeeded."""
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    raw, expiry = device_token_issue(user)
    return user, raw, expiry


# --- Passwords -----------------------------------------------------------------------------
# Reset links carry Django's token (default_token_generator): it is made from the password
# hash, the last sign-in and the time, so it stops working once used (the hash changes),
# after PASSWORD_RESET_TIMEOUT, and after any sign-in; nothing about it is stored.

RESET_REFUSED = "This link has been used or has expired. Ask for a new one."


class PasswordResetRefused(Exception):
    pass


def password_reset_request(*, email: str) -> None:
    """Email a reset link to the account with this address, if there is one. The caller
    answers the same whatever happens here (no one learns who has an account), and the
    email goes out after the answer, from the worker, so the time taken tells nothing."""
    email = email.strip().lower()
    key = f"password-reset:email:{_digest(email)}"
    try:
        cache.add(key, 0, 3600)
        if cache.incr(key) > settings.PASSWORD_RESET_EMAILS_PER_HOUR:
            return
    except Exception:  # the cache (Redis) is down: the endpoint's own throttle still holds
        logger.warning("Password reset: email limit not checked, cache unavailable")
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    # An invited patient who never set a password has their invite for that.
    if user is None or not user.has_usable_password():
        return
    from accounts.tasks import send_password_reset

    send_after_commit(lambda: send_password_reset.delay(user.pk), what="a password reset")


def password_reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = f"{uid}.{default_token_generator.make_token(user)}"
    return app_link_with_token(screen="reset-password", token=token)


def password_reset_email_send(*, user: User) -> None:
    """Made in the worker: the link exists only in the email, never in a queue or a log."""
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    send_mail(
        subject="Reset your HEP Tracker password",
        message=(f"Hello {user.first_name},\n\nSomeone (we hope you) asked to reset the "
                 f"password of your HEP Tracker account. To choose a new one, open this link "
                 f"within {minutes} minutes:\n\n{password_reset_link(user)}\n\nThe link "
                 f"works once. If you did not ask, ignore this email: your password stays "
                 f"as it is.\n"),
        from_email=None, recipient_list=[user.email],
    )


def _reset_user(token: str, *, lock: bool = False) -> User:
    uid, _, check = token.partition(".")
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError):
        raise PasswordResetRefused from None
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, check):
        raise PasswordResetRefused
    return user


@transaction.atomic
def password_reset_confirm(*, token: str, password: str) -> User:
    """Set the password from a reset link; every device token and browser session of the
    account ends (accounts.receivers; sessions carry a hash of the password)."""
    # The row lock makes the link single-use under two clicks at once.
    user = _reset_user(token, lock=True)
    try:
        validate_password(password, user=user)
    except ValidationError as invalid:
        raise ValidationError({"password": invalid.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def password_change(*, user: User, current: str, new: str,
                    keep_device: AuthToken | None) -> User:
    """Change a signed-in person's password; every other device token ends, this one
    (`keep_device`) stays signed in."""
    if not user.check_password(current):
        raise ValidationError({"current": ["That is not your current password."]})
    try:
        validate_password(new, user=user)
    except ValidationError as invalid:
        raise ValidationError({"new": invalid.messages}) from None
    user.set_password(new)
    user.keep_device_token = keep_device.pk if keep_device else None  # type: ignore[attr-defined]
    user.save(update_fields=["password"])
    return user


def devices_end(*, user: User, keep: str | None = None) -> int:
    """Sign out every device token of `user` but `keep` (a token's digest)."""
    tokens = AuthToken.objects.filter(user=user)
    if keep:
        tokens = tokens.exclude(pk=keep)
    return tokens.delete()[0]


# --- Devices -------------------------------------------------------------------------------

def device_end(*, user: User, device_id: int) -> bool:
    """Sign out one of the person's own devices; False when it is not theirs or gone."""
    return AuthToken.objects.filter(user=user, device__pk=device_id).delete()[0] > 0


def device_used(*, device: Device, user_agent: str) -> None:
    """Note that a device was used now, at most every DEVICE_LAST_USED_EVERY."""
    now = timezone.now()
    if device.last_used_at and now - device.last_used_at < settings.DEVICE_LAST_USED_EVERY:
        return
    changes: dict[str, Any] = {"last_used_at": now}
    if not device.name:
        changes["name"] = device_name(user_agent)
    Device.objects.filter(pk=device.pk).update(**changes)


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("SamsungBrowser/", "Samsung Internet"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def device_name(user_agent: str) -> str:
    """"Firefox on Android": enough to tell one's devices apart, no more of the header."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "App or other device"


# --- Two-step sign-in (TOTP) ---------------------------------------------------------------

class SecondStepRequired(Exception):
    """The password was right; a code (`setup` False) or setting up 2FA first (`setup`
    True, the clinic requires it) comes before a token. `mfa_token` names this sign-in."""

    def __init__(self, *, setup: bool, mfa_token: str):
        super().__init__("second step required")
        self.setup = setup
        self.mfa_token = mfa_token


class SecondStepRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


MFA_EXPIRED = "This sign-in has expired. Please sign in again."
CODE_WRONG = "That code is not right. Enter the 6-digit code your authenticator app shows now."


def _confirmed_totp(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def _staff_must_set_up(user: User) -> bool:
    return bool(user.is_clinic_staff and user.clinic and user.clinic.require_staff_2fa)


def second_step_demand(user: User) -> None:
    """After a right password: staff with TOTP give a code, staff of a clinic that requires
    it and have none set it up. Patients never have a second step."""
    if not user.is_clinic_staff:
        return
    if _confirmed_totp(user) is not None:
        raise SecondStepRequired(setup=False, mfa_token=_mfa_token_issue(user, "code"))
    if _staff_must_set_up(user):
        raise SecondStepRequired(setup=True, mfa_token=_mfa_token_issue(user, "setup"))


def _mfa_key(mfa_token: str) -> str:
    return f"mfa:{_digest(mfa_token)}"


def _mfa_token_issue(user: User, purpose: str) -> str:
    token = secrets.token_urlsafe(32)
    # The deadline is kept beside the cache's own expiry, which follows the cache server's
    # clock: the application's clock decides, as everywhere else.
    until = (timezone.now() + settings.MFA_TOKEN_TTL).timestamp()
    cache.set(_mfa_key(token), {"user": user.pk, "purpose": purpose, "attempts": 0,
                                "until": until},
              int(settings.MFA_TOKEN_TTL.total_seconds()))
    return token


def mfa_token_user(*, mfa_token: str, purpose: str) -> User:
    pending = cache.get(_mfa_key(mfa_token or ""))
    if (not pending or pending["purpose"] != purpose
            or pending["until"] <= timezone.now().timestamp()):
        raise SecondStepRefused(MFA_EXPIRED)
    user = User.objects.select_related("clinic").filter(pk=pending["user"], is_active=True).first()
    if user is None:
        raise SecondStepRefused(MFA_EXPIRED)
    return user


def _mfa_failed(mfa_token: str) -> None:
    """A wrong code uses up one of MFA_ATTEMPTS; then this sign-in ends (start again with
    the password, which the login throttle counts)."""
    key = _mfa_key(mfa_token)
    pending = cache.get(key)
    if not pending:
        return
    pending["attempts"] += 1
    if pending["attempts"] >= settings.MFA_ATTEMPTS:
        cache.delete(key)
    else:
        cache.set(key, pending, int(settings.MFA_TOKEN_TTL.total_seconds()))


def _normalised_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def second_factor_check(*, user: User, code: str) -> bool:
    """A code of the person's authenticator not used before, or an unused recovery code.
    Each is accepted once: the conditional updates decide, even for two requests at once."""
    device = _confirmed_totp(user)
    if device is not None:
        step = totp.matching_step(device.secret, code, after_step=device.last_used_step)
        if step is not None:
            return TotpDevice.objects.filter(
                pk=device.pk, last_used_step__lt=step).update(last_used_step=step) == 1
    digest = _digest(_normalised_recovery_code(code))
    return RecoveryCode.objects.filter(user=user, code_digest=digest, used_at=None).update(
        used_at=timezone.now()) == 1


def login_second_step(*, mfa_token: str, code: str) -> tuple[User, str, datetime]:
    user = mfa_token_user(mfa_token=mfa_token, purpose="code")
    # Per account too, not only per mfa_token: whoever has the password could otherwise
    # fetch fresh mfa_tokens and go on guessing codes.
    # The same delays as for passwords (sign_in_gate), counted under the account's own
    # digest with its own "address", so they hold while the cache is down too.
    second = f"2fa:{user.email}"
    sign_in_gate(email=second, known_device=False)
    if not second_factor_check(user=user, code=code):
        _mfa_failed(mfa_token)
        sign_in_failed(email=second, address="second-step")
        raise ValidationError({"code": [CODE_WRONG]})
    sign_in_succeeded(email=second)
    cache.delete(_mfa_key(mfa_token))
    return _token_for(user)


class TotpAlreadyOn(Exception):
    pass


def totp_begin(*, user: User) -> TotpDevice:
    """A new secret for the person's authenticator app; 2FA is on once a first code from
    it is confirmed. Starting again before that replaces the secret."""
    if _confirmed_totp(user) is not None:
        raise TotpAlreadyOn
    device, _ = TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": totp.new_secret(), "confirmed_at": None,
                             "last_used_step": 0})
    return device


@transaction.atomic
def totp_confirm(*, user: User, code: str) -> list[str]:
    """Turn 2FA on with a first code; answers the recovery codes, shown this once."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None or device.confirmed_at is not None:
        raise ValidationError({"code": ["Start setting up two-step sign-in again."]})
    step = totp.matching_step(device.secret, code, after_step=0)
    if step is None:
        raise ValidationError({"code": [CODE_WRONG]})
    device.confirmed_at, device.last_used_step = timezone.now(), step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    return recovery_codes_renew(user=user)


def recovery_codes_renew(*, user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [secrets.token_hex(5) for _ in range(settings.RECOVERY_CODE_COUNT)]  # 40 bits
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_digest=_digest(code)) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def totp_setup_via_mfa_token_finish(*, mfa_token: str, code: str) -> tuple[list[str], tuple]:
    """Staff of a clinic that requires 2FA, signing in without it: once the first code is
    confirmed the sign-in goes on, with the recovery codes beside the token."""
    user = mfa_token_user(mfa_token=mfa_token, purpose="setup")
    codes = totp_confirm(user=user, code=code)
    cache.delete(_mfa_key(mfa_token))
    return codes, _token_for(user)


def admin_second_step_check(*, user: User, code: str) -> str | None:
    """The Django admin's sign-in asks the same: None when `user` may go on, else why not."""
    if _confirmed_totp(user) is not None:
        return None if second_factor_check(user=user, code=code) else CODE_WRONG
    if _staff_must_set_up(user):
        return "Your clinic requires two-step sign-in: set it up in the app first."
    return None


def totp_status(*, user: User) -> dict[str, Any]:
    return {"enabled": _confirmed_totp(user) is not None,
            "required_by_clinic": _staff_must_set_up(user),
            "recovery_codes_left": RecoveryCode.objects.filter(user=user, used_at=None).count()}
