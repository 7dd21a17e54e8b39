"""Phase changes conditional on the phase the caller saw (`from_phase`), and every phase or
status change made under the assignment's row lock: two therapists at once never skip a
phase, and the phase history stays one unbroken chain."""

from __future__ import annotations

import pytest

from assignments.models import Assignment
from tests.api_world import is_error_shape
from tests.concurrency import at_once, require_postgresql, signed_in
from tests.factories import TherapistFactory

pytestmark = pytest.mark.django_db


def url(assignment, action=""):
    return f"/api/v1/assignments/{assignment.pk}" + (f"/{action}" if action else "")


def chain_of(assignment: Assignment) -> list[tuple[int, int]]:
    return list(assignment.phase_changes.order_by("pk").values_list("from_phase", "to_phase"))


def assert_one_history(assignment: Assignment) -> None:
    """Each change starts where the one before ended; the last is where the assignment is,
    in its row and in the timeline that 'what is due on a date' reads."""
    assignment.refresh_from_db()
    chain = chain_of(assignment)
    phase = 0
    for from_phase, to_phase in chain:
        assert from_phase == phase, f"a change from {from_phase} after reaching {phase}: {chain}"
        phase = to_phase
    assert assignment.current_phase == phase
    assert assignment.phase_timeline[-1][1] == phase


# --- The rule, one request at a time ---------------------------------------------------------

@pytest.mark.parametrize(("action", "start", "seen"), [("advance", 0, 1), ("regress", 1, 0)])
def test_a_move_from_a_phase_that_has_moved_is_409_and_changes_nothing(
        therapist_client, assignment, action, start, seen):
    Assignment.objects.filter(pk=assignment.pk).update(current_phase=start)
    response = therapist_client.post(url(assignment, action), {"from_phase": seen},
                                     format="json")
    assert response.status_code == 409 and is_error_shape(response.json())
    body = response.json()
    assert body["code"] == "phase_moved" and list(body["fields"]) == ["from_phase"]
    assert body["detail"] == (
        f"This program is now in “Stage {start + 1}: {(22, 24, 26)[start]} mmHg” (phase "
        f"{start + 1} of 3), not the phase you saw: someone changed it meanwhile. Reload to "
        f"see the change, then decide again.")
    assert chain_of(assignment) == []


def test_a_move_from_the_phase_seen_goes_ahead(therapist_client, assignment):
    response = therapist_client.post(url(assignment, "advance"), {"from_phase": 0},
                                     format="json")
    assert (response.status_code, response.json()["current_phase"]) == (200, 1)


def test_old_clients_without_from_phase_still_move(therapist_client, assignment):
    """The contract's body is an optional `{to_phase}`: leaving `from_phase` out means
    "from wherever it is now", as before."""
    assert therapist_client.post(url(assignment, "advance"), {}).json()["current_phase"] == 1
    assert therapist_client.post(url(assignment, "advance")).json()["current_phase"] == 2


def test_patch_changes_the_phase_only_from_the_phase_seen(therapist_client, assignment):
    stale = therapist_client.patch(url(assignment), {"current_phase": 2, "from_phase": 1,
                                                     "status": "paused"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "phase_moved"
    assignment.refresh_from_db()
    assert (assignment.current_phase, assignment.status) == (0, "active")  # nothing applied
    fresh = therapist_client.patch(url(assignment), {"current_phase": 2, "from_phase": 0},
                                   format="json")
    assert (fresh.status_code, fresh.json()["current_phase"]) == (200, 2)
    assert chain_of(assignment) == [(0, 2)]


def test_from_phase_outside_the_program_is_400(therapist_client, assignment):
    response = therapist_client.post(url(assignment, "advance"), {"from_phase": -1},
                                     format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["from_phase"]


# --- The attacks, at once --------------------------------------------------------------------

@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_therapists_advancing_at_once_move_one_phase(patient, therapist, assignment):
    """The attack: two therapists each confirmed 'advance' on phase 0; the program went to
    phase 2, skipping phase 1."""
    require_postgresql()
    colleague = TherapistFactory(clinic=patient.clinic)
    clients = [signed_in(therapist), signed_in(colleague)]
    answers = at_once([lambda c=c: c.post(url(assignment, "advance"), {"from_phase": 0},
                                          format="json") for c in clients])
    assert sorted(a.status_code for a in answers) == [200, 409]
    assert_one_history(assignment)
    assert chain_of(assignment) == [(0, 1)]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ten_phase_changes_by_patch_at_once_leave_one_history(patient, therapist, assignment):
    """The attack: 10 concurrent PATCH assignments/{id} with phase changes left changes
    that start from a phase the assignment was no longer in."""
    require_postgresql()
    clients = [signed_in(therapist) for _ in range(10)]
    targets = [1, 2] * 5
    answers = at_once([lambda c=c, to=to: c.patch(url(assignment), {"current_phase": to},
                                                  format="json")
                       for c, to in zip(clients, targets, strict=True)])
    assert [a.status_code for a in answers] == [200] * 10
    assert_one_history(assignment)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ten_patches_from_the_same_phase_at_once_let_one_through(patient, therapist,
                                                                  assignment):
    require_postgresql()
    clients = [signed_in(therapist) for _ in range(10)]
    targets = [1, 2] * 5
    answers = at_once([lambda c=c, to=to: c.patch(
        url(assignment), {"current_phase": to, "from_phase": 0, "reason": "Seen at 0."},
        format="json") for c, to in zip(clients, targets, strict=True)])
    assert sorted(a.status_code for a in answers) == [200] + [409] * 9
    assert_one_history(assignment)
    assert len(chain_of(assignment)) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_pauses_and_phase_changes_at_once_lose_nothing(patient, therapist, assignment):
    """A stale copy saved whole used to undo a colleague's change made a moment before."""
    require_postgresql()
    clients = [signed_in(therapist) for _ in range(6)]
    bodies = [{"status": "paused"}, {"current_phase": 1}, {"overrides": {
        "ccf-pressure-biofeedback": {"reps": 8}}}] * 2
    answers = at_once([lambda c=c, b=b: c.patch(url(assignment), b, format="json")
                       for c, b in zip(clients, bodies, strict=True)])
    assert [a.status_code for a in answers] == [200] * 6
    assignment.refresh_from_db()
    assert (assignment.status, assignment.current_phase) == ("paused", 1)
    assert assignment.overrides == {"ccf-pressure-biofeedback": {"reps": 8}}
    assert_one_history(assignment)
