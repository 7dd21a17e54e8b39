from __future__ import annotations

from django.contrib.auth import logout as session_logout
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.api import serializers as s
from accounts.http import AuthedRequest
from accounts.models import Invite, User
from common.errors import error_body
from common.permissions import IsClinicStaff


def _client_ip(request: Request) -> str | None:
    # REMOTE_ADDR only: trusting X-Forwarded-For would let anyone dodge the lockout.
    return request.META.get("REMOTE_ADDR")


def _token_response(user: User, token: str, expires_at, status_code=200) -> Response:
    body = {"token": token, "expires_at": expires_at, "user": s.UserSerializer(user).data}
    return Response(body, status=status_code)


class LoginView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(request=s.LoginSerializer, responses={200: s.TokenResponseSerializer})
    def post(self, request: Request) -> Response:
        data = s.LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user, token, expires_at = services.login(
                email=data.validated_data["email"], password=data.validated_data["password"],
                ip=_client_ip(request), request=request._request,
            )
        except services.LoginFailed:
            return Response(error_body("invalid_credentials", "Email or password is not right."),
                            status=status.HTTP_401_UNAUTHORIZED)
        return _token_response(user, token, expires_at)


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


class MeView(APIView):
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


class PatientCreateView(APIView):
    """`POST patients`; `GET patients` (the list by attention) is served by the same path
    from monitoring, which builds the list (monitoring.api.views.PatientListView)."""

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


class PatientDetailView(APIView):
    permission_classes = [IsClinicStaff]

    @extend_schema(responses=s.PatientSerializer)
    def get(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id)
        return Response(s.PatientSerializer(patient).data)

    @extend_schema(request=s.PatientUpdateSerializer, responses=s.PatientSerializer)
    def patch(self, request: AuthedRequest, patient_id: int) -> Response:
        patient = selectors.patient_get(viewer=request.user, patient_id=patient_id)
        data = s.PatientUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        patient = services.patient_update(patient=patient, by=request.user,
                                          changes=data.validated_data)
        return Response(s.PatientSerializer(patient).data)


class PatientInviteView(APIView):
    """A fresh invite link for a patient who lost theirs (the old one stops working)."""

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
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "invite"


class InviteView(_InviteEndpoint):

    @extend_schema(responses={200: s.InviteInfoSerializer})
    def get(self, request: Request, token: str) -> Response:
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
    def post(self, request: Request, token: str) -> Response:
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
