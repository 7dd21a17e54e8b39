"""POST/GET measures and GET measures/instruments: scoring through the API, replays, the
error shape naming answer paths, and who may record or read whose measures."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from measures.models import Measure
from tests.api_world import is_error_shape
from tests.conftest import client_for
from tests.factories import ClinicAdminFactory, PatientFactory, TherapistFactory
from tests.measures.conftest import ALL_ALWAYS, ALL_NEVER

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures"


@pytest.fixture
def other_clinic_patient():
    return PatientFactory()  # a clinic of its own


def post(client, **body):
    return client.post(URL, body, format="json")


def test_a_patient_records_a_hit6_and_gets_score_band_and_time(patient, patient_client):
    response = post(patient_client, instrument="hit6", answers=ALL_ALWAYS)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {k: body[k] for k in ("instrument", "version", "score", "band", "band_label")} == {
        "instrument": "hit6", "version": 1, "score": 78.0, "band": "severe",
        "band_label": "Severe impact"}
    assert body["patient"] == patient.pk and body["created_by"] == patient.pk
    assert body["id"] and body["taken_at"] and body["local_date"] and body["client_id"]


def test_ndi_prorated_answer_comes_back_with_its_details(patient_client):
    response = post(patient_client, instrument="ndi", answers=[2, 2, 2, 2, 2, 2, 2, None, 2, 2])
    assert response.status_code == 201
    body = response.json()
    assert (body["score"], body["band"]) == (20.0, "moderate")
    assert body["details"] == {"answered": 9, "prorated": True, "skipped": ["driving"],
                               "percent": 40.0}


def test_psfs_stores_its_version_and_a_fraction_to_two_places(patient_client):
    answers = [{"activity": "turning my head to reverse the car", "score": 4},
               {"activity": "reading", "score": 5}, {"activity": "lifting my child", "score": 5}]
    response = post(patient_client, instrument="psfs", answers=answers, version=2)
    assert response.status_code == 201
    assert (response.json()["score"], response.json()["version"]) == (4.67, 2)
    assert response.json()["band"] == "" and response.json()["band_label"] is None


def test_local_date_is_the_patients_date_when_taken(clinic, therapist):
    patient = PatientFactory(clinic=clinic, primary_therapist=therapist,
                             timezone="Pacific/Kiritimati")  # UTC+14
    with time_machine.travel(datetime(2026, 3, 2, 23, 30, tzinfo=UTC), tick=False):
        response = post(client_for(patient), instrument="hit6", answers=ALL_NEVER)
    assert response.json()["local_date"] == "2026-03-03"


# --- Bad input: 400 with the one error shape, naming the path ---------------------------------

def test_a_bad_answer_is_named_by_its_path(patient_client):
    response = post(patient_client, instrument="hit6",
                    answers=["never", "never", "never", "often", "never", "never"])
    assert response.status_code == 400
    body = response.json()
    assert is_error_shape(body) and list(body["fields"]) == ["answers.3"]
    assert Measure.objects.count() == 0


def test_a_bad_psfs_score_is_named_down_to_the_field(patient_client):
    answers = [{"activity": "reading", "score": 4}, {"activity": "driving", "score": 12},
               {"activity": "lifting", "score": 5}]
    response = post(patient_client, instrument="psfs", answers=answers)
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["answers.1.score"]


def test_too_many_skipped_ndi_sections_are_refused(patient_client):
    response = post(patient_client, instrument="ndi", answers=[1] * 7 + [None] * 3)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "answers": ["3 questions are unanswered; at most 2 may be skipped."]}


def test_a_clinic_setting_allows_only_one_skipped_ndi_section(clinic, patient_client):
    clinic.settings = {"measures": {"ndi": {"max_missing": 1}}}
    clinic.save()
    response = post(patient_client, instrument="ndi", answers=[1] * 8 + [None] * 2)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["answers"]


@pytest.mark.parametrize(("body", "field"), [
    ({"instrument": "sf36", "answers": []}, "instrument"),
    ({"instrument": "hit6"}, "answers"),
    ({"instrument": "hit6", "answers": ALL_NEVER, "version": 2}, "version"),
    ({"instrument": "hit6", "answers": ALL_NEVER, "taken_at": "2026-03-01T08:00:00"},
     "taken_at"),
    ({"instrument": "hit6", "answers": ALL_NEVER, "client_id": "not-a-uuid"}, "client_id"),
    ({"instrument": "psfs", "answers": [{"activity": "a\u0000b", "score": 1}] * 3},
     "answers.0.activity"),
])
def test_malformed_bodies_name_the_field(patient_client, body, field):
    response = patient_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert is_error_shape(response.json()) and field in response.json()["fields"]


HUGE = 2**70


# Sent raw: 1e400 parses to infinity, which no JSON encoder writes.
@pytest.mark.parametrize("raw", [
    f'{{"instrument": "ndi", "answers": [], "patient": {HUGE}}}',
    f'{{"instrument": "ndi", "answers": [], "patient": 1e400, "client_id": "{uuid.uuid4()}"}}',
])
def test_an_id_too_large_for_the_database_is_a_400_not_a_500(therapist_client, raw):
    therapist_client.raise_request_exception = False
    response = therapist_client.post(URL, raw, content_type="application/json")
    assert response.status_code == 400 and is_error_shape(response.json())
    assert therapist_client.get(f"{URL}?patient={HUGE}").status_code == 400


def test_a_measure_from_the_future_is_refused(patient_client):
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    response = post(patient_client, instrument="hit6", answers=ALL_NEVER, taken_at=later)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["taken_at"]


# --- Replays ---------------------------------------------------------------------------------

def test_a_replayed_client_id_answers_200_with_the_first_measure(patient_client):
    client_id = str(uuid.uuid4())
    first = post(patient_client, instrument="hit6", answers=ALL_NEVER, client_id=client_id)
    again = post(patient_client, instrument="hit6", answers=ALL_NEVER, client_id=client_id)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Measure.objects.count() == 1


def test_a_replay_whose_body_no_longer_validates_still_finds_the_first(patient_client):
    client_id = str(uuid.uuid4())
    first = post(patient_client, instrument="hit6", answers=ALL_NEVER, client_id=client_id)
    stale = post(patient_client, instrument="hit6", answers=["often"] * 6, client_id=client_id)
    assert stale.status_code == 200 and stale.json()["id"] == first.json()["id"]


def test_replays_are_per_patient(clinic, therapist, patient_client):
    client_id = str(uuid.uuid4())
    post(patient_client, instrument="hit6", answers=ALL_NEVER, client_id=client_id)
    peer = client_for(PatientFactory(clinic=clinic, primary_therapist=therapist))
    response = post(peer, instrument="hit6", answers=ALL_ALWAYS, client_id=client_id)
    assert response.status_code == 201 and response.json()["score"] == 78.0
    assert Measure.objects.count() == 2


# --- Who may record whose measure -------------------------------------------------------------

def test_staff_record_a_measure_for_a_patient_of_their_clinic(patient, therapist,
                                                              therapist_client):
    response = post(therapist_client, instrument="ndi", answers=[0] * 10, patient=patient.pk)
    assert response.status_code == 201
    assert (response.json()["patient"], response.json()["created_by"]) == (patient.pk,
                                                                          therapist.pk)


def test_staff_must_name_the_patient(therapist_client):
    response = post(therapist_client, instrument="ndi", answers=[0] * 10)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["patient"]


def test_staff_naming_another_clinics_patient_get_400_like_a_missing_one(
        therapist_client, other_clinic_patient):
    """Named in a body, another clinic's patient is no one here (the contract's Errors)."""
    response = post(therapist_client, instrument="ndi", answers=[0] * 10,
                    patient=other_clinic_patient.pk)
    missing = post(therapist_client, instrument="ndi", answers=[0] * 10,
                   patient=other_clinic_patient.pk + 1000)
    assert response.status_code == 400 and is_error_shape(response.json())
    assert response.json() == missing.json()
    assert list(response.json()["fields"]) == ["patient"]
    assert Measure.objects.count() == 0


def test_staff_naming_a_colleague_get_400_on_patient(clinic, therapist_client):
    colleague = ClinicAdminFactory(clinic=clinic)
    response = post(therapist_client, instrument="ndi", answers=[0] * 10, patient=colleague.pk)
    assert response.status_code == 400 and list(response.json()["fields"]) == ["patient"]


def test_a_patient_cannot_record_for_someone_else(clinic, therapist, patient_client,
                                                  other_clinic_patient):
    peer = PatientFactory(clinic=clinic, primary_therapist=therapist)
    to_peer = post(patient_client, instrument="hit6", answers=ALL_NEVER, patient=peer.pk)
    to_stranger = post(patient_client, instrument="hit6", answers=ALL_NEVER,
                       patient=other_clinic_patient.pk)
    assert (to_peer.status_code, to_stranger.status_code) == (400, 400)
    assert to_peer.json() == to_stranger.json()
    assert Measure.objects.count() == 0


def test_anonymous_callers_are_refused(api):
    assert post(api, instrument="hit6", answers=ALL_NEVER).status_code == 401
    assert api.get(URL).status_code == 401
    assert api.get(f"{URL}/instruments").status_code == 401


# --- Who may read whose measures -----------------------------------------------------------------

@pytest.fixture
def recorded(clinic, therapist, patient, patient_client, other_clinic_patient):
    """A measure each for the patient, a clinic-mate and a patient of another clinic."""
    peer = PatientFactory(clinic=clinic, primary_therapist=therapist)
    mine = post(patient_client, instrument="hit6", answers=ALL_NEVER).json()["id"]
    peers = post(client_for(peer), instrument="ndi", answers=[1] * 10).json()["id"]
    strangers = post(client_for(other_clinic_patient), instrument="hit6",
                     answers=ALL_NEVER).json()["id"]
    return {"peer": peer, "mine": mine, "peers": peers, "strangers": strangers}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()}


def test_a_patient_reads_only_their_own(patient, patient_client, recorded):
    assert ids(patient_client.get(URL)) == {recorded["mine"]}
    assert ids(patient_client.get(f"{URL}?patient={patient.pk}")) == {recorded["mine"]}
    assert patient_client.get(f"{URL}?patient={recorded['peer'].pk}").status_code == 404


def test_staff_read_their_clinics_measures_and_filter_them(patient, therapist_client, recorded):
    assert ids(therapist_client.get(URL)) == {recorded["mine"], recorded["peers"]}
    assert ids(therapist_client.get(f"{URL}?patient={patient.pk}")) == {recorded["mine"]}
    assert ids(therapist_client.get(f"{URL}?instrument=ndi")) == {recorded["peers"]}


def test_staff_asking_for_another_clinics_patient_get_404(therapist_client, recorded,
                                                          other_clinic_patient):
    response = therapist_client.get(f"{URL}?patient={other_clinic_patient.pk}")
    assert response.status_code == 404 and is_error_shape(response.json())


def test_another_clinics_therapist_sees_none_of_ours(other_clinic_patient, recorded):
    stranger = TherapistFactory(clinic=other_clinic_patient.clinic)
    assert ids(client_for(stranger).get(URL)) == {recorded["strangers"]}


def test_an_unknown_instrument_filter_is_a_400(therapist_client):
    response = therapist_client.get(f"{URL}?instrument=sf36")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["instrument"]


def test_the_list_pages_with_limit(patient_client):
    for _ in range(3):
        post(patient_client, instrument="hit6", answers=ALL_NEVER)
    page = patient_client.get(f"{URL}?limit=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2


def test_a_patient_reads_back_their_latest_psfs_activities_and_version(clinic, therapist,
                                                                      patient, patient_client):
    """The PWA asks the same activities again from the newest PSFS (measures?instrument=psfs
    &limit=1), in its version, whoever entered it, and never another patient's."""
    def psfs(client, names, version=1, **extra):
        answers = [{"activity": name, "score": 5} for name in names]
        return post(client, instrument="psfs", answers=answers, version=version, **extra)

    with time_machine.travel(timezone.now() - timedelta(days=28)):
        assert psfs(patient_client, ["reading", "driving", "lifting"]).status_code == 201
    # Entered in clinic by the therapist, in PSFS 2.0: the newest one is this.
    assert psfs(client_for(therapist), ["reading", "reversing the car", "carrying shopping"],
                version=2, patient=patient.pk).status_code == 201
    post(patient_client, instrument="hit6", answers=ALL_NEVER)
    neighbour = PatientFactory(clinic=clinic, primary_therapist=therapist)
    psfs(client_for(neighbour), ["gardening", "cycling", "sleeping"])

    page = patient_client.get(f"{URL}?instrument=psfs&limit=1").json()
    assert page["count"] == 2
    (latest,) = page["results"]
    assert latest["version"] == 2 and latest["created_by"] == therapist.pk
    assert [a["activity"] for a in latest["answers"]] == [
        "reading", "reversing the car", "carrying shopping"]


# --- The questionnaires for the app ------------------------------------------------------------

def test_instruments_are_served_with_the_clinics_thresholds(clinic, patient_client):
    clinic.settings = {"measures": {"ndi": {"meaningful_change": 12, "remeasure_days": 28}}}
    clinic.save()
    response = patient_client.get(f"{URL}/instruments")
    assert response.status_code == 200
    by_slug = {doc["slug"]: doc for doc in response.json()}
    assert list(by_slug) == ["hit6", "ndi", "midas", "psfs"]
    assert by_slug["hit6"]["items"][0]["response"]["options"][0] == {
        "key": "never", "label": "Never", "score": 6}
    assert by_slug["ndi"]["thresholds"] == {"meaningful_change": 12.0, "unit": "points",
                                            "remeasure_days": 28, "max_missing": 2,
                                            "scheduled": True}
    assert by_slug["ndi"]["meaningful_change"]["amount"] == 10  # the file's default, as written


def test_a_clinic_cannot_set_ndi_below_its_minimal_detectable_change(clinic, patient_client):
    """Young 2009: NDI changes below 10 points are within measurement error."""
    clinic.settings = {"measures": {"ndi": {"meaningful_change": 5}}}
    clinic.save()
    by_slug = {doc["slug"]: doc for doc in patient_client.get(f"{URL}/instruments").json()}
    assert by_slug["ndi"]["thresholds"]["meaningful_change"] == 10.0
    assert by_slug["psfs"]["activities"]["max_count"] == 5
    assert "items" not in by_slug["psfs"]


def test_an_unusable_clinic_override_falls_back_to_the_file(clinic, therapist_client):
    clinic.settings = {"measures": {"hit6": {"meaningful_change": "six", "remeasure_days": -1}}}
    clinic.save()
    hit6 = therapist_client.get(f"{URL}/instruments").json()[0]
    assert (hit6["thresholds"]["meaningful_change"], hit6["thresholds"]["remeasure_days"]) == (
        6.0, 28)


def test_the_openapi_answer_formats_match_the_hit6_file(shipped):
    from measures.api.serializers import _HIT6_KEYS

    options = shipped["hit6"]["items"][0]["response"]["options"]
    assert _HIT6_KEYS == [option["key"] for option in options]
