from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout as session_logout
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from knox.models import AuthToken
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import clinic_settings, selectors, services, staff, totp
from accounts.api import serializers as s
from accounts.http import AuthedRequest
from accounts.models import Clinic, Invite, User
from audit.recording import AuditedView
from common.client_ip import client_ip
from common.errors import error_body
from common.permissions import IsClinicAdmin, IsClinicStaff
from common.throttling import ClientScopedRateThrottle


def _me(request: Request) -> User:
    """The signed-in caller (the default permission has refused anyone else)."""
    assert isinstance(request.user, User)
    return request.user


def _second_step(step: services.SecondStepRequired) -> Response:
    """The password was right, the token comes after the second step (200: no error)."""
    key = "mfa_setup_required" if step.setup else "mfa_required"
    return Response({key: True, "mfa_token": step.mfa_token})



def _token_response(user: User, token: str, expires_at, status_code=200) -> Response:
    body = {"token": token, "expires_at": expires_at, "user": s.UserSerializer(user).data}
    return Response(body, status=status_code)


class LoginView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=s.LoginSerializer, responses={
        200: PolymorphicProxySerializer(
            component_name="LoginAnswer", resource_type_field_name=None,
            serializers=[s.TokenResponseSerializer, s.SecondStepSerializer])})
    def post(self, request: Request) -> Response:
        data = s.LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user, token, expires_at = services.login(
                email=data.validated_data["email"], password=data.validated_data["password"],
                address=client_ip(request),
                device=request.COOKIES.get(services.KNOWN_DEVICE_COOKIE),
                request=request._request,
            )
        except services.LoginFailed:
            return Response(error_body("invalid_credentials", "Email or password is not right."),
                            status=status.HTTP_401_UNAUTHORIZED)
        except services.SecondStepRequired as step:
            return _second_step(step)
        response = _token_response(user, token, expires_at)
        # The device is recognised next time and never waits behind someone else's failures.
        response.set_cookie(
            services.KNOWN_DEVICE_COOKIE, services.known_device_value(user),
            max_age=int(settings.KNOWN_DEVICE_MAX_AGE.total_seconds()), httponly=True,
            secure=settings.SESSION_COOKIE_SECURE, samesite="Strict")
        return response


class _Anonymous(APIView):
    """Reached before signing in: no credentials read, throttled per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientScopedRateThrottle]


def _refused_step(refused: services.SecondStepRefused) -> Response:
    return Response(error_body("mfa_expired", refused.reason), status=status.HTTP_400_BAD_REQUEST)


class LoginTotpView(_Anonymous):
    throttle_scope = "mfa"

    @extend_schema(request=s.LoginTotpSerializer, responses={200: s.TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        data = s.LoginTotpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user, token, expires_at = services.login_second_step(**data.validated_data)
        except services.SecondStepRefused as refused:
            return _refused_step(refused)
        return _token_response(user, token, expires_at)


class PasswordResetView(_Anonymous):
    throttle_scope = "password_reset"

    @extend_schema(request=s.PasswordResetSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        """204 whether or not the address has an account: no one learns who has one."""
        data = s.PasswordResetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.password_reset_request(email=data.validated_data["email"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetConfirmView(_Anonymous):
    throttle_scope = "password_reset"

    @extend_schema(request=s.PasswordResetConfirmSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = s.PasswordResetConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.password_reset_confirm(**data.validated_data)
        except services.PasswordResetRefused:
            raise ValidationError({"token": [services.RESET_REFUSED]}) from None
        except DjangoValidationError as invalid:
            raise ValidationError(invalid.message_dict) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordChangeView(APIView):
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "password_change"

    @extend_schema(request=s.PasswordChangeSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = s.PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        keep = request.auth if isinstance(request.auth, AuthToken) else None
        try:
            user = services.password_change(user=_me(request), keep_device=keep,
                                            **data.validated_data)
        except DjangoValidationError as invalid:
            raise ValidationError(invalid.message_dict) from None
        if keep is None:  # signed in by a browser session: that one stays
            update_session_auth_hash(request._request, user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TotpView(APIView):
    """Staff turn on two-step sign-in: signed in, or in the middle of a sign-in their
    clinic will not finish without it (`mfa_token` from auth/login)."""

    permission_classes = [AllowAny]
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "mfa"

    def _who(self, request: Request, mfa_token: str | None) -> User:
        if mfa_token:
            try:
                return services.mfa_token_user(mfa_token=mfa_token, purpose="setup")
            except services.SecondStepRefused as refused:
                raise ValidationError({"mfa_token": [refused.reason]}) from None
        if not request.user.is_authenticated:
            raise NotAuthenticated
        if not request.user.is_clinic_staff:
            raise PermissionDenied("Two-step sign-in is for clinic staff.")
        return request.user

    @extend_schema(responses=s.TotpStatusSerializer)
    def get(self, request: Request) -> Response:
        user = self._who(request, None)
        return Response(s.TotpStatusSerializer(services.totp_status(user=user)).data)

    @extend_schema(request=s.TotpBeginSerializer, responses={201: s.TotpSecretSerializer})
    def post(self, request: Request) -> Response:
        data = s.TotpBeginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = self._who(request, data.validated_data.get("mfa_token"))
        try:
            device = services.totp_begin(user=user)
        except services.TotpAlreadyOn:
            return Response(error_body("totp_already_on", "Two-step sign-in is already on."),
                            status=status.HTTP_409_CONFLICT)
        uri = totp.provisioning_uri(device.secret, user.email)
        return Response({"secret": device.secret, "otpauth_url": uri,
                         "qr_svg": totp.qr_svg_data_uri(uri)}, status=status.HTTP_201_CREATED)


class TotpConfirmView(TotpView):
    @extend_schema(request=s.TotpConfirmSerializer, responses={200: s.RecoveryCodesSerializer})
    def post(self, request: Request) -> Response:
        data = s.TotpConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mfa_token = data.validated_data.get("mfa_token")
        user = self._who(request, mfa_token)
        try:
            if mfa_token:
                codes, (user, token, expires_at) = services.totp_setup_via_mfa_token_finish(
                    mfa_token=mfa_token, code=data.validated_data["code"])
                body = {"recovery_codes": codes, "token": token, "expires_at": expires_at,
                        "user": s.UserSerializer(user).data}
            else:
                body = {"recovery_codes": services.totp_confirm(
                    user=user, code=data.validated_data["code"])}
        except DjangoValidationError as invalid:
            raise ValidationError(invalid.message_dict) from None
        return Response(body)


class DevicesView(APIView):
    @extend_schema(responses=s.DeviceSerializer(many=True))
    def get(self, request: Request) -> Response:
        current = request.auth.pk if isinstance(request.auth, AuthToken) else None
        rows = [
            {"id": d.pk, "name": d.name or "App or other device", "created_at": d.created_at,
             "last_used_at": d.last_used_at, "token": d.token, "current": d.token_id == current}
            for d in selectors.devices_of(_me(request))
        ]
        return Response(s.DeviceSerializer(rows, many=True).data)


class DeviceView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, device_id: int) -> Response:
        if not services.device_end(user=_me(request), device_id=device_id):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class DevicesSignOutOthersView(APIView):
    """Every device but this one (auth/logout-all signs out this one too)."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        keep = request.auth.pk if isinstance(request.auth, AuthToken) else None
        services.devices_end(user=_me(request), keep=keep)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutView(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthedRequest) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        session_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Sign out every device, e.g. after losing a phone."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: AuthedRequest) -> Response:
        AuthToken.objects.filter(user=request.user).delete()
        session_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(AuditedView, APIView):
    audit_record = "profile"
    @extend_schema(responses=s.UserSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return Response(s.UserSerializer(request.user).data)

    @extend_schema(request=s.MeUpdateSerializer, responses=s.UserSerializer)
    def patch(self, request: AuthedRequest) -> Response:
        data = s.MeUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        me = services.profile_update(user=request.user, changes=data.validated_data)
        return Response(s.UserSerializer(me).data)


def _invite_body(invite: Invite, token: str) -> dict:
    return {"token": token, "url": services.invite_url(token), "expires_at": invite.expires_at}


class PatientCreateView(AuditedView, APIView):
    """`POST patients`; `GET patients` (the list by attention) is served by the same path
    from monitoring, which builds the list (monitoring.api.views.PatientListView)."""

    audit_record = "profile"
    audit_ids_are_patients = True
    permission_classes = [IsClinicStaff]

    @extend_schema(request=s.PatientCreateSerializer, responses={201: s.PatientCreatedSerializer})
    def post(self, request: AuthedRequest) -> Response:
        data = s.PatientCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        patient, invite, token = services.patient_create(
            created_by=request.user,
            email=values["email"], first_name=values["first_name"],
            last_name=values["last_name"], timezone_name=values["timezone"],
            primary_therapist=services.primary_therapist_resolve(
                viewer=request.user, therapist_id=values.get("primary_therapist")),
            baseline_headache_days_28=values.get("baseline_headache_days_28"),
        )
        # The shape of PatientCreatedSerializer: the patient, and the invite (once, here).
        body = {**s.PatientSerializer(patient).data,
                "invite": s.InviteSerializer(_invite_body(invite, token)).data}
        return Response(body, status=status.HTTP_201_CREATED)


class PatientDetailView(AuditedView, APIView):
    audit_record = "profile"
    permission_classes = [IsClinicStaff]

    """Who the patient is: also for an administrator whose clinic keeps health data from
    administrators, who needs it to reassign the patient."""

    @extend_schema(responses=s.PatientSerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id,
                                        health_data=False)
        return Response(_patient_body(request, patient))

    @extend_schema(request=s.PatientUpdateSerializer, responses=s.PatientSerializer)
    def patch(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id,
                                        health_data=False)
        data = s.PatientUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        patient = services.patient_update(patient=patient, by=request.user,
                                          changes=data.validated_data)
        return Response(_patient_body(request, patient))


def _patient_body(request: AuthedRequest, patient: User) -> dict:
    return s.PatientSerializer(patient, context={
        "health_data": selectors.sees_health_data(request.user)}).data


class PatientInviteView(AuditedView, APIView):
    """A fresh invite link for a patient who lost theirs (the old one stops working)."""

    audit_record = "invite"
    permission_classes = [IsClinicStaff]

    @extend_schema(request=None, responses={201: s.InviteSerializer})
    def post(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id)
        if patient.has_usable_password():
            raise ValidationError({"patient": ["This patient has already set a password."]})
        invite, token = services.invite_create(user=patient, created_by=request.user)
        return Response(s.InviteSerializer(_invite_body(invite, token)).data,
                        status=status.HTTP_201_CREATED)


def _refused(reason: str) -> Response:
    return Response(error_body("invite_refused", reason), status=status.HTTP_410_GONE)


class _InviteEndpoint(APIView):
    """Reached by someone who holds only the link: no sign-in, throttled per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientScopedRateThrottle]
    throttle_scope = "invite"


class InviteView(_InviteEndpoint):

    @extend_schema(responses={200: s.InviteInfoSerializer})
    def get(self, request: AuthedRequest, token: str) -> Response:
        """What the invite page shows before the patient picks a password."""
        try:
            invite = services.invite_get(token=token)
        except Invite.DoesNotExist:
            raise Http404 from None
        except services.InviteRefused as refused:
            return _refused(refused.reason)
        user = invite.user
        return Response(s.InviteInfoSerializer({
            "first_name": user.first_name, "email": user.email,
            "clinic_name": user.clinic.name if user.clinic else "",
            "expires_at": invite.expires_at,
        }).data)


class InviteAcceptView(_InviteEndpoint):
    @extend_schema(request=s.InviteAcceptSerializer, responses={201: s.TokenResponseSerializer})
    def post(self, request: AuthedRequest, token: str) -> Response:
        data = s.InviteAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user, raw, expires_at = services.invite_accept(
                token=token, password=data.validated_data["password"]
            )
        except Invite.DoesNotExist:
            raise Http404 from None
        except services.InviteRefused as refused:
            return _refused(refused.reason)
        except DjangoValidationError as invalid:
            raise ValidationError({"password": invalid.messages}) from None
        return _token_response(user, raw, expires_at, status.HTTP_201_CREATED)


# --- The clinic administers itself -----------------------------------------------------------

class StaffListView(APIView):
    """`GET staff`: colleagues (any staff member, to pick a care team or a new primary
    therapist); `POST staff`: an administrator invites a therapist or administrator."""

    permission_classes = [IsClinicStaff]

    def get_permissions(self):
        return [IsClinicAdmin()] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(responses=s.StaffSerializer(many=True))
    def get(self, request: AuthedRequest) -> Response:
        return Response(s.StaffSerializer(selectors.staff_list(clinic_id=_own_clinic(request).pk),
                                          many=True).data)

    @extend_schema(request=s.StaffInviteSerializer, responses={201: s.StaffInvitedSerializer})
    def post(self, request: AuthedRequest) -> Response:
        data = s.StaffInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member, invite, token = staff.staff_invite(by=request.user, **data.validated_data)
        body = {**s.StaffSerializer(member).data, "invite": _invite_body(invite, token)}
        return Response(body, status=status.HTTP_201_CREATED)


class StaffDetailView(APIView):
    permission_classes = [IsClinicAdmin]

    @extend_schema(request=s.StaffUpdateSerializer, responses=s.StaffChangedSerializer)
    def patch(self, request: AuthedRequest, member_id: int) -> Response:
        member = selectors.staff_list(clinic_id=_own_clinic(request).pk).filter(
            pk=member_id).first()
        if member is None:
            raise Http404
        data = s.StaffUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        change = staff.staff_set_active(by=request.user, member=member,
                                        is_active=data.validated_data["is_active"])
        return Response({
            **s.StaffSerializer(change.member).data,
            "patient_count": len(change.patients_to_reassign),
            "patients_to_reassign": s.PatientBriefSerializer(change.patients_to_reassign,
                                                             many=True).data})


def _own_clinic(request: AuthedRequest) -> Clinic:
    clinic = request.user.clinic
    if clinic is None:  # IsClinicStaff lets in only people of a clinic
        raise Http404
    return clinic


def _clinic_body(clinic: Clinic) -> dict:
    return s.ClinicSerializer({
        "id": clinic.pk, "name": clinic.name, "timezone": clinic.timezone,
        "settings": clinic_settings.effective(clinic),
        "require_staff_2fa": clinic.require_staff_2fa,
        "declared": [{"key": d.key, "label": d.label, "default": d.default}
                     for d in clinic_settings.declared()],
    }).data


class ClinicView(APIView):
    """`GET clinic`: the clinic's name, zone and settings (every staff member: the screens
    follow them); `PATCH clinic`: administrators change them, every value checked."""

    permission_classes = [IsClinicStaff]

    def get_permissions(self):
        return [IsClinicAdmin()] if self.request.method == "PATCH" else super().get_permissions()

    @extend_schema(responses=s.ClinicSerializer)
    def get(self, request: AuthedRequest) -> Response:
        return Response(_clinic_body(_own_clinic(request)))

    @extend_schema(request=s.ClinicUpdateSerializer, responses=s.ClinicSerializer)
    def patch(self, request: AuthedRequest) -> Response:
        data = s.ClinicUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        clinic = clinic_settings.clinic_update(
            clinic=_own_clinic(request), name=values.get("name"),
            timezone_name=values.get("timezone"), settings_changes=values.get("settings"),
            require_staff_2fa=values.get("require_staff_2fa"))
        return Response(_clinic_body(clinic))


class CareTeamView(AuditedView, APIView):
    audit_record = "care_team"
    permission_classes = [IsClinicStaff]

    @extend_schema(request=s.CareTeamAddSerializer, responses={201: s.PatientSerializer})
    def post(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id,
                                        health_data=False)
        data = s.CareTeamAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        staff.care_team_add(by=request.user, patient=patient,
                            member_id=data.validated_data["user"])
        return Response(_patient_body(request, patient), status=status.HTTP_201_CREATED)


class CareTeamMemberView(AuditedView, APIView):
    audit_record = "care_team"
    permission_classes = [IsClinicStaff]

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: AuthedRequest, patient_id: int, member_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id,
                                        health_data=False)
        staff.care_team_remove(patient=patient, member_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
