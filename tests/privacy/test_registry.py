"""Every model that leads to a person is exported, or excluded with a reason."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models
from django.test.utils import isolate_apps

from privacy.registry import NOT_EXPORTED, PATIENT_DATA, reaches_a_person, unaccounted


def test_every_model_that_reaches_a_person_is_exported_or_excluded_with_a_reason():
    assert unaccounted() == set(), (
        "add these models to privacy.registry.PATIENT_DATA (or NOT_EXPORTED, with why)")


def test_the_registry_names_no_model_twice_and_every_exclusion_gives_a_reason():
    labels = [entry.model._meta.label for entry in PATIENT_DATA]
    assert len(labels) == len(set(labels))
    assert not set(labels) & set(NOT_EXPORTED)
    assert all(len(reason) > 20 for reason in NOT_EXPORTED.values())
    assert len({entry.name for entry in PATIENT_DATA}) == len(PATIENT_DATA)


@isolate_apps("privacy")
def test_a_new_patient_data_model_is_caught_until_it_is_registered():
    class PainDrawing(models.Model):  # a model someone adds later
        patient = models.ForeignKey(get_user_model(), on_delete=models.CASCADE,
                                    related_name="+")
        sketch = models.TextField()

        class Meta:
            app_label = "privacy"

    class DrawingStroke(models.Model):  # reaches the patient only through the drawing
        drawing = models.ForeignKey(PainDrawing, on_delete=models.CASCADE)

        class Meta:
            app_label = "privacy"

    from django.apps import apps

    everything = [*apps.get_models(), PainDrawing, DrawingStroke]
    assert unaccounted(everything) == {"privacy.PainDrawing", "privacy.DrawingStroke"}
    assert "privacy.PainDrawing" in reaches_a_person(everything)
