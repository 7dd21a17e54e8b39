"""Where each threshold comes from: settings <- template phase <- clinic <- assignment."""

from __future__ import annotations

import importlib
import logging
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Alert
from library.rules import clinic_layer, resolve, rules_for
from logs.services import session_log_create
from tests.factories import ClinicFactory, ExerciseFactory, assign, item, phase, program

PHASE = {"name": "Stage 1", "min_days": 10, "items": [], "progression": {
    "window_days": 5, "key_exercises": ["nod"],
    "advance": {"min_adherence_pct": 70, "min_full_dose_sessions": 4},
    "hold": {"unsettled_amber_days": 2}}}


@pytest.fixture
def defaults(settings):
    settings.PROGRESSION_DEFAULTS = {
        "window_days": 7,
        "advance": {"min_adherence_pct": 80, "min_full_dose_sessions": 3, "max_pain_during": 3,
                    "max_dizziness": 4},
        "hold": {"unsettled_amber_days": 1}, "regress": {"unsettled_amber_days": 2},
        "pain": {"safe_max": 3, "red_above": 5, "settle_margin": 1, "usual_soreness_days": 28},
    }
    return settings.PROGRESSION_DEFAULTS


def test_the_settings_defaults_fill_every_key_the_template_leaves_out(defaults):
    rules = resolve(phase=PHASE)
    assert (rules.window_days, rules.min_days_in_phase, rules.key_exercises) == (5, 10, ("nod",))
    assert (rules.min_adherence_pct, rules.min_full_dose_sessions) == (70, 4)
    assert rules.max_pain_during == 3  # from the settings
    assert (rules.hold_unsettled_amber_days, rules.regress_unsettled_amber_days) == (2, 2)
    assert (rules.pain_safe_max, rules.pain_red_above) == (3, 5)


def test_a_changed_setting_reaches_every_phase_that_does_not_say_otherwise(defaults):
    defaults["advance"]["max_pain_during"] = 2
    defaults["pain"]["red_above"] = 6
    rules = resolve(phase=PHASE)
    assert (rules.max_pain_during, rules.pain_red_above, rules.min_adherence_pct) == (2, 6, 70)


def test_the_clinic_overrides_the_template_and_the_assignment_overrides_the_clinic(defaults):
    clinic = {"window_days": 14, "advance": {"min_adherence_pct": 60},
              "pain": {"red_above": 6}}
    assignment = {"advance": {"min_adherence_pct": 90, "min_days_in_phase": 3}}
    rules = resolve(phase=PHASE, clinic=clinic, assignment=assignment)
    assert rules.window_days == 14  # clinic over template
    assert rules.min_adherence_pct == 90  # assignment over clinic over template
    assert rules.min_days_in_phase == 3  # assignment over the phase's min_days
    assert rules.min_full_dose_sessions == 4  # template, untouched above it
    assert rules.pain_red_above == 6  # clinic over settings
    assert PHASE["progression"]["advance"] == {"min_adherence_pct": 70,
                                               "min_full_dose_sessions": 4}  # not mutated


@pytest.mark.django_db
def test_rules_for_an_assignment_reads_its_clinic_and_its_own_settings(patient, defaults):
    nod = ExerciseFactory(slug="nod")
    template = program(phase(item(nod, reps=10, hold_seconds=10), min_days=9),
                       phase(item(nod, reps=10, hold_seconds=10)))
    assignment = assign(patient, template, timezone.localdate())
    patient.clinic.settings = {"progression": {"advance": {"min_full_dose_sessions": 5}},
                               "other_feature": {"x": 1}}
    patient.clinic.save()
    assignment.progression_settings = {"pain": {"red_above": 7}}
    rules = rules_for(assignment=assignment, phase=0)
    assert (rules.min_days_in_phase, rules.min_full_dose_sessions, rules.pain_red_above) == (
        9, 5, 7)


@pytest.mark.django_db
def test_a_malformed_clinic_block_is_ignored_and_logged_never_a_500(patient, caplog):
    nod = ExerciseFactory(slug="nod")
    assignment = assign(patient, program(phase(item(nod, reps=10, hold_seconds=10))),
                        timezone.localdate())
    patient.clinic.settings = {"progression": {"advance": {"min_adherence_pct": "most"}}}
    patient.clinic.save()
    with caplog.at_level(logging.WARNING):
        rules = rules_for(assignment=assignment, phase=0)
    assert rules.min_adherence_pct == 80
    assert "advance/min_adherence_pct" in caplog.text


@pytest.mark.django_db
def test_a_clinic_that_set_the_older_pain_limit_keeps_it_after_the_migration(patient):
    """accounts 0003 moves `pain_during_red_above` to `progression.pain.red_above` and drops
    it; a clinic that set both keeps the newer key's value."""
    from django.apps import apps
    migration = importlib.import_module("accounts.migrations.0003_drop_legacy_red_above")
    other = ClinicFactory(settings={"pain_during_red_above": 4,
                                    "progression": {"pain": {"red_above": 6}}})
    patient.clinic.settings = {"pain_during_red_above": 7, "emergency_number": "112"}
    patient.clinic.save()

    migration.forward(apps, None)

    patient.clinic.refresh_from_db()
    other.refresh_from_db()
    assert patient.clinic.settings == {"emergency_number": "112",
                                       "progression": {"pain": {"red_above": 7}}}
    assert resolve(phase=None, clinic=clinic_layer(patient.clinic.settings)).pain_red_above == 7
    assert other.settings == {"progression": {"pain": {"red_above": 6}}}


@pytest.mark.django_db
def test_the_older_clinic_key_no_longer_moves_the_pain_limit(patient):
    assert resolve(phase=None, clinic=clinic_layer({"pain_during_red_above": 7})
                   ).pain_red_above == 5


@pytest.mark.django_db
def test_the_session_alert_uses_the_assignments_own_pain_limit(patient):
    nod = ExerciseFactory(slug="nod")
    template = program(phase(item(nod, reps=10, hold_seconds=10)))
    lenient = assign(patient, template, timezone.localdate() - timedelta(days=1))
    lenient.progression_settings = {"pain": {"red_above": 6}}
    lenient.save()
    strict = assign(patient, template, timezone.localdate() - timedelta(days=1))

    for assignment in (lenient, strict):
        session_log_create(patient=patient, client_id=uuid.uuid4(), assignment=assignment,
                           performed_at=timezone.now(), entries=[], pain_during=6)
    alerts = list(Alert.objects.values_list("kind", "details__limit"))
    assert alerts == [("pain_above_limit", 5)]  # 6 is red only for the strict assignment
