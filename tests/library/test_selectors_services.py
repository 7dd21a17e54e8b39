"""Which template a clinic gets for a slug, and how a clinic's copy is versioned."""

import pytest
from django.core.exceptions import ValidationError

from library.models import ProgramTemplate
from library.selectors import exercise_list, template_current_get, template_list
from library.services import template_copy, template_update
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db

DNF = "deep-neck-flexor-progression"


def test_a_clinic_gets_its_own_copy_of_a_slug_and_other_clinics_the_shared_one(library, clinic):
    shared = template_current_get(slug=DNF, clinic_id=clinic.id)
    own = template_copy(template=shared, clinic=clinic)

    assert template_current_get(slug=DNF, clinic_id=clinic.id) == own
    assert template_current_get(slug=DNF, clinic_id=ClinicFactory().id) == shared
    assert template_current_get(slug=DNF, clinic_id=None) == shared
    with pytest.raises(ProgramTemplate.DoesNotExist):
        template_current_get(slug="no-such-program", clinic_id=clinic.id)


def test_template_list_shows_one_current_version_per_slug_to_each_clinic(library, clinic):
    other_clinic = ClinicFactory()
    shared = template_current_get(slug=DNF, clinic_id=None)
    own = template_copy(template=shared, clinic=clinic)
    variant = template_copy(template=shared, clinic=clinic, slug="dnf-slow", name="Slow DNF")

    mine = {t.slug: t for t in template_list(clinic_id=clinic.id)}
    theirs = {t.slug: t for t in template_list(clinic_id=other_clinic.id)}

    assert mine[DNF] == own and mine["dnf-slow"] == variant
    shared_count = ProgramTemplate.objects.filter(clinic=None, is_current=True).count()
    assert len(mine) == shared_count + 1  # the copy under DNF's slug replaces the shared one
    assert theirs[DNF] == shared and "dnf-slow" not in theirs


def test_editing_a_copy_adds_a_version_and_keeps_the_old_one(library, clinic):
    copy = template_copy(template=template_current_get(slug=DNF, clinic_id=None), clinic=clinic)

    edited = template_update(template=copy, name="DNF, our way", weeks=8)

    copy.refresh_from_db()
    assert (copy.version, copy.is_current, copy.weeks) == (1, False, 6)
    assert (edited.version, edited.is_current, edited.name, edited.weeks) == (
        2, True, "DNF, our way", 8)
    assert edited.based_on == copy.based_on  # still traces back to the library version


def test_an_edit_that_changes_nothing_adds_no_version(library, clinic):
    copy = template_copy(template=template_current_get(slug=DNF, clinic_id=None), clinic=clinic)
    assert template_update(template=copy, name=copy.name) == copy
    assert ProgramTemplate.objects.filter(clinic=clinic).count() == 1


def test_an_old_version_or_the_shared_library_cannot_be_edited(library, clinic):
    shared = template_current_get(slug=DNF, clinic_id=None)
    copy = template_copy(template=shared, clinic=clinic)
    template_update(template=copy, weeks=8)

    with pytest.raises(ValidationError, match="no longer current"):
        template_update(template=copy, weeks=9)
    with pytest.raises(ValidationError, match="copy the template"):
        template_update(template=shared, weeks=9)


def test_a_clinic_cannot_copy_onto_a_slug_it_already_has(library, clinic):
    shared = template_current_get(slug=DNF, clinic_id=None)
    template_copy(template=shared, clinic=clinic)
    with pytest.raises(ValidationError) as caught:
        template_copy(template=shared, clinic=clinic)
    assert "slug" in caught.value.message_dict


def test_an_edit_is_checked_against_the_template_schema(library, clinic):
    copy = template_copy(template=template_current_get(slug=DNF, clinic_id=None), clinic=clinic)
    phases = [{**copy.phases[0], "min_days": "seven"}]
    with pytest.raises(ValidationError) as caught:
        template_update(template=copy, phases=phases)
    assert caught.value.message_dict == {"phases.0.min_days": ["'seven' is not of type 'integer'"]}


def test_exercise_search_matches_name_slug_or_region_in_any_case(library):
    assert [e.slug for e in exercise_list(search="LEVATOR")] == ["levator-scapulae-stretch"]
    assert {e.slug for e in exercise_list(search="posture")} == {
        "workstation-checklist", "sleep-posture-checklist"}
    assert {e.region for e in exercise_list(region="neck")} == {"neck"}
