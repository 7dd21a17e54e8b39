from django.conf import settings
from rest_framework.permissions import BasePermission


class IsClinicStaff(BasePermission):
    """Therapists and clinic administrators: they work with their own clinic's patients."""

    message = "Only clinic staff can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_clinic_staff and user.clinic_id)


class IsClinicAdmin(BasePermission):
    """Clinic administrators: they manage their clinic's staff and settings."""

    message = "Only a clinic administrator can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.clinic_id
                    and user.role == "clinic_admin")


class IsPatient(BasePermission):
    message = "Only patients can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_patient)


class CanReadApiDocs(BasePermission):
    """The OpenAPI schema and its docs: anyone where `API_DOCS_PUBLIC` is on (development),
    signed-in people otherwise (production's default), so a stranger does not get a map of
    every endpoint. Read at request time, so the setting can be changed without a deploy
    of code."""

    message = "Please sign in to read the API documentation."

    def has_permission(self, request, view) -> bool:
        if settings.API_DOCS_PUBLIC:
            return True
        return bool(request.user and request.user.is_authenticated)
