"""`passport bench`: benchmarks that print their figures as ratios against a baseline measured in the same run.

The benchmarks live in bench/ at the repository root, outside the installed package; this command only parses
arguments and hands over. See bench/README.md and docs/benchmarks.md.
"""

import argparse
import importlib
import sys
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _benchmark(name: str) -> ModuleType:
    # The repository root is not on sys.path when `passport` runs as an installed script.
    root = str(settings.BASE_DIR)
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as error:
        raise CommandError(f"benchmarks need a checkout of the repository ({root}/bench not found)") from error


class Command(BaseCommand):
    help = "Run a benchmark; it prints its figures as ratios against a baseline measured in the same run."

    def add_arguments(self, parser: CommandParser) -> None:
        benchmarks = parser.add_subparsers(dest="benchmark", required=True, metavar="BENCHMARK")
        search = benchmarks.add_parser(
            "search",
            help="Opportunity search, spatially indexed against naive, in the ORM and over HTTP",
            description=(
                "Load a benchmark database (100k opportunities, 1M volunteers; SQLite var/bench.sqlite3 unless "
                "--database-url), then time 'top 50 within 10 miles with a skill filter' with the spatial "
                "prefilter (indexed) and without it (naive): through the ORM selector in this process, and through "
                "GET /api/v1/opportunities on two waitress servers. Reuses an earlier load of the same size."
            ),
        )
        _benchmark("search").add_arguments(search)
        matching = benchmarks.add_parser(
            "matching", help="Matching strategies on a synthetic UK-sized instance, against first-come-nearest"
        )
        _benchmark("matching").add_arguments(matching)
        credentials = benchmarks.add_parser(
            "credentials", help="Issuing and verifying passports, status-list lookups, revocation visibility"
        )
        _benchmark("credentials").add_arguments(credentials)
        impact = benchmarks.add_parser(
            "impact",
            help="The national impact refresh against a per-row ORM loop, and area pages served over HTTP",
            description=(
                "Load a benchmark database (1M volunteers, 10M hours entries; SQLite var/bench-impact.sqlite3 unless "
                "--database-url) with the real ONS areas, then time refresh_all() against a per-row ORM loop "
                "computing the same statistics, and the p95 of area pages served from the precomputed tables."
            ),
        )
        _benchmark("impact").add_arguments(impact)
        callout = benchmarks.add_parser(
            "callout",
            help="Reserve call-outs at 1M members: first wave against a naive full-table sort, replies per second "
                 "over HTTP, and --simulate to compare call-out strategies",
        )
        _benchmark("callout").add_arguments(callout)
        # `passport` tells people to add --traceback at the end; after the subcommand only its parser sees it.
        for sub in (search, matching, credentials, impact, callout):
            sub.add_argument("--traceback", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def handle(self, *args: Any, benchmark: str, **options: Any) -> None:
        _benchmark(benchmark).run(options, self.stdout)
