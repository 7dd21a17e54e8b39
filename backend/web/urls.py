from django.urls import path, re_path

from web.views import app_shell, page_not_found

# The PWA's client routes; /api/, /admin/, /healthz and /readyz are matched before these.
urlpatterns = [
    path("", app_shell, name="app"),
    # Invite links carry their token in the fragment (/invite#<token>); links sent before
    # that put it in the path and keep working.
    path("invite", app_shell, name="app-invite"),
    path("invite/<str:token>", app_shell, name="app-invite-old"),
    # Password-reset links carry their token in the fragment too (/reset-password#<token>).
    # Notifications link to checkin/weekly and measures/<instrument> (reminders.kinds).
    re_path(r"^(?:signin|today|headache|progress|reminders|checkin|measures|therapist|account|forgot-password|reset-password)"
            r"(?:/[\w/-]*)?$", app_shell, name="app-route"),
    # Anything else outside the API and the admin is a mistyped or stale link: the app's
    # own page, also under DEBUG (where Django would list the URL patterns instead).
    re_path(r"^(?!api/|admin/|static/).*$", page_not_found, name="app-not-found"),
]
