"""The Django admin's sign-in asks for the second step too, or 2FA could be walked around
by signing in at /admin/ with the password alone."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from accounts import services
from accounts.admin_sign_in import AdminSignInForm


class SecondStepAdminAuthenticationForm(AdminSignInForm):
    """The password through the failure policy (AdminSignInForm), then the second step."""

    otp_code = forms.CharField(
        label="Code from your authenticator app (or a recovery code)", required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}))

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None:
            refusal = services.admin_second_step_check(
                user=user, code=self.cleaned_data.get("otp_code") or "")
            if refusal:
                self.user_cache = None
                raise ValidationError(refusal, code="second_step")
        return cleaned
