from rest_framework.permissions import BasePermission


class IsClinicStaff(BasePermission):
    """Therapists and clinic administrators: they work with their own clinic's patients."""

    message = "Only clinic staff can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_clinic_staff and user.clinic_id)


class IsPatient(BasePermission):
    message = "Only patients can do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_patient)
