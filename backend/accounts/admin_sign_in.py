"""The admin's sign-in form: the same failure policy as the API's (accounts.services)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from accounts import services
from common.client_ip import client_ip


class AdminSignInForm(AdminAuthenticationForm):
    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password and self.request is not None:
            try:
                self.user_cache = services.sign_in_verify(
                    email=email, password=password, address=client_ip(self.request),
                    device=self.request.COOKIES.get(services.KNOWN_DEVICE_COOKIE),
                    request=self.request)
            except services.SignInDelayed as delayed:
                raise ValidationError(
                    "Too many failed sign-ins. Please try again in %(wait)s seconds.",
                    code="throttled", params={"wait": delayed.wait}) from None
            except services.LoginFailed:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
