from django.urls import path

from alerts.api import views

urlpatterns = [
    path("alerts", views.AlertListView.as_view(), name="alerts"),
    path("alerts/<int:alert_id>/resolve", views.AlertResolveView.as_view(), name="alert-resolve"),
    path("alerts/<int:alert_id>/decline", views.AlertDeclineView.as_view(), name="alert-decline"),
]
