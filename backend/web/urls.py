from django.urls import path, re_path

from web.views import app_shell

# The PWA's client routes; /api/, /admin/, /healthz and /readyz are matched before these.
urlpatterns = [
    path("", app_shell, name="app"),
    path("invite/<str:token>", app_shell, name="app-invite"),
    # Notifications link to checkin/weekly and measures/<instrument> (reminders.kinds).
    re_path(r"^(?:signin|today|headache|progress|reminders|checkin|measures|therapist)"
            r"(?:/[\w/-]*)?$", app_shell, name="app-route"),
]
