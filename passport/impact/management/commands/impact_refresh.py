"""`passport impact_refresh`: recompute the impact statistics and the social infrastructure index now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from passport.impact import tally
from passport.impact.refresh import refresh_all
from passport.impact.wages import WageTableError


class Command(BaseCommand):
    help = ("Recompute every impact statistic and the social infrastructure index from the live tables "
            "(the worker does this hourly). Definitions: docs/impact.md.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rebuild-tallies", action="store_true",
                            help="First rebuild the hours and registrations tallies from the entries and volunteers "
                                 "(after editing counted fields outside the service; docs/impact.md)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["rebuild_tallies"]:
                tally.rebuild()
                tally.registration_rebuild()
            report = refresh_all()
        except WageTableError as error:
            raise CommandError(str(error)) from None
        for note in report.notes:
            self.stderr.write(note)
        self.stdout.write(
            f"Refreshed {report.statistics:,} statistics and {report.index_scores:,} index scores "
            f"({report.points_located:,} new places located) in {report.seconds:.1f} s"
        )
