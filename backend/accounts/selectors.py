"""Reads about people: who may see whom is decided here and nowhere else."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from accounts.models import Role, User

M = TypeVar("M", bound=Model)


def visible_to(viewer: User, queryset: QuerySet[M]) -> QuerySet[M]:
    """The one access rule, for every read of a patient's data: the rows of `queryset`
    that `viewer` may see. Staff see their clinic's patients' rows; a patient sees only
    their own; anyone else nothing.

    A model reaches its patient through `patient` unless it names another path in
    `PATIENT_PATH` ("" for the patients themselves); a model that keeps a copy of the
    clinic for its indexes names it in `CLINIC_PATH`.
    """
    model = queryset.model
    path = "" if model is User else getattr(model, "PATIENT_PATH", "patient")
    patient = f"{path}__" if path else ""
    if viewer.is_clinic_staff and viewer.clinic_id:
        clinic = getattr(model, "CLINIC_PATH", f"{patient}clinic")
        rows = queryset.filter(**{f"{clinic}_id": viewer.clinic_id})
        # Rows of a patient's data belong to a patient; among people, only patients.
        return rows.filter(role=Role.PATIENT) if model is User else rows
    if viewer.is_patient:
        return queryset.filter(**{f"{patient}pk": viewer.pk})
    return queryset.none()


def patients_visible_to(viewer: User) -> QuerySet[User]:
    return visible_to(viewer, User.objects.all())


def patient_get(*, viewer: User, patient_id) -> User:
    try:
        return patients_visible_to(viewer).get(pk=patient_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_of_clinic(clinic_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        clinic=clinic_id, role__in=[Role.THERAPIST, Role.CLINIC_ADMIN], is_active=True
    )
