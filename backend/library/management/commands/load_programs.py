"""`manage.py load_programs [--check]`: validate the program files and load the library."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from library.loader import ProgramsInvalid, programs_load, programs_read


class Command(BaseCommand):
    help = ("Validate the exercise and template files in PROGRAMS_DIR against their schemas "
            "and load them: unchanged files write nothing, an edited template becomes a new "
            "version.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true",
            help="Only validate the files; touch no database (usable in CI before migrate).",
        )

    def handle(self, *args, check: bool, **options) -> None:
        try:
            if check:
                library = programs_read()
            else:
                summary = programs_load()
        except ProgramsInvalid as exc:
            count = len(exc.problems)
            raise CommandError(
                f"{count} problem{'s' if count != 1 else ''} in the program files:\n"
                + "\n".join(exc.problems)
            ) from None
        if check:
            self.stdout.write(self.style.SUCCESS(
                f"{len(library.exercises)} exercises, {len(library.templates)} templates and "
                f"{len(library.medications)} medication groups "
                f"in {settings.PROGRAMS_DIR} are valid."
            ))
        else:
            self.stdout.write(self.style.SUCCESS(summary.describe()))
