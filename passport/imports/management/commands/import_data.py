"""`passport import`: bring volunteers, organisations and opportunities across from the systems people use now.

Exit status: 0 when every row was good; 1 when some rows were rejected or flagged as duplicates (the good ones
are imported); 2 when the input could not be read at all (nothing is imported).
"""

import re
import sys
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from passport.imports.csvfiles import FileRejected
from passport.imports.imd import import_imd
from passport.imports.plaincsv import DEFAULT_SOURCE, import_volunteers_csv
from passport.imports.report import ImportReport
from passport.imports.teamkinetic import import_teamkinetic

EPILOG = (
    "Exit status: 0 every row was imported (or was already there); 1 some rows were rejected or are\n"
    "duplicates, and the good rows were imported; 2 the input could not be read, and nothing was imported.\n"
    "Run it again at any time: rows imported before are found again and reported as unchanged.\n"
    "Columns, tag mapping and what is never imported: docs/import.md."
)


class Command(BaseCommand):
    help = "Import volunteers, organisations and opportunities from other systems' CSV exports."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # The `passport` console script runs this command as `passport import`.
        kwargs.setdefault("epilog", EPILOG)
        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser("passport", "import", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        common = CommandParser(add_help=False)
        common.add_argument("--dry-run", action="store_true",
                            help="Check every row and report what would happen, then save nothing")
        common.add_argument("--report", metavar="FILE", type=Path,
                            help="Also write the rows that were not imported, with reasons, to this CSV file")
        sources = parser.add_subparsers(dest="kind", required=True, metavar="{teamkinetic,volunteers,imd}")
        teamkinetic = sources.add_parser(
            "teamkinetic", parents=[common], epilog=EPILOG, formatter_class=RawDescriptionHelpFormatter,
            help="A TeamKinetic CSV export folder",
            description=(
                "Import a TeamKinetic CSV export: Volunteer-data.csv (required), Provider-data.csv,\n"
                "Opportunity-data.csv and Session-data.csv. DBS check columns and volunteering hours\n"
                "are never imported."
            ),
        )
        teamkinetic.add_argument("directory", metavar="DIR", type=Path, help="Folder holding the export's files")
        volunteers = sources.add_parser(
            "volunteers", parents=[common], epilog=EPILOG, formatter_class=RawDescriptionHelpFormatter,
            help="A CSV of volunteers with our documented columns",
            description=(
                "Import volunteers from a CSV file with the columns first_name, last_name, email,\n"
                "date_of_birth and postcode, and optionally ref, mobile, skills, causes, languages,\n"
                "availability, max_travel_miles and remote_only (see docs/import.md)."
            ),
        )
        volunteers.add_argument("file", metavar="FILE.csv", type=Path, help="The CSV file")
        volunteers.add_argument(
            "--source", default=DEFAULT_SOURCE,
            help=f"Name of the system the file came from, stored with each volunteer (default {DEFAULT_SOURCE}); "
                 "use one name per system so references from different systems never collide",
        )

        imd = sources.add_parser(
            "imd", help="The English Indices of Deprivation by LSOA (official CSV), for the impact index",
            description="Import IMD ranks and deciles by LSOA from a CSV with the columns lsoa_code, IMD_rank and\n"
                        "IMD_decile; all rows or none are imported (docs/impact.md).",
            formatter_class=RawDescriptionHelpFormatter,
        )
        imd.add_argument("file", metavar="FILE.csv", type=Path, help="The CSV file")

    def handle(self, *args: Any, kind: str, dry_run: bool = False, report: Path | None = None,
               **options: Any) -> None:
        if kind == "imd":
            try:
                self.stdout.write(import_imd(options["file"]).render(), ending="")
            except FileRejected as error:
                raise CommandError(str(error), returncode=2) from None
            return
        if report is not None and not report.parent.is_dir():
            raise CommandError(f"Cannot write the report to {report}: the folder does not exist", returncode=2)
        try:
            if kind == "teamkinetic":
                result = import_teamkinetic(options["directory"], dry_run=dry_run, progress=self._progress)
            else:
                source = options["source"]
                if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,29}", source):
                    raise CommandError("--source must be up to 30 lower-case letters, digits, - or _", returncode=2)
                result = import_volunteers_csv(options["file"], source=source, dry_run=dry_run,
                                               progress=self._progress)
        except FileRejected as error:
            raise CommandError(str(error), returncode=2) from None
        self._finish(result, report)

    def _progress(self, total: int, desc: str) -> Any:
        return tqdm(total=total, desc=desc, unit="row", leave=False, file=sys.stderr,
                    disable=not self.stdout.isatty())

    def _finish(self, result: ImportReport, report: Path | None) -> None:
        self.stdout.write(result.render(), ending="")
        status = result.exit_status
        if report is not None:
            try:
                result.write_csv(report)
            except OSError as error:  # the import itself is done: say so, and exit 1 rather than 2
                self.stderr.write(f"Cannot write the report to {report}: {error.strerror}")
                status = max(status, 1)
            else:
                self.stdout.write(f"Wrote the rows that were not imported to {report}")
        if status:
            raise SystemExit(status)
