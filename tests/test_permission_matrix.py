"""Who may do what: every endpoint against every role, in the caller's clinic and another.

The matrix below is the spec. Columns are the callers:

- anon:    not signed in
- owner:   the patient who owns the object (clinic A)
- peer:    another patient of clinic A
- ther:    a therapist of clinic A
- admin:   a clinic administrator of clinic A
- o.ther:  a therapist of clinic B
- o.pat:   a patient of clinic B

A cell is the expected status. For lists, SEEN / UNSEEN mean 200 with the target object
in / not in the answer: a list must never leak another clinic's or another patient's rows.
Every refusal has the one error shape and leaves every table as it was; every success of a
write changes exactly the records it names (checked against a snapshot of the database).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Invite, User
from alerts.models import Alert, AlertStatus
from assignments.models import Assignment, AssignmentItem, Screening
from assignments.services import phase_change
from library.models import ProgramTemplate
from logs.models import (
    DailyCheckin,
    DaySkip,
    DiarySettings,
    HeadacheLog,
    SessionLog,
    WeeklyCheckin,
)
from reminders.models import PushSubscription
from tests.api_world import (
    ANON,
    OTHER_COPY_SLUG,
    OWN_COPY_SLUG,
    ROLES,
    SHARED_SLUG,
    World,
    build_world,
    changed_parts,
    is_error_shape,
    snapshot,
)
from tests.conftest import client_for
from tests.factories import ProgramTemplateFactory, assign, item, phase
from tests.reminders.receiver import Subscriber

pytestmark = pytest.mark.django_db

SEEN = "200, listed"
UNSEEN = "200, not listed"

# Keys are "METHOD path" with placeholders filled from the world (see ENDPOINTS below):
# {owner} the owning patient, {a} their assignment, {s} session log, {h} headache log,
# {day} the date of their check-in, {week} the Monday of their weekly check-in, {al} the
# alert, {ex} an exercise, {n} a notification of theirs (an exercise reminder), {ps} their
# push subscription.
# fmt: off
MATRIX = [
    # endpoint                                     anon owner peer  ther  admin o.ther o.pat
    ("GET me",                                     401, 200,  200,  200,  200,  200,  200),
    ("PATCH me",                                   401, 200,  200,  200,  200,  200,  200),
    ("POST auth/logout",                           401, 204,  204,  204,  204,  204,  204),
    # Anyone may ask for a reset link and use one: the address and the token decide, not
    # who is signed in (204 for an unknown address too). The link is the peer's.
    ("POST auth/password-reset",                   204, 204,  204,  204,  204,  204,  204),
    ("POST auth/password-reset/confirm",           204, 204,  204,  204,  204,  204,  204),
    # The second step of the therapist's sign-in: the mfa_token decides, as above.
    ("POST auth/login/totp",                       200, 200,  200,  200,  200,  200,  200),
    # Each caller's own password; the owner was invited and has none to give as current.
    ("POST auth/password",                         401, 400,  204,  204,  204,  204,  204),
    # Two-step sign-in is for staff.
    ("GET me/totp",                                401, 403,  403,  200,  200,  200,  403),
    ("POST me/totp",                               401, 403,  403,  201,  201,  201,  403),
    ("POST me/totp/confirm",                       401, 403,  403,  200,  200,  200,  403),
    # Everyone's own devices; the owner's other device is out of everyone else's reach.
    ("GET me/devices",                             401, 200,  200,  200,  200,  200,  200),
    ("DELETE me/devices/{d}",                      401, 204,  404,  404,  404,  404,  404),
    ("POST me/devices/sign-out-others",            401, 204,  204,  204,  204,  204,  204),
    ("GET patients",                               401, 403,  403,  SEEN, SEEN, UNSEEN, 403),
    ("POST patients",                              401, 403,  403,  201,  201,  201,  403),
    ("GET patients/{owner}",                       401, 403,  403,  200,  200,  404,  403),
    ("PATCH patients/{owner}",                     401, 403,  403,  200,  200,  404,  403),
    ("POST patients/{owner}/invite",               401, 403,  403,  201,  201,  404,  403),
    ("GET patients/{owner}/assignments",           401, 403,  403,  SEEN, SEEN, 404,  403),
    ("POST patients/{owner}/assignments",          401, 403,  403,  201,  201,  404,  403),
    ("GET patients/{owner}/today",                 401, 403,  403,  200,  200,  404,  403),
    ("GET patients/{owner}/adherence",             401, 403,  403,  200,  200,  404,  403),
    ("GET patients/{owner}/screening",             401, 403,  403,  SEEN, SEEN, 404,  403),
    ("POST patients/{owner}/screening",            401, 403,  403,  201,  201,  404,  403),
    ("GET assignments/{a}",                        401, 200,  404,  200,  200,  404,  404),
    ("PATCH assignments/{a}",                      401, 403,  404,  200,  200,  404,  404),
    # The care team's record of every change; the patient sees the program and a notice.
    ("GET assignments/{a}/history",                401, 403,  404,  200,  200,  404,  404),
    # On the owner's assignment of a three-phase program, in its middle phase.
    ("POST assignments/{a}/advance",               401, 403,  404,  200,  200,  404,  404),
    ("POST assignments/{a}/regress",               401, 403,  404,  200,  200,  404,  404),
    ("GET me/assignments",                         401, SEEN, UNSEEN, 403, 403, 403, UNSEEN),
    ("GET me/today",                               401, 200,  200,  403,  403,  403,  200),
    ("GET me/adherence",                           401, 200,  200,  403,  403,  403,  200),
    ("GET session-logs",                           401, SEEN, UNSEEN, SEEN, SEEN, UNSEEN, UNSEEN),
    ("GET session-logs?patient={owner}",           401, SEEN, 404,  SEEN, SEEN, 404,  404),
    # The body names the owner's assignment: the peer's and clinic B's 400 are the rule for
    # objects named in a body (common/ownership.py), the same as for a missing one.
    ("POST session-logs",                          401, 201,  400,  403,  403,  403,  400),
    ("GET session-logs/{s}",                       401, 200,  404,  200,  200,  404,  404),
    ("GET headache-logs",                          401, SEEN, UNSEEN, SEEN, SEEN, UNSEEN, UNSEEN),
    ("GET headache-logs?patient={owner}",          401, SEEN, 404,  SEEN, SEEN, 404,  404),
    ("POST headache-logs",                         401, 201,  201,  403,  403,  403,  201),
    ("GET headache-logs/{h}",                      401, 200,  404,  200,  200,  404,  404),
    # Only the patient corrects or deletes their own entries.
    ("PATCH headache-logs/{h}",                    401, 200,  404,  403,  403,  403,  404),
    ("DELETE headache-logs/{h}",                   401, 204,  404,  403,  403,  403,  404),
    ("GET triggers",                               401, 200,  200,  200,  200,  200,  200),
    ("GET me/diary",                               401, 200,  200,  403,  403,  403,  200),
    ("GET patients/{owner}/diary",                 401, 403,  403,  200,  200,  404,  403),
    ("GET me/diary-settings",                      401, 200,  200,  403,  403,  403,  200),
    ("PUT me/diary-settings",                      401, 200,  200,  403,  403,  403,  200),
    ("GET daily-checkins",                         401, SEEN, UNSEEN, SEEN, SEEN, UNSEEN, UNSEEN),
    ("GET daily-checkins?patient={owner}",         401, SEEN, 404,  SEEN, SEEN, 404,  404),
    # By date, so each patient reaches only their own: the peer has none that day.
    ("GET daily-checkins/{day}",                   401, 200,  404,  403,  403,  403,  404),
    ("PUT daily-checkins/{day}",                   401, 200,  201,  403,  403,  403,  201),
    # Weekly check-ins work like daily ones: the week in the path is the caller's own, so
    # another patient's answer is out of reach (404 to read) and a write makes their own.
    ("GET weekly-checkins/{week}",                 401, 200,  404,  403,  403,  403,  404),
    ("PUT weekly-checkins/{week}",                 401, 200,  201,  403,  403,  403,  201),
    ("GET me/weekly-checkins",                     401, SEEN, UNSEEN, 403, 403, 403, UNSEEN),
    # Skipped days are by date too: the owner rested on {skip}; others have no skip there.
    ("GET me/skips",                               401, SEEN, UNSEEN, 403, 403, 403, UNSEEN),
    ("PUT me/skips/{skip}",                        401, 200,  201,  403,  403,  403,  201),
    ("DELETE me/skips/{skip}",                     401, 204,  404,  403,  403,  403,  404),
    ("GET alerts",                                 401, 403,  403,  SEEN, SEEN, UNSEEN, 403),
    ("GET alerts?patient={owner}",                 401, 403,  403,  SEEN, SEEN, 404,  403),
    ("POST alerts/{al}/resolve",                   401, 403,  403,  200,  200,  404,  403),
    # {pr}: a progression proposal on the owner's program.
    ("POST alerts/{pr}/decline",                   401, 403,  403,  200,  200,  404,  403),
    # The audit log: the clinic's administrators; a patient's own access log.
    ("GET audit-events",                           401, 403,  403,  403,  200,  403,  403),
    ("GET me/access-log",                          401, 200,  200,  403,  403,  403,  200),
    ("GET exercises",                              401, SEEN, SEEN, SEEN, SEEN, SEEN, SEEN),
    ("GET medications",                            401, SEEN, SEEN, SEEN, SEEN, SEEN, SEEN),
    ("GET exercises/{ex}",                         401, 200,  200,  200,  200,  200,  200),
    # The target of the template list is clinic A's own copy.
    ("GET program-templates",                      401, SEEN, SEEN, SEEN, SEEN, UNSEEN, UNSEEN),
    ("GET program-templates/shared",               401, 200,  200,  200,  200,  200,  200),
    ("GET program-templates/own-copy",             401, 200,  200,  200,  200,  404,  404),
    ("POST program-templates/shared/copy",         401, 403,  403,  201,  201,  201,  403),
    ("POST program-templates/own-copy/copy",       401, 403,  403,  201,  201,  404,  403),
    ("PATCH program-templates/own-copy",           401, 403,  403,  200,  200,  404,  403),
    ("PATCH program-templates/shared",             401, 403,  403,  403,  403,  403,  403),
    # Everyone's own notifications only; snoozing another's is a 404 like any path to it.
    ("GET me/notifications",                       401, SEEN, UNSEEN, UNSEEN, UNSEEN, UNSEEN,
     UNSEEN),
    ("POST notifications/{n}/snooze",              401, 201,  404,  404,  404,  404,  404),
    # The owner's endpoint stays theirs: posting it again is theirs alone (keys renewed);
    # anyone else is refused and the row is left as it is.
    ("POST push-subscriptions",                    401, 200,  409,  409,  409,  409,  409),
    ("DELETE push-subscriptions/{ps}",             401, 204,  404,  404,  404,  404,  404),
    # Clinic administration: staff read their colleagues and clinic; admins change them.
    ("GET staff",                                  401, 403,  403,  SEEN, SEEN, UNSEEN, 403),
    ("POST staff",                                 401, 403,  403,  403,  201,  403,  403),
    ("PATCH staff/{colleague}",                    401, 403,  403,  403,  200,  403,  403),
    ("GET clinic",                                 401, 403,  403,  200,  200,  200,  403),
    ("PATCH clinic",                               401, 403,  403,  403,  200,  403,  403),
    ("POST patients/{owner}/care-team",            401, 403,  403,  201,  201,  404,  403),
    ("DELETE patients/{owner}/care-team/{member}", 401, 403,  403,  204,  204,  404,  403),
    # A patient's copy of their data (each patient their own) and their therapist's copy.
    ("GET me/export",                              401, 200,  200,  403,  403,  403,  200),
    ("GET patients/{owner}/export",                401, 403,  403,  200,  200,  404,  403),
    # Erasure: each patient asks for their own (the owner already has); a clinic
    # administrator of the patient's clinic confirms it.
    ("POST me/erasure",                            401, 202,  202,  403,  403,  403,  202),
    ("GET me/erasure",                             401, 200,  200,  403,  403,  403,  200),
    ("GET patients/{owner}/erasure",               401, 403,  403,  200,  200,  404,  403),
    ("POST patients/{owner}/erasure",              401, 403,  403,  403,  202,  403,  403),
    ("GET erasure-requests",                       401, 403,  403,  403,  SEEN, 403,  403),
]
# fmt: on


@dataclass(frozen=True)
class Call:
    """How to make one request of the matrix and what a success must have done."""

    path: Callable[[World], str]
    body: Callable[[World, User | None], dict] | None = None
    # Is the target in the answer (lists) / is the answer the target (details)?
    shows: Callable[[World, User | None, object], bool] | None = None
    # Snapshot parts a success may change, and a check of the change itself.
    touches: frozenset[str] = field(default_factory=frozenset)
    verify: Callable[[World, User, object, APIClient], None] | None = None


def _ids(data) -> set:
    return {row["id"] for row in data}


def _now_minus(**delta) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


# --- What a successful write must have done ------------------------------------------------

def _renamed_self(w, caller, response, client):
    caller.refresh_from_db()
    assert caller.first_name == "Renamed"


def _logged_out(w, caller, response, client):
    assert client.get("/api/v1/me").status_code == 401


def _patient_created(w, caller, response, client):
    patient = User.objects.get(email="new-patient@example.test")
    assert (patient.clinic_id, patient.role) == (caller.clinic_id, "patient")
    assert response.json()["invite"]["token"]


def _owner_renamed(w, caller, response, client):
    w.owner.refresh_from_db()
    assert w.owner.first_name == "Renamed"


def _owner_invited(w, caller, response, client):
    invite = Invite.objects.get(user=w.owner)
    assert invite.created_by == caller and invite.revoked_at is None


def _owner_assigned(w, caller, response, client):
    new = Assignment.objects.get(pk=response.json()["id"])
    assert (new.patient, new.template, new.created_by) == (w.owner, w.shared, caller)


def _screening_recorded(w, caller, response, client):
    new = Screening.objects.get(pk=response.json()["id"])
    assert (new.patient, new.recorded_by, new.cervical_arterial) == (w.owner, caller, "concerns")
    assert Screening.objects.filter(patient=w.owner).count() == 2  # the first one is kept


def _assignment_paused(w, caller, response, client):
    w.assignment.refresh_from_db()
    assert w.assignment.status == "paused"


def _in_middle_phase(w) -> Assignment:
    """The owner's assignment in phase 1 of 3, so both moves can succeed. Made by the body
    step, which runs before the snapshot, so the request's own changes are all it sees."""
    if "middle" not in w.extra:
        template = ProgramTemplateFactory(phases=[
            phase(item(w.exercise, reps=10, hold_seconds=5), name=f"Phase {n}")
            for n in (1, 2, 3)])
        middle = assign(w.owner, template, w.owner.local_today())
        phase_change(assignment=middle, to_phase=1, changed_by=w.users["therapist"])
        w.extra["middle"] = middle
    return w.extra["middle"]


def _move_body(reason: str):
    def body(w, caller):
        _in_middle_phase(w)
        return {"reason": reason}

    return body


def _moved_to(to_phase: int):
    def verify(w, caller, response, client):
        middle = Assignment.objects.get(pk=w.extra["middle"].pk)
        change = middle.phase_changes.order_by("changed_at", "pk").last()
        assert (middle.current_phase, change.to_phase, change.changed_by) == (
            to_phase, to_phase, caller)
        assert response.json()["current_phase"] == to_phase

    return verify


def _session_logged(w, caller, response, client):
    log = SessionLog.objects.get(pk=response.json()["id"])
    assert (log.patient, log.assignment) == (caller, w.assignment)


def _headache_logged(w, caller, response, client):
    assert HeadacheLog.objects.get(pk=response.json()["id"]).patient == caller


def _headache_corrected(w, caller, response, client):
    log = HeadacheLog.objects.get(pk=w.headache_log.pk)
    assert (log.patient, log.peak_pain, log.kind, log.version) == (caller, 7, "tension", 2)


def _headache_deleted(w, caller, response, client):
    assert not HeadacheLog.objects.filter(pk=w.headache_log.pk).exists()
    assert HeadacheLog.all_objects.get(pk=w.headache_log.pk).deleted_at is not None


def _diary_settings_written(w, caller, response, client):
    assert [s.patient for s in DiarySettings.objects.filter(track_menstruation=True)] == [caller]


def _checkin_written(w, caller, response, client):
    mine = DailyCheckin.objects.get(patient=caller, date=w.checkin.date)
    assert (mine.neck_soreness, mine.headache_free) == (7, False)
    if caller != w.owner:
        w.checkin.refresh_from_db()
        assert (w.checkin.neck_soreness, w.checkin.headache_free) == (3, True)


def _weekly_checkin_written(w, caller, response, client):
    mine = WeeklyCheckin.objects.get(patient=caller, week_start=w.weekly_checkin.week_start)
    assert mine.sessions_done == 6
    if caller != w.owner:
        w.weekly_checkin.refresh_from_db()
        assert w.weekly_checkin.sessions_done == 4


def _skip_day(w) -> str:
    return w.extra["skip"].date.isoformat()


def _skip_written(w, caller, response, client):
    assert DaySkip.objects.get(patient=caller, date=w.extra["skip"].date).reason == "illness"
    if caller != w.owner:
        assert DaySkip.objects.get(pk=w.extra["skip"].pk).reason == "migraine"


def _skip_deleted(w, caller, response, client):
    assert not DaySkip.objects.filter(pk=w.extra["skip"].pk).exists()


def _shows_the_owners_answer(w, caller, data) -> bool:
    return any((row["week_start"], row["sessions_done"]) == (w.checkin_week, 4) for row in data)


def _alert_resolved(w, caller, response, client):
    w.alert.refresh_from_db()
    assert (w.alert.status, w.alert.resolved_by) == (AlertStatus.RESOLVED, caller)


def _proposal_declined(w, caller, response, client):
    proposal = w.extra["proposal"]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome, proposal.resolved_by, proposal.note) == (
        AlertStatus.RESOLVED, "declined", caller, "Not this week.")


def _copied(source_slug: str, new_slug: str):
    def verify(w, caller, response, client):
        copy = ProgramTemplate.objects.get(clinic_id=caller.clinic_id, slug=new_slug)
        assert copy.based_on.slug == source_slug and copy.is_current

    return verify


def _template_edited(w, caller, response, client):
    versions = ProgramTemplate.objects.filter(clinic=w.clinic, slug=OWN_COPY_SLUG)
    current = versions.get(is_current=True)
    assert (current.version, current.name) == (2, "Renamed program")
    assert versions.count() == 2


def _snoozed(w, caller, response, client):
    from reminders.models import Notification

    snoozed = Notification.objects.get(pk=response.json()["id"])
    assert (snoozed.user, snoozed.kind, snoozed.slot_key) == (
        caller, "exercise_reminder", "world+snooze1")
    assert snoozed.due_at > timezone.now() + timedelta(minutes=29)


def _owners_subscription(w) -> PushSubscription:
    return PushSubscription.objects.get(user=w.owner)


def _renewed_keys(w, caller):
    sub = Subscriber("renewed")
    w.extra["renewed"] = {"p256dh": sub.p256dh, "auth": sub.auth_b64}
    return {"endpoint": _owners_subscription(w).endpoint, "keys": w.extra["renewed"]}


def _keys_renewed(w, caller, response, client):
    row = _owners_subscription(w)
    assert (row.pk, row.p256dh, row.auth) == (
        response.json()["id"], w.extra["renewed"]["p256dh"], w.extra["renewed"]["auth"])


def _unsubscribed(w, caller, response, client):
    assert not PushSubscription.objects.filter(user=w.owner).exists()


def _session_body(w, caller):
    return {"client_id": str(uuid.uuid4()), "assignment": w.assignment.pk,
            "performed_at": _now_minus(minutes=30), "pain_during": 1,
            "entries": [{"exercise": w.exercise.slug, "sets": 1, "reps": 10,
                         "hold_seconds": 5}]}


def _colleague(w) -> User:
    """A therapist of clinic A with nobody's care: the admin's target."""
    if "colleague" not in w.extra:
        from tests.factories import TherapistFactory

        w.extra["colleague"] = TherapistFactory(clinic=w.clinic, email="colleague@a.test")
    return w.extra["colleague"]


def _colleague_deactivated(w, caller, response, client):
    colleague = User.objects.get(pk=_colleague(w).pk)
    assert not colleague.is_active and response.json()["status"] == "deactivated"


def _staff_invited(w, caller, response, client):
    member = User.objects.get(email="new-staff@example.test")
    assert (member.clinic_id, member.role) == (caller.clinic_id, "therapist")


def _clinic_renamed(w, caller, response, client):
    from accounts.models import Clinic

    assert Clinic.objects.get(pk=caller.clinic_id).name == "Renamed clinic"


def _on_care_team(w, caller, response, client):
    from accounts.models import CareTeamMember

    assert CareTeamMember.objects.filter(patient=w.owner, member=_colleague(w)).exists()


def _member_on_team(w, caller):
    from accounts.models import CareTeamMember

    CareTeamMember.objects.get_or_create(patient=w.owner, member=_colleague(w))
    return {}


def _off_care_team(w, caller, response, client):
    from accounts.models import CareTeamMember

    assert not CareTeamMember.objects.filter(patient=w.owner, member=_colleague(w)).exists()


def _reset_body(w, caller):
    from accounts.services import password_reset_link

    return {"token": password_reset_link(w.users["peer"]).split("#", 1)[1],
            "password": "Qz7!vX2@pW-81"}


def _peer_reset(w, caller, response, client):
    peer = User.objects.get(pk=w.users["peer"].pk)
    assert peer.check_password("Qz7!vX2@pW-81")


def _second_step_body(w, caller):
    import pyotp

    from accounts import services

    therapist = w.users["therapist"]
    device = services.totp_begin(user=therapist)
    device.confirmed_at = timezone.now()
    device.save()
    with pytest.raises(services.SecondStepRequired) as step:
        services.second_step_demand(therapist)
    return {"mfa_token": step.value.mfa_token, "code": pyotp.TOTP(device.secret).now()}


def _therapist_signed_in(w, caller, response, client):
    token = response.json()["token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(
        "/api/v1/me").json()["id"] == w.users["therapist"].pk


def _password_changed(w, caller, response, client):
    assert User.objects.get(pk=caller.pk).check_password("Qz7!vX2@pW-81")
    assert client.get("/api/v1/me").status_code == 200  # this device stays signed in


def _totp_begun(w, caller, response, client):
    from accounts.models import TotpDevice

    device = TotpDevice.objects.get(user=caller)
    assert device.secret == response.json()["secret"] and device.confirmed_at is None


def _totp_body(w, caller):
    import pyotp

    from accounts import services

    if caller is None or not caller.is_clinic_staff:
        return {"code": "000000"}
    return {"code": pyotp.TOTP(services.totp_begin(user=caller).secret).now()}


def _totp_on(w, caller, response, client):
    from accounts.models import TotpDevice

    assert TotpDevice.objects.get(user=caller).confirmed_at is not None
    assert len(response.json()["recovery_codes"]) == 10


def _owners_other_device(w, caller):
    from knox.models import AuthToken

    token, _ = AuthToken.objects.create(w.owner)
    w.extra["owner_device"] = token.device
    return {}


def _owners_device_ended(w, caller, response, client):
    from accounts.models import Device

    assert not Device.objects.filter(pk=w.extra["owner_device"].pk).exists()
    assert client.get("/api/v1/me").status_code == 200


def _a_second_device(w, caller):
    from knox.models import AuthToken

    w.extra["second"] = AuthToken.objects.create(caller)[0].pk
    return {}


def _others_signed_out(w, caller, response, client):
    from knox.models import AuthToken

    assert not AuthToken.objects.filter(pk=w.extra["second"]).exists()
    assert client.get("/api/v1/me").status_code == 200


def _owner_asked(w, caller):
    from privacy.erasure import erasure_request

    erasure_request(patient=w.owner)
    return {}


def _erasure_asked(w, caller, response, client):
    from privacy.models import ErasureRequest

    asked = ErasureRequest.objects.get(patient=caller)
    assert (asked.status, asked.requested_by) == ("requested", caller)


def _owner_erasure_confirmed(w, caller, response, client):
    from privacy.models import ErasureRequest

    confirmed = ErasureRequest.objects.get(patient=w.owner)
    assert (confirmed.status, confirmed.confirmed_by) == ("confirmed", caller)
    assert not User.objects.get(pk=w.owner.pk).is_active


ENDPOINTS: dict[str, Call] = {
    "POST auth/password-reset": Call(lambda w: "auth/password-reset",
                                     body=lambda w, caller: {"email": "peer@a.test"}),
    "POST auth/password-reset/confirm": Call(
        lambda w: "auth/password-reset/confirm", body=_reset_body,
        touches=frozenset({"users", "tokens"}), verify=_peer_reset),
    "POST auth/login/totp": Call(lambda w: "auth/login/totp", body=_second_step_body,
                                 touches=frozenset({"users", "tokens", "two_step"}),
                                 verify=_therapist_signed_in),
    "POST auth/password": Call(
        lambda w: "auth/password",
        body=lambda w, caller: {"current": "correct-horse-battery",
                                "new": "Qz7!vX2@pW-81"},
        touches=frozenset({"users", "tokens"}), verify=_password_changed),
    "GET me/totp": Call(lambda w: "me/totp",
                        shows=lambda w, caller, data: data["enabled"] is False),
    "POST me/totp": Call(lambda w: "me/totp", body=lambda w, caller: {},
                         touches=frozenset({"two_step"}), verify=_totp_begun),
    "POST me/totp/confirm": Call(lambda w: "me/totp/confirm", body=_totp_body,
                                 touches=frozenset({"two_step"}), verify=_totp_on),
    "GET me/devices": Call(lambda w: "me/devices",
                           shows=lambda w, caller, data: [d["current"] for d in data] == [True]),
    "DELETE me/devices/{d}": Call(lambda w: f"me/devices/{w.extra['owner_device'].pk}",
                                  body=_owners_other_device, touches=frozenset({"tokens"}),
                                  verify=_owners_device_ended),
    "POST me/devices/sign-out-others": Call(
        lambda w: "me/devices/sign-out-others",
        body=lambda w, caller: _a_second_device(w, caller) if caller else {},
        touches=frozenset({"tokens"}), verify=_others_signed_out),

    "GET me": Call(lambda w: "me", shows=lambda w, caller, data: data["id"] == caller.pk),
    "PATCH me": Call(lambda w: "me", body=lambda w, caller: {"first_name": "Renamed"},
                     touches=frozenset({"users"}), verify=_renamed_self),
    "POST auth/logout": Call(lambda w: "auth/logout", body=lambda w, caller: {},
                             touches=frozenset({"tokens"}), verify=_logged_out),
    "GET patients": Call(lambda w: "patients",
                         shows=lambda w, caller, data: w.owner.pk in _ids(data)),
    "POST patients": Call(
        lambda w: "patients",
        body=lambda w, caller: {"email": "new-patient@example.test", "first_name": "New",
                                "last_name": "Patient", "timezone": "Europe/Oslo"},
        touches=frozenset({"users", "invites"}), verify=_patient_created),
    "GET patients/{owner}": Call(lambda w: f"patients/{w.owner.pk}",
                                 shows=lambda w, caller, data: data["id"] == w.owner.pk),
    "PATCH patients/{owner}": Call(lambda w: f"patients/{w.owner.pk}",
                                   body=lambda w, caller: {"first_name": "Renamed"},
                                   touches=frozenset({"users"}), verify=_owner_renamed),
    "POST patients/{owner}/invite": Call(lambda w: f"patients/{w.owner.pk}/invite",
                                         body=lambda w, caller: {},
                                         touches=frozenset({"invites"}),
                                         verify=_owner_invited),
    "GET patients/{owner}/assignments": Call(
        lambda w: f"patients/{w.owner.pk}/assignments",
        shows=lambda w, caller, data: w.assignment.pk in _ids(data)),
    "POST patients/{owner}/assignments": Call(
        lambda w: f"patients/{w.owner.pk}/assignments",
        body=lambda w, caller: {"template": SHARED_SLUG,
                                "start_date": w.owner.local_today().isoformat()},
        touches=frozenset({"assignments"}), verify=_owner_assigned),
    "GET patients/{owner}/today": Call(
        lambda w: f"patients/{w.owner.pk}/today",
        shows=lambda w, caller, data: w.assignment.pk in {i["assignment"] for i in data["items"]}),
    "GET patients/{owner}/adherence": Call(lambda w: f"patients/{w.owner.pk}/adherence"),
    "GET patients/{owner}/screening": Call(
        lambda w: f"patients/{w.owner.pk}/screening",
        shows=lambda w, caller, data: w.extra["screening"].pk in _ids(data)),
    "POST patients/{owner}/screening": Call(
        lambda w: f"patients/{w.owner.pk}/screening",
        body=lambda w, caller: {"red_flags_clear": True, "cervical_arterial": "concerns",
                                "screened_on": w.owner.local_today().isoformat()},
        touches=frozenset({"screenings"}), verify=_screening_recorded),
    "GET assignments/{a}": Call(lambda w: f"assignments/{w.assignment.pk}",
                                shows=lambda w, caller, data: data["id"] == w.assignment.pk),
    "PATCH assignments/{a}": Call(lambda w: f"assignments/{w.assignment.pk}",
                                  body=lambda w, caller: {"status": "paused"},
                                  # The patient is told their program changed.
                                  touches=frozenset({"assignments", "notifications"}),
                                  verify=_assignment_paused),
    "GET assignments/{a}/history": Call(
        lambda w: f"assignments/{w.assignment.pk}/history",
        shows=lambda w, caller, data: isinstance(data, list)),
    "POST assignments/{a}/advance": Call(
        lambda w: f"assignments/{w.extra['middle'].pk}/advance",
        body=_move_body("Ready"),
        touches=frozenset({"assignments", "notifications"}), verify=_moved_to(2)),
    "POST assignments/{a}/regress": Call(
        lambda w: f"assignments/{w.extra['middle'].pk}/regress",
        body=_move_body("Flare"),
        touches=frozenset({"assignments", "notifications"}), verify=_moved_to(0)),
    "GET me/assignments": Call(lambda w: "me/assignments",
                               shows=lambda w, caller, data: w.assignment.pk in _ids(data)),
    "GET me/today": Call(lambda w: "me/today"),
    "GET me/adherence": Call(lambda w: "me/adherence"),
    "GET session-logs": Call(lambda w: "session-logs",
                             shows=lambda w, caller, data: w.session_log.pk in _ids(data)),
    "GET session-logs?patient={owner}": Call(
        lambda w: f"session-logs?patient={w.owner.pk}",
        shows=lambda w, caller, data: w.session_log.pk in _ids(data)),
    "POST session-logs": Call(lambda w: "session-logs", body=_session_body,
                              touches=frozenset({"session_logs"}), verify=_session_logged),
    "GET session-logs/{s}": Call(lambda w: f"session-logs/{w.session_log.pk}",
                                 shows=lambda w, caller, data: data["id"] == w.session_log.pk),
    "GET headache-logs": Call(lambda w: "headache-logs",
                              shows=lambda w, caller, data: w.headache_log.pk in _ids(data)),
    "GET headache-logs?patient={owner}": Call(
        lambda w: f"headache-logs?patient={w.owner.pk}",
        shows=lambda w, caller, data: w.headache_log.pk in _ids(data)),
    "POST headache-logs": Call(
        lambda w: "headache-logs",
        body=lambda w, caller: {"client_id": str(uuid.uuid4()),
                                "started_at": _now_minus(hours=2), "peak_pain": 5},
        touches=frozenset({"headache_logs"}), verify=_headache_logged),
    "GET headache-logs/{h}": Call(lambda w: f"headache-logs/{w.headache_log.pk}",
                                  shows=lambda w, caller, data: data["id"] == w.headache_log.pk),
    "PATCH headache-logs/{h}": Call(
        lambda w: f"headache-logs/{w.headache_log.pk}",
        body=lambda w, caller: {"version": 1, "peak_pain": 7, "kind": "tension"},
        touches=frozenset({"headache_logs"}), verify=_headache_corrected),
    "DELETE headache-logs/{h}": Call(
        lambda w: f"headache-logs/{w.headache_log.pk}",
        touches=frozenset({"headache_logs"}), verify=_headache_deleted),
    "GET triggers": Call(lambda w: "triggers",
                         shows=lambda w, caller, data: "stress" in {r["slug"] for r in data}),
    "GET me/diary-settings": Call(lambda w: "me/diary-settings"),
    "GET me/diary": Call(lambda w: "me/diary"),
    "GET patients/{owner}/diary": Call(
        lambda w: f"patients/{w.owner.pk}/diary",
        shows=lambda w, caller, data: len(data["days"]) >= 28),
    "PUT me/diary-settings": Call(
        lambda w: "me/diary-settings", body=lambda w, caller: {"track_menstruation": True},
        touches=frozenset({"diary_settings"}), verify=_diary_settings_written),
    "GET daily-checkins": Call(
        lambda w: "daily-checkins",
        shows=lambda w, caller, data: any(
            (row["patient"], row["date"]) == (w.owner.pk, w.checkin_day) for row in data)),
    "GET daily-checkins?patient={owner}": Call(
        lambda w: f"daily-checkins?patient={w.owner.pk}",
        shows=lambda w, caller, data: any(
            (row["patient"], row["date"]) == (w.owner.pk, w.checkin_day) for row in data)),
    "GET daily-checkins/{day}": Call(
        lambda w: f"daily-checkins/{w.checkin_day}",
        shows=lambda w, caller, data: data["patient"] == w.owner.pk),
    "PUT daily-checkins/{day}": Call(
        lambda w: f"daily-checkins/{w.checkin_day}",
        body=lambda w, caller: {"neck_soreness": 7, "headache_free": False},
        touches=frozenset({"checkins"}), verify=_checkin_written),
    "GET weekly-checkins/{week}": Call(
        lambda w: f"weekly-checkins/{w.checkin_week}",
        shows=lambda w, caller, data: (data["patient"], data["sessions_done"]) == (
            w.owner.pk, 4)),
    "PUT weekly-checkins/{week}": Call(
        lambda w: f"weekly-checkins/{w.checkin_week}",
        body=lambda w, caller: {"sessions_done": 6},
        touches=frozenset({"weekly_checkins"}), verify=_weekly_checkin_written),
    "GET me/weekly-checkins": Call(lambda w: "me/weekly-checkins",
                                   shows=_shows_the_owners_answer),
    "GET me/skips": Call(lambda w: "me/skips", shows=lambda w, caller, data: any(
        (row["patient"], row["date"]) == (w.owner.pk, _skip_day(w)) for row in data)),
    "PUT me/skips/{skip}": Call(
        lambda w: f"me/skips/{_skip_day(w)}", body=lambda w, caller: {"reason": "illness"},
        touches=frozenset({"skips"}), verify=_skip_written),
    "DELETE me/skips/{skip}": Call(lambda w: f"me/skips/{_skip_day(w)}",
                                   touches=frozenset({"skips"}), verify=_skip_deleted),
    "GET alerts": Call(lambda w: "alerts",
                       shows=lambda w, caller, data: w.alert.pk in _ids(data)),
    "GET alerts?patient={owner}": Call(lambda w: f"alerts?patient={w.owner.pk}",
                                       shows=lambda w, caller, data: w.alert.pk in _ids(data)),
    "POST alerts/{al}/resolve": Call(lambda w: f"alerts/{w.alert.pk}/resolve",
                                     body=lambda w, caller: {},
                                     touches=frozenset({"alerts"}), verify=_alert_resolved),
    "POST alerts/{pr}/decline": Call(lambda w: f"alerts/{w.extra['proposal'].pk}/decline",
                                     body=lambda w, caller: {"reason": "Not this week."},
                                     touches=frozenset({"alerts"}), verify=_proposal_declined),
    "GET audit-events": Call(lambda w: "audit-events",
                             shows=lambda w, caller, data: all(
                                 row["patient"] is None or User.objects.filter(
                                     pk=row["patient"], clinic=w.clinic).exists()
                                 for row in data["results"])),
    "GET me/access-log": Call(lambda w: "me/access-log",
                              shows=lambda w, caller, data: isinstance(data["results"], list)),
    "GET exercises": Call(lambda w: "exercises",
                          shows=lambda w, caller, data: w.exercise.slug in {
                              row["slug"] for row in data}),
    "GET medications": Call(lambda w: "medications",
                            shows=lambda w, caller, data: any(
                                (r["slug"], r["class"]) == ("sumatriptan", "triptan")
                                for r in data)),
    "GET exercises/{ex}": Call(lambda w: f"exercises/{w.exercise.slug}",
                               shows=lambda w, caller, data: data["slug"] == w.exercise.slug),
    "GET program-templates": Call(
        lambda w: "program-templates",
        shows=lambda w, caller, data: OWN_COPY_SLUG in {row["slug"] for row in data}),
    "GET program-templates/shared": Call(
        lambda w: f"program-templates/{SHARED_SLUG}",
        shows=lambda w, caller, data: (data["slug"], data["clinic"]) == (SHARED_SLUG, None)),
    "GET program-templates/own-copy": Call(
        lambda w: f"program-templates/{OWN_COPY_SLUG}",
        shows=lambda w, caller, data: data["clinic"] == w.clinic.pk),
    "POST program-templates/shared/copy": Call(
        lambda w: f"program-templates/{SHARED_SLUG}/copy",
        body=lambda w, caller: {"slug": "our-copy"},
        touches=frozenset({"templates"}), verify=_copied(SHARED_SLUG, "our-copy")),
    "POST program-templates/own-copy/copy": Call(
        lambda w: f"program-templates/{OWN_COPY_SLUG}/copy",
        body=lambda w, caller: {"slug": "second-copy"},
        touches=frozenset({"templates"}), verify=_copied(OWN_COPY_SLUG, "second-copy")),
    "PATCH program-templates/own-copy": Call(
        lambda w: f"program-templates/{OWN_COPY_SLUG}",
        body=lambda w, caller: {"name": "Renamed program"},
        touches=frozenset({"templates"}), verify=_template_edited),
    "PATCH program-templates/shared": Call(
        lambda w: f"program-templates/{SHARED_SLUG}",
        body=lambda w, caller: {"name": "Renamed program"},
        touches=frozenset({"templates"})),
    "GET me/notifications": Call(
        lambda w: "me/notifications",
        shows=lambda w, caller, data: w.extra["notification"].pk in _ids(data)),
    "POST notifications/{n}/snooze": Call(
        lambda w: f"notifications/{w.extra['notification'].pk}/snooze",
        body=lambda w, caller: {"minutes": 30},
        touches=frozenset({"notifications"}), verify=_snoozed),
    "POST push-subscriptions": Call(lambda w: "push-subscriptions", body=_renewed_keys,
                                    touches=frozenset({"push_subscriptions"}),
                                    verify=_keys_renewed),
    "DELETE push-subscriptions/{ps}": Call(
        lambda w: f"push-subscriptions/{_owners_subscription(w).pk}",
        touches=frozenset({"push_subscriptions"}), verify=_unsubscribed),
    "GET staff": Call(lambda w: "staff",
                      shows=lambda w, caller, data: w.users["therapist"].pk in _ids(data)),
    "POST staff": Call(
        lambda w: "staff",
        body=lambda w, caller: {"email": "new-staff@example.test", "first_name": "New",
                                "role": "therapist"},
        touches=frozenset({"users", "invites"}), verify=_staff_invited),
    "PATCH staff/{colleague}": Call(
        lambda w: f"staff/{_colleague(w).pk}",
        body=lambda w, caller: (_colleague(w), {"is_active": False})[1],
        touches=frozenset({"users", "tokens"}), verify=_colleague_deactivated),
    "GET clinic": Call(lambda w: "clinic",
                       shows=lambda w, caller, data: data["id"] == caller.clinic_id),
    "PATCH clinic": Call(lambda w: "clinic", body=lambda w, caller: {"name": "Renamed clinic"},
                         touches=frozenset({"clinics"}), verify=_clinic_renamed),
    "POST patients/{owner}/care-team": Call(
        lambda w: f"patients/{w.owner.pk}/care-team",
        body=lambda w, caller: {"user": _colleague(w).pk},
        touches=frozenset({"care_team"}), verify=_on_care_team),
    "DELETE patients/{owner}/care-team/{member}": Call(
        lambda w: f"patients/{w.owner.pk}/care-team/{_colleague(w).pk}",
        body=_member_on_team, touches=frozenset({"care_team"}), verify=_off_care_team),
    "GET me/export": Call(lambda w: "me/export"),
    "GET patients/{owner}/export": Call(lambda w: f"patients/{w.owner.pk}/export"),
    "POST me/erasure": Call(lambda w: "me/erasure", body=lambda w, caller: {},
                            touches=frozenset({"erasures"}), verify=_erasure_asked),
    "GET me/erasure": Call(lambda w: "me/erasure", body=_owner_asked,
                           shows=lambda w, caller, data: data["status"] == (
                               "requested" if caller == w.owner else "none")),
    "GET patients/{owner}/erasure": Call(
        lambda w: f"patients/{w.owner.pk}/erasure", body=_owner_asked,
        shows=lambda w, caller, data: data["status"] == "requested"),
    "POST patients/{owner}/erasure": Call(
        lambda w: f"patients/{w.owner.pk}/erasure",
        body=lambda w, caller: {**_owner_asked(w, caller), "confirm": True},
        touches=frozenset({"users", "tokens", "erasures", "notifications"}),
        verify=_owner_erasure_confirmed),
    "GET erasure-requests": Call(lambda w: "erasure-requests", body=_owner_asked,
                                 shows=lambda w, caller, data: w.owner.pk in {
                                     row["patient"] for row in data}),
}

CASES = [
    pytest.param(endpoint, role, expected, id=f"{endpoint} [{role}]")
    for endpoint, *row in MATRIX
    for role, expected in zip(ROLES, row, strict=True)
]


@pytest.fixture
def world() -> World:
    built = build_world()
    built.extra["skip"] = DaySkip.objects.create(
        patient=built.owner, date=built.owner.local_today() - timedelta(days=2),
        reason="migraine")
    return built


def request(client: APIClient, endpoint: str, path: str, body: dict | None):
    method = endpoint.split(" ", 1)[0].lower()
    url = f"/api/v1/{path}"
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body if body is not None else {}, format="json")


def test_every_endpoint_is_in_the_matrix():
    assert set(ENDPOINTS) == {row[0] for row in MATRIX}
    assert all(len(row) == len(ROLES) + 1 for row in MATRIX)


@pytest.mark.parametrize(("endpoint", "role", "expected"), CASES)
def test_permission_matrix(world: World, endpoint: str, role: str, expected):
    call = ENDPOINTS[endpoint]
    caller = world.users[role]
    client = client_for(caller) if caller is not None else APIClient()
    status = 200 if expected in (SEEN, UNSEEN) else expected
    body = call.body(world, caller) if call.body else None
    before = snapshot()

    response = request(client, endpoint, call.path(world), body)

    assert response.status_code == status, response.content
    after = snapshot()
    if status >= 400:
        assert is_error_shape(response.json()), response.content
        assert changed_parts(before, after) == set(), "a refused request changed data"
        return
    if expected in (SEEN, UNSEEN):
        assert call.shows(world, caller, response.json()) == (expected == SEEN), (
            "the list leaks the object" if expected == UNSEEN else "the object is missing")
    elif call.shows is not None:
        assert call.shows(world, caller, response.json())
    if call.verify is None:
        assert changed_parts(before, after) == set(), "a read changed data"
    else:
        assert changed_parts(before, after) <= call.touches
        call.verify(world, caller, response, client)


# --- Anonymous callers -----------------------------------------------------------------------

def test_anonymous_may_reach_login_and_invites_only(world: World, api: APIClient):
    from accounts.services import invite_create

    _, token = invite_create(user=world.owner, created_by=world.users["therapist"])
    wrong = api.post("/api/v1/auth/login", {"email": "owner@a.test", "password": "nope"},
                     format="json")
    assert wrong.status_code in (400, 401) and is_error_shape(wrong.json())
    assert api.get(f"/api/v1/invites/{token}").status_code == 200
    unknown = api.get("/api/v1/invites/not-a-real-token")
    assert unknown.status_code == 404 and is_error_shape(unknown.json())
    assert api.get("/api/v1/me").status_code == 401


# --- Foreign keys in request bodies (common/ownership.py) -----------------------------------

def _count(model) -> int:
    return model.objects.count()


def _missing_pk(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# Each object a request body may name, as another clinic's and as one that does not exist.
BODY_REFERENCES = {
    "session-logs assignment": lambda w: (
        w.owner, "post", "session-logs",
        lambda ref: {**_session_body(w, w.owner), "assignment": ref, "entries": []},
        w.other_assignment.pk, _missing_pk(Assignment)),
    # A therapist changing a dose names the item: another clinic's is as missing.
    "assignments/{a} item_doses.0.id": lambda w: (
        w.users["therapist"], "patch", f"assignments/{w.assignment.pk}",
        lambda ref: {"item_doses": [{"id": ref, "reps": 5}]},
        w.other_assignment.items.first().pk, _missing_pk(AssignmentItem)),
    "assignments/{a} remove_items.0": lambda w: (
        w.users["therapist"], "patch", f"assignments/{w.assignment.pk}",
        lambda ref: {"remove_items": [ref]},
        w.other_assignment.items.first().pk, _missing_pk(AssignmentItem)),
    "patients primary_therapist": lambda w: (
        w.users["therapist"], "post", "patients",
        lambda ref: {"email": "new@a.test", "first_name": "New", "timezone": "UTC",
                     "primary_therapist": ref},
        w.users["other_therapist"].pk, _missing_pk(User)),
    "patients/{owner} primary_therapist": lambda w: (
        w.users["therapist"], "patch", f"patients/{w.owner.pk}",
        lambda ref: {"primary_therapist": ref}, w.users["other_therapist"].pk,
        _missing_pk(User)),
    "patients/{owner}/assignments template": lambda w: (
        w.users["therapist"], "post", f"patients/{w.owner.pk}/assignments",
        lambda ref: {"template": ref, "start_date": w.owner.local_today().isoformat()},
        OTHER_COPY_SLUG, "no-such-program"),
    "measures patient": lambda w: (
        w.users["therapist"], "post", "measures",
        lambda ref: {"instrument": "ndi", "answers": [0] * 10, "patient": ref},
        w.users["other_patient"].pk, _missing_pk(User)),
}


@pytest.mark.parametrize("reference", list(BODY_REFERENCES))
def test_a_body_naming_another_clinics_object_answers_like_a_missing_one(world: World,
                                                                         reference: str):
    """The oracle: another clinic's assignment id, patient id or template slug answered 404
    where a missing one answered 400, telling a caller that it exists over there."""
    caller, method, path, body, theirs, missing = BODY_REFERENCES[reference](world)
    client = client_for(caller)
    before = snapshot()
    answers = [getattr(client, method)(f"/api/v1/{path}", body(ref), format="json")
               for ref in (theirs, missing)]
    assert changed_parts(before, snapshot()) == set()
    assert [a.status_code for a in answers] == [400, 400]
    field = reference.rsplit(" ", 1)[1]
    # The same answer word for word, the value the caller sent aside.
    theirs_body, missing_body = (json.dumps(a.json()).replace(str(ref), "…")
                                 for a, ref in zip(answers, (theirs, missing), strict=True))
    assert theirs_body == missing_body
    assert list(answers[0].json()["fields"]) == [field]


def test_a_patient_naming_a_clinic_mates_assignment_gets_400_on_the_field(world: World):
    before = _count(SessionLog)
    body = {**_session_body(world, world.owner), "assignment": world.peer_assignment.pk}
    response = client_for(world.owner).post("/api/v1/session-logs", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["assignment"]
    assert _count(SessionLog) == before


def test_a_replayed_client_id_never_returns_another_patients_log(world: World):
    """The replay lookup is per patient: reusing the owner's client_id makes a new log."""
    body = {**_session_body(world, world.users["peer"]),
            "client_id": str(world.session_log.client_id),
            "assignment": world.peer_assignment.pk}
    response = client_for(world.users["peer"]).post("/api/v1/session-logs", body, format="json")
    assert response.status_code == 201
    assert response.json()["id"] != world.session_log.pk
    assert response.json()["patient"] == world.users["peer"].pk


def test_creating_a_patient_with_a_non_therapist_of_the_clinic_gets_400(world: World):
    response = client_for(world.users["therapist"]).post("/api/v1/patients", {
        "email": "new@a.test", "first_name": "New", "timezone": "UTC",
        "primary_therapist": world.users["peer"].pk,
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["primary_therapist"]
    assert not User.objects.filter(email="new@a.test").exists()


def test_moving_a_patient_to_another_clinics_therapist_changes_nothing(world: World):
    response = client_for(world.users["therapist"]).patch(
        f"/api/v1/patients/{world.owner.pk}",
        {"primary_therapist": world.users["other_therapist"].pk}, format="json")
    assert response.status_code == 400
    world.owner.refresh_from_db()
    assert world.owner.primary_therapist == world.users["therapist"]


def test_assigning_an_unknown_template_gets_400_on_the_field(world: World):
    response = client_for(world.users["therapist"]).post(
        f"/api/v1/patients/{world.owner.pk}/assignments",
        {"template": "no-such-program", "start_date": world.owner.local_today().isoformat()},
        format="json")
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["template"]


def test_assigning_the_clinics_own_copy_uses_that_copy(world: World):
    response = client_for(world.users["therapist"]).post(
        f"/api/v1/patients/{world.owner.pk}/assignments",
        {"template": OWN_COPY_SLUG, "start_date": world.owner.local_today().isoformat()},
        format="json")
    assert response.status_code == 201
    assert Assignment.objects.get(pk=response.json()["id"]).template == world.own_copy


def test_another_clinic_cannot_copy_a_template_only_it_cannot_see(world: World):
    before = _count(ProgramTemplate)
    response = client_for(world.users["other_therapist"]).post(
        f"/api/v1/program-templates/{OWN_COPY_SLUG}/copy", {"slug": "stolen"}, format="json")
    assert response.status_code == 404
    assert _count(ProgramTemplate) == before


@pytest.mark.parametrize("path", ["session-logs", "headache-logs", "daily-checkins", "alerts"])
def test_staff_filtering_by_another_clinics_patient_gets_404(world: World, path: str):
    client = client_for(world.users["therapist"])
    response = client.get(f"/api/v1/{path}?patient={world.users['other_patient'].pk}")
    assert response.status_code == 404 and is_error_shape(response.json())


@pytest.mark.parametrize("path", ["patients/{id}", "patients/{id}/assignments",
                                  "patients/{id}/today", "patients/{id}/adherence"])
def test_staff_cannot_reach_staff_members_through_patient_paths(world: World, path: str):
    """`patients/{id}` means patients only: a colleague's id answers 404 like a stranger's."""
    colleague = world.users["clinic_admin"]
    response = client_for(world.users["therapist"]).get(
        "/api/v1/" + path.format(id=colleague.pk))
    assert response.status_code == 404


def test_alerts_of_another_clinic_stay_open(world: World):
    response = client_for(world.users["other_therapist"]).post(
        f"/api/v1/alerts/{world.alert.pk}/resolve", {}, format="json")
    assert response.status_code == 404
    assert Alert.objects.get(pk=world.alert.pk).status == AlertStatus.OPEN


# Reached before signing in (account recovery, the second step of a sign-in): what the
# request carries decides, never who is signed in; every other endpoint refuses anonymous.
BEFORE_SIGN_IN = {"POST auth/password-reset", "POST auth/password-reset/confirm",
                  "POST auth/login/totp"}


def test_anon_column_is_all_401():
    assert {row[1] for row in MATRIX if row[0] not in BEFORE_SIGN_IN} == {401}
    assert all(len(set(row[1:])) == 1 for row in MATRIX if row[0] in BEFORE_SIGN_IN)
    assert ROLES[0] == ANON
