"""How a clinic starts: its record and its first administrator, who gets a link to choose a
password and then invites the rest of the staff from the app."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Clinic, Role, User, validate_timezone
from accounts.services import email_claimed, invite_create, invite_url


class Command(BaseCommand):
    help = "Create a clinic and its first clinic administrator; prints the admin's invite link."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The clinic's name, as patients will see it.")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-first-name", default="")
        parser.add_argument("--admin-last-name", default="")
        parser.add_argument("--timezone", default="UTC", help="IANA zone, e.g. Europe/Oslo.")

    def handle(self, *args, name: str, admin_email: str, admin_first_name: str,
               admin_last_name: str, timezone: str, **options):
        try:
            validate_timezone(timezone)
        except Exception as invalid:
            raise CommandError(f"{timezone!r} is not a time zone (e.g. Europe/Oslo).") from invalid
        try:
            with transaction.atomic():
                clinic = Clinic.objects.create(name=name, timezone=timezone)
                with email_claimed(admin_email) as address:
                    admin = User.objects.create_user(
                        email=address, first_name=admin_first_name,
                        last_name=admin_last_name, role=Role.CLINIC_ADMIN, clinic=clinic,
                        timezone=timezone)
                invite, token = invite_create(user=admin, created_by=None)
        except Exception as refused:
            messages = getattr(refused, "message_dict", {}).get("email")
            if messages:
                raise CommandError(messages[0]) from refused
            raise
        self.stdout.write(self.style.SUCCESS(f"Clinic {clinic.name!r} created (id {clinic.pk})."))
        self.stdout.write(f"Send this link to {admin.email} to choose a password "
                          f"(valid until {invite.expires_at:%Y-%m-%d %H:%M} UTC, once):")
        self.stdout.write(f"  {invite_url(token)}")
