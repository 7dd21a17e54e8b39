from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from demo.seed import (
    CLINIC_ADMIN,
    OTHER_THERAPIST,
    PATIENT_PASSWORD,
    STORIES,
    THERAPIST,
    demo_exists,
    seed_demo,
)


class Command(BaseCommand):
    help = "Create the demo clinic (Demo Clinic and Other Clinic) with six weeks of history."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Run even with DEBUG off (never on a real clinic's database).")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to add demo people with DEBUG off; use --force if "
                               "this database really is a demo.")
        if demo_exists():
            self.stdout.write("Demo data is already there; nothing changed.")
            return
        call_command("load_programs", verbosity=0)
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo clinic ready."))
        self.stdout.write(f"  therapist: {THERAPIST[0]} / {THERAPIST[1]}")
        for story in STORIES:
            self.stdout.write(f"  patient:   {story.email} / {PATIENT_PASSWORD}")
        self.stdout.write(f"  clinic admin: {CLINIC_ADMIN[0]} / {CLINIC_ADMIN[1]}")
        email, password = OTHER_THERAPIST
        self.stdout.write(f"  other clinic's therapist: {email} / {password}")
