"""Make and recompute the patient list's summaries (monitoring.services).

Normally never needed: writes, beat and the list keep them. After data was bulk-loaded
past the app (an import, `bench/make_clinic.py`), this gives every patient a row and
computes every row that no longer holds; `--all` recomputes every row.
"""

from django.core.management.base import BaseCommand

from monitoring.services import summaries_ensure, summaries_refresh_due, summary_mark_stale


class Command(BaseCommand):
    help = "Make and recompute the patient list's summaries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="recompute every summary")

    def handle(self, *args, **options) -> None:
        made = summaries_ensure()
        if options["all"]:
            summary_mark_stale(patient_ids=None)
        done = summaries_refresh_due()
        self.stdout.write(f"{made} summaries made, {done} computed")
