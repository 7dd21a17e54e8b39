from django.urls import path

from audit.api import views

urlpatterns = [
    path("audit-events", views.AuditEventListView.as_view(), name="audit-events"),
    path("me/access-log", views.AccessLogView.as_view(), name="access-log"),
]
