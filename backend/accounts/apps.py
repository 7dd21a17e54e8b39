from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib import admin

        from accounts import receivers, schema  # noqa: F401 - receivers; the OpenAPI auth scheme
        from accounts.admin_login import SecondStepAdminAuthenticationForm

        # The admin's sign-in asks for the second step as the app's does.
        admin.site.login_form = SecondStepAdminAuthenticationForm
