from django.contrib import admin
from knox.models import AuthToken

from audit.admin import AuditedModelAdmin

# knox's own admin lists every device token with its person; here it is audited like every
# other view of a patient's data (signing a patient's device out is a change of their data).
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuditedAuthTokenAdmin(AuditedModelAdmin):
    audit_record = "device"
    audit_patient_path = "user_id"
    list_display = ("token_key", "user", "created", "expiry")
    fields = ("user", "token_key", "created", "expiry")
    readonly_fields = ("user", "token_key", "created", "expiry")
