"""Reads about people: who may see whom is decided here and nowhere else."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Count, Exists, F, Model, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts import clinic_settings
from accounts.models import CareTeamMember, Device, Role, User

M = TypeVar("M", bound=Model)


def sees_health_data(viewer: User) -> bool:
    """Clinic administrators see patients' logs, measures and programs as a therapist does
    unless their clinic says otherwise; then only who the patients are, enough to reassign."""
    if viewer.role != Role.CLINIC_ADMIN:
        return True
    return bool(clinic_settings.value_of(viewer.clinic, clinic_settings.ADMIN_SEES_HEALTH_DATA))


def care_team_only(viewer: User) -> bool:
    """Whether this therapist's clinic limits them to the patients of their care team."""
    return viewer.role == Role.THERAPIST and bool(
        clinic_settings.value_of(viewer.clinic, clinic_settings.CARE_TEAM_ONLY))


def visible_to(viewer: User, queryset: QuerySet[M], *, health_data: bool = True) -> QuerySet[M]:
    """The one access rule, for every read of a patient's data: the rows of `queryset`
    that `viewer` may see. Staff see their clinic's patients' rows (a therapist in a clinic
    with care-team scope only their team's patients; an administrator, where the clinic
    keeps health data from administrators, only the patients themselves, with
    `health_data=False`); a patient sees only their own; anyone else nothing.

    A model reaches its patient through `patient` unless it names another path in
    `PATIENT_PATH` ("" for the patients themselves); a model that keeps a copy of the
    clinic for its indexes names it in `CLINIC_PATH`.
    """
    model = queryset.model
    path = "" if model is User else getattr(model, "PATIENT_PATH", "patient")
    patient = f"{path}__" if path else ""
    if viewer.is_clinic_staff and viewer.clinic_id:
        if (health_data or model is not User) and not sees_health_data(viewer):
            return queryset.none()
        clinic = getattr(model, "CLINIC_PATH", f"{patient}clinic")
        rows = queryset.filter(**{f"{clinic}_id": viewer.clinic_id})
        if care_team_only(viewer):
            on_team = CareTeamMember.objects.filter(patient=OuterRef(path or "pk"), member=viewer)
            rows = rows.filter(Q(**{f"{patient}primary_therapist": viewer}) | Exists(on_team))
        # Rows of a patient's data belong to a patient; among people, only patients.
        return rows.filter(role=Role.PATIENT) if model is User else rows
    if viewer.is_patient:
        return queryset.filter(**{f"{patient}pk": viewer.pk})
    return queryset.none()


def patients_visible_to(viewer: User, *, health_data: bool = True) -> QuerySet[User]:
    return visible_to(viewer, User.objects.all(), health_data=health_data)


def patient_get(*, viewer: User, patient_id, health_data: bool = True) -> User:
    """The patient `viewer` may see, or 404. `health_data=False` for what concerns only who
    the patient is (their name, therapist, status) and not their records."""
    try:
        return patients_visible_to(viewer, health_data=health_data).get(pk=patient_id)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_of_clinic(clinic_id: int | None) -> QuerySet[User]:
    return User.objects.filter(
        clinic=clinic_id, role__in=[Role.THERAPIST, Role.CLINIC_ADMIN], is_active=True
    )


def staff_list(*, clinic_id: int) -> QuerySet[User]:
    """Everyone who works at the clinic, deactivated staff too (the admin may reactivate),
    with how many patients each is primary therapist of."""
    return (User.objects.filter(clinic_id=clinic_id,
                                role__in=[Role.THERAPIST, Role.CLINIC_ADMIN])
            .annotate(patient_count=Count("primary_patients", filter=Q(
                primary_patients__role=Role.PATIENT, primary_patients__is_active=True)))
            .order_by("-is_active", "last_name", "first_name", "pk"))


def devices_of(user: User) -> QuerySet[Device]:
    """The person's signed-in devices whose token has not expired, last used first."""
    return (Device.objects.filter(token__user=user, token__expiry__gt=timezone.now())
            .select_related("token")
            .order_by(F("last_used_at").desc(nulls_last=True), "-created_at"))
