"""A clinic administers its own people: inviting staff, deactivating them, reassigning
patients and keeping care teams. Each rule here; the views only call these."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from accounts.models import CareTeamMember, Clinic, Invite, Role, User
from accounts.selectors import staff_of_clinic
from accounts.services import devices_end, email_claimed, invite_create, invite_url
from common.errors import Conflict
from common.ownership import resolve_reference

logger = logging.getLogger(__name__)

STAFF_ROLES = (Role.THERAPIST, Role.CLINIC_ADMIN)


@transaction.atomic
def staff_invite(*, by: User, email: str, first_name: str, last_name: str, role: str
                 ) -> tuple[User, Invite, str]:
    """A new colleague: an account without a password and a single-use link, emailed to
    them and shown to the administrator (who may pass it on another way)."""
    if role not in STAFF_ROLES:
        raise ValidationError({"role": ["Choose therapist or clinic administrator."]})
    with email_claimed(email) as address:
        member = User.objects.create_user(email=address, first_name=first_name,
                                          last_name=last_name, role=role,
                                          clinic_id=by.clinic_id)
    invite, token = invite_create(user=member, created_by=by)
    clinic_name = by.clinic.name if by.clinic else "your clinic"
    link = invite_url(token)

    def deliver() -> None:
        # The link is also in the answer to the administrator: a mail that fails to go out
        # is logged (without the link) and the administrator can send the link themselves.
        try:
            send_mail(subject=f"You are invited to {clinic_name} on HEP Tracker",
                      message=(f"Hello {first_name},\n\n{by.get_full_name() or 'Your clinic'}"
                               f" invited you to work with {clinic_name}'s patients on HEP "
                               f"Tracker. Choose your password here (the link works once):\n\n"
                               f"{link}\n"),
                      from_email=None, recipient_list=[address])
        except Exception:  # SMTP is outside our reach; the invite itself is stored
            logger.exception("Staff invite email to user %s not sent", member.pk)

    transaction.on_commit(deliver)
    return member, invite, token


@dataclass
class StaffChange:
    member: User
    patients_to_reassign: list[User]


def _active_admins(clinic_id: int):
    return User.objects.filter(clinic_id=clinic_id, role=Role.CLINIC_ADMIN, is_active=True)


@transaction.atomic
def staff_set_active(*, by: User, member: User, is_active: bool) -> StaffChange:
    """Deactivate (or reactivate) a colleague. Deactivated, they are signed out of every
    device and browser at once, and their patients are listed for reassignment. The last
    active administrator stays: otherwise nobody could administer the clinic."""
    # The clinic's row serialises changes of its staff: two admins deactivating each other
    # at once cannot both succeed and leave the clinic with none.
    clinic_id = by.clinic_id
    if clinic_id is None:
        raise ValueError("Only a clinic's own administrator changes its staff.")
    Clinic.objects.select_for_update().filter(pk=clinic_id).first()
    member = User.objects.select_for_update().get(pk=member.pk)
    if not is_active and member.is_active and member.role == Role.CLINIC_ADMIN \
            and _active_admins(clinic_id).count() <= 1:
        raise Conflict("This is the clinic's last active administrator. Make someone else "
                       "an administrator first.", code="last_admin",
                       fields={"is_active": ["The clinic needs an active administrator."]})
    if member.is_active != is_active:
        member.is_active = is_active
        member.save(update_fields=["is_active"])
    if not is_active:
        sign_out_everywhere(member)
    patients = list(User.objects.filter(primary_therapist=member, role=Role.PATIENT,
                                        is_active=True).order_by("last_name", "first_name"))
    return StaffChange(member=member, patients_to_reassign=patients if not is_active else [])


def sign_out_everywhere(user: User) -> None:
    """End every device token and browser session of `user`."""
    devices_end(user=user)
    # Sessions keep the user's id inside their encoded data: decode the live ones. Staff
    # sign in to the Django admin rarely, so the table is small.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def _colleague(by: User, member_id: object, field: str) -> User:
    return resolve_reference(visible=staff_of_clinic(by.clinic_id), value=member_id, field=field,
                             missing="No such active colleague in your clinic.")


@transaction.atomic
def care_team_add(*, by: User, patient: User, member_id: object) -> CareTeamMember:
    member = _colleague(by, member_id, "user")
    row, _ = CareTeamMember.objects.get_or_create(patient=patient, member=member,
                                                  defaults={"added_by": by})
    return row


def care_team_remove(*, patient: User, member_id: int) -> None:
    CareTeamMember.objects.filter(patient=patient, member_id=member_id).delete()
