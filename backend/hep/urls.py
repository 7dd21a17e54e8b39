from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from common.error_pages import not_found
from common.views import healthz, readyz
from web.api_docs import ApiDocsView, ApiSchemaView

api_v1: list[URLPattern | URLResolver] = [
    path("", include("accounts.api.urls")),
    path("", include("library.api.urls")),
    path("", include("assignments.api.urls")),
    path("", include("logs.api.urls")),
    path("", include("alerts.api.urls")),
    path("", include("monitoring.api.urls")),
    path("", include("progression.api.urls")),
    path("", include("measures.api.urls")),
    path("", include("reminders.api.urls")),
    path("", include("audit.api.urls")),
    path("", include("privacy.api.urls")),
    path("schema", ApiSchemaView.as_view(), name="schema"),
    path("docs", ApiDocsView.as_view(url_name="schema"), name="docs"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("api/v1/", include(api_v1)),
    # An unknown API path answers the error shape under DEBUG too (not Django's HTML list).
    re_path(r"^api/", not_found),
    path("", include("web.urls")),
]

if settings.ADMIN_ENABLED:
    # Its sign-in form (accounts.apps: the failure policy, then the second step) is set
    # where the admin site is configured, whether or not it is served.
    urlpatterns.insert(-1, path("admin/", admin.site.urls))

# Under /api/ even Django's own errors answer the one error shape (common.error_pages).
handler400 = "common.error_pages.bad_request"
handler403 = "common.error_pages.permission_denied"
handler404 = "common.error_pages.not_found"
handler500 = "common.error_pages.server_error"
