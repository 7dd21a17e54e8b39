from django.contrib import admin

from audit.admin import AuditedModelAdmin
from reminders.models import DeliveryAttempt, Notification, PushSubscription, ReminderSettings


# Every read and change of a patient's rows here is audited, as through the API.
@admin.register(ReminderSettings)
class ReminderSettingsAdmin(AuditedModelAdmin):
    audit_record = "reminder_settings"
    audit_patient_path = "user_id"


@admin.register(PushSubscription)
class PushSubscriptionAdmin(AuditedModelAdmin):
    audit_record = "push_subscription"
    audit_patient_path = "user_id"


@admin.register(Notification)
class NotificationAdmin(AuditedModelAdmin):
    audit_record = "notification"
    audit_patient_path = "user_id"


@admin.register(DeliveryAttempt)
class DeliveryAttemptAdmin(AuditedModelAdmin):
    audit_record = "notification"
    audit_patient_path = "notification__user_id"
