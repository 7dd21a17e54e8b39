from django.urls import path

from reminders.api import views

urlpatterns = [
    path("me/reminder-settings", views.ReminderSettingsView.as_view(), name="reminder-settings"),
    path("push-subscriptions", views.PushSubscriptionListView.as_view(),
         name="push-subscriptions"),
    path("push-subscriptions/<int:subscription_id>", views.PushSubscriptionDetailView.as_view(),
         name="push-subscription"),
    path("push/vapid-public-key", views.VapidPublicKeyView.as_view(), name="vapid-public-key"),
    path("me/notifications", views.NotificationListView.as_view(), name="notifications"),
    path("notifications/<int:notification_id>/snooze", views.NotificationSnoozeView.as_view(),
         name="notification-snooze"),
]
