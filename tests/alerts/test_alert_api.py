"""Alerts a therapist can work with (issue 13, item 5): each in a sentence, resolved with a
note and listed with who and when, a progression proposal declined with who and why."""

import pytest

from alerts.models import Alert, AlertKind, AlertStatus
from alerts.sentences import alert_sentence
from alerts.services import alert_raise

pytestmark = pytest.mark.django_db


@pytest.fixture
def pain_alert(patient):
    return alert_raise(patient=patient, kind=AlertKind.PAIN_ABOVE_LIMIT,
                       details={"pain_during": 7, "limit": 5, "date": "2026-11-27"})


@pytest.fixture
def proposal(patient):
    return alert_raise(patient=patient, kind=AlertKind.PROGRESSION_PROPOSAL, details={
        "assignment": 1, "program": "Deep neck flexors", "direction": "advance",
        "from_phase": 0, "to_phase": 1, "to_phase_name": "Stage 2", "date": "2026-11-27",
        "reason": "Five full-dose sessions this week with pain at most 2."})


def test_alert_details_read_as_sentences(therapist_client, pain_alert, proposal, patient):
    rows = {a["kind"]: a for a in therapist_client.get("/api/v1/alerts?status=open").json()}
    assert rows["pain_above_limit"]["summary"] == (
        "Pain 7 during exercise on Fri 27 Nov, above the limit of 5.")
    assert rows["progression_proposal"]["summary"] == (
        "Deep neck flexors: ready to move on to “Stage 2” on Fri 27 Nov. Five full-dose "
        "sessions this week with pain at most 2.")
    headache = alert_raise(patient=patient, kind=AlertKind.TRIGGERED_HEADACHE,
                           details={"date": "2026-11-28", "hours_after_session": 2.5})
    assert alert_sentence(headache) == (
        "A headache brought on by exercise on Sat 28 Nov, 2.5 hours after a session.")
    idle = alert_raise(patient=patient, kind=AlertKind.NO_RECENT_LOG,
                       details={"since": "2026-11-20", "days": 4})
    assert alert_sentence(idle) == "No exercise logged for 4 days (since Fri 20 Nov)."


def test_a_repeat_says_how_often(patient, pain_alert):
    again = alert_raise(patient=patient, kind=AlertKind.PAIN_ABOVE_LIMIT,
                        details={"pain_during": 8, "limit": 5, "date": "2026-11-28"})
    assert alert_sentence(again) == ("Pain 8 during exercise on Sat 28 Nov, above the limit "
                                     "of 5. (2 times since this alert was raised)")


def test_resolving_keeps_the_note_and_who_and_when(therapist_client, therapist, pain_alert):
    response = therapist_client.post(f"/api/v1/alerts/{pain_alert.pk}/resolve",
                                     {"note": "Called her: dose lowered."}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["outcome"], body["note"]) == (
        "resolved", "resolved", "Called her: dose lowered.")
    assert (body["resolved_by"], body["resolved_by_name"]) == (therapist.pk,
                                                               therapist.get_full_name())
    assert body["resolved_at"]
    listed = therapist_client.get("/api/v1/alerts?status=resolved").json()
    assert [(a["id"], a["resolved_by_name"], a["note"]) for a in listed] == [
        (pain_alert.pk, therapist.get_full_name(), "Called her: dose lowered.")]
    assert therapist_client.get("/api/v1/alerts?status=open").json() == []


def test_resolving_without_a_note_still_works(therapist_client, pain_alert):
    response = therapist_client.post(f"/api/v1/alerts/{pain_alert.pk}/resolve")
    assert response.status_code == 200
    assert (response.json()["outcome"], response.json()["note"]) == ("resolved", "")


def test_a_note_too_long_is_refused_in_words(therapist_client, pain_alert):
    response = therapist_client.post(f"/api/v1/alerts/{pain_alert.pk}/resolve",
                                     {"note": "x" * 2001}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Please check: note."
    assert Alert.objects.get(pk=pain_alert.pk).status == AlertStatus.OPEN


def test_declining_a_proposal_records_who_and_why(therapist_client, therapist, proposal):
    response = therapist_client.post(f"/api/v1/alerts/{proposal.pk}/decline",
                                     {"reason": "She is travelling next week."}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["outcome"], body["note"], body["resolved_by_name"]) == (
        "resolved", "declined", "She is travelling next week.", therapist.get_full_name())
    stored = Alert.objects.get(pk=proposal.pk)
    assert (stored.outcome, stored.resolved_by, stored.note) == (
        "declined", therapist, "She is travelling next week.")
    again = therapist_client.post(f"/api/v1/alerts/{proposal.pk}/decline",
                                  {"reason": "Twice."}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "already_answered"
    assert Alert.objects.get(pk=proposal.pk).note == "She is travelling next week."


def test_declining_needs_a_reason(therapist_client, proposal):
    for body in ({}, {"reason": "  "}):
        response = therapist_client.post(f"/api/v1/alerts/{proposal.pk}/decline", body,
                                         format="json")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert "reason" in response.json()["fields"]
    assert Alert.objects.get(pk=proposal.pk).status == AlertStatus.OPEN


def test_only_a_proposal_can_be_declined(therapist_client, pain_alert):
    response = therapist_client.post(f"/api/v1/alerts/{pain_alert.pk}/decline",
                                     {"reason": "No."}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_proposal"
    assert Alert.objects.get(pk=pain_alert.pk).status == AlertStatus.OPEN


def test_the_open_count_comes_with_a_page(therapist_client, pain_alert, proposal):
    page = therapist_client.get("/api/v1/alerts?status=open&limit=1").json()
    assert page["count"] == 2 and len(page["results"]) == 1
