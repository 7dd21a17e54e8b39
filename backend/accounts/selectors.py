"""Reads about people: who may see whom is decided here and nowhere else."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role, User


def patients_visible_to(viewer: User) -> QuerySet[User]:
    """Staff see every patient of their clinic; a patient sees only themself."""
    if viewer.is_clinic_staff and viewer.clinic_id:
        return User.objects.filter(clinic_id=viewer.clinic_id, role=Role.PATIENT)
    if viewer.is_patient:
        return User.objects.filter(pk=viewer.pk)
    return User.objects.none()


def patient_get(*, viewer: User, patient_id) -> User:
    try:
        return patients_visible_to(viewer).get(pk=patient_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_of_clinic(clinic_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        clinic_id=clinic_id, role__in=[Role.THERAPIST, Role.CLINIC_ADMIN], is_active=True
    )
