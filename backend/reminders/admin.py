from django.contrib import admin

from reminders.models import DeliveryAttempt, Notification, PushSubscription, ReminderSettings

admin.site.register([ReminderSettings, PushSubscription, Notification, DeliveryAttempt])
