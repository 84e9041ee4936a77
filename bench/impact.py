"""`passport bench impact`: the national impact refresh against a per-row ORM loop, and area pages over HTTP.

Loads a benchmark database (bench/load.py for organisations, volunteers and opportunities; hours entries and
applications generated here), imports the real ONS geography and IMD 2019 neighbourhoods, then:

1. brings the hours and registrations tallies up to date with what the loader wrote (a set-based rebuild after a
   bulk load), then times `passport.impact.refresh.refresh_all()` twice: the first run writes every figure into a
   new database; before the second, `--confirm` pending entries are confirmed through the service (an hour's
   work), and the second run is the hourly refresh;
2. times the baseline, the same statistics (hours confirmed, their value and active volunteers, for every area
   and period) computed by a per-row ORM loop over confirmed hours entries, as code written without thinking
   about sets would do. At full size the loop cannot finish in reasonable time, so it runs for `--baseline-seconds`
   and its per-entry cost is extrapolated to every entry; when it does finish (small sizes) its figures are
   compared with the refresh's and the run fails if they differ;
3. serves the area pages (`GET /impact/areas/<code>`, local authorities and regions chosen at random) from the
   precomputed tables with `passport serve` (waitress) and reports p50/p95/p99.

Refresh and baseline run in child processes pointed at the benchmark database (DATABASE_URL), so that the
service's own code runs unchanged against it and never touches the user's database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import django
import numpy as np
from django.conf import settings
from django.core.management.base import CommandError

from bench import load as loader
from bench.database import BenchDatabase
from bench.report import Figures
from bench.servers import HOST, Server
from passport.core import geo

LOADER_VERSION = "impact-1"
BATCH = 200_000
REFRESH_GOAL_SECONDS = 10.0
PAGE_GOAL_P95_MS = 50.0
# How entries are spread: statuses as coordinators leave them, hours as people log them.
STATUSES = (["confirmed", "pending", "queried", "rejected", "disputed"], [0.85, 0.08, 0.02, 0.03, 0.02])
HOURS = ["1.00", "1.50", "2.00", "2.50", "3.00", "4.00", "6.00", "8.00"]
HOURS_WEIGHTS = [0.15, 0.1, 0.25, 0.1, 0.2, 0.1, 0.06, 0.04]
APPLICATION_STATUSES = (["accepted", "declined", "submitted", "withdrawn"], [0.55, 0.2, 0.2, 0.05])


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--entries", type=int, default=10_000_000, help="Hours entries (default 10000000)")
    parser.add_argument("--volunteers", type=int, default=1_000_000, help="Volunteers (default 1000000)")
    parser.add_argument("--opportunities", type=int, default=100_000, help="Opportunities (default 100000)")
    parser.add_argument("--applications", type=int, default=1_000_000, help="Applications (default 1000000)")
    parser.add_argument(
        "--database-url", default="",
        help="The benchmark's own database, e.g. postgres://user@host:5432/bench_impact (default: a SQLite file "
             "var/bench-impact.sqlite3). Never the service's database: the benchmark refuses it.",
    )
    parser.add_argument("--confirm", type=int, default=1000,
                        help="Pending entries confirmed through the service before each later refresh (default 1000)")
    parser.add_argument("--reload", action="store_true", help="Load again even if the database has the same rows")
    parser.add_argument("--baseline-seconds", type=float, default=120.0,
                        help="How long the per-row baseline may run before its cost is extrapolated (default 120)")
    parser.add_argument("--refresh-runs", type=int, default=2,
                        help="Refreshes to time: the first also places new points (default 2; 0 measures the "
                             "baseline and the pages against the statistics already there)")
    parser.add_argument("--requests", type=int, default=300, help="Measured area page requests (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="Warm-up requests, not measured (default 30)")
    parser.add_argument("--concurrency", type=int, default=2, help="Concurrent HTTP clients (default 2)")
    parser.add_argument("--server-threads", type=int, default=4, help="waitress threads a process (default 4)")
    parser.add_argument("--server-processes", type=int, default=os.cpu_count() or 1,
                        help="`passport serve` processes (default one per CPU, as in production)")
    parser.add_argument("--seed", type=int, default=1, help="Seed for the data and the requests (default 1)")
    parser.add_argument("--json", dest="json_path", default="", metavar="FILE", help="Also write the figures to FILE")


def run(options: dict[str, Any], out: TextIO) -> dict[str, Any]:
    """Run the benchmark, print its figures to `out`, and return them."""
    if options["refresh_runs"] < 0:
        raise CommandError("--refresh-runs must be 0 or more")
    for name in ("entries", "volunteers", "opportunities", "requests", "concurrency", "server_threads",
                 "server_processes"):
        if options[name] < 1:
            raise CommandError(f"--{name.replace('_', '-')} must be at least 1")
    if options["applications"] < 0 or options["baseline_seconds"] <= 0:
        raise CommandError("--applications must be 0 or more and --baseline-seconds more than 0")

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    db = BenchDatabase.from_url(options["database_url"] or _default_url())
    db.register()
    say(f"Benchmark database: {db.label}")
    load = _prepare(db, options, say)
    rows = {t: db.count(t) for t in ("volunteers_volunteer", "activity_hoursentry", "opportunities_application",
                                     "opportunities_opportunity", "impact_area")}
    engine = db.version()
    db.close()
    say("Bringing the hours tally up to date with the loaded entries...")
    tallied = _child(db, "tally")
    say(f"  {tallied['seconds']:.1f} s, {tallied['rows']:,} tally rows"
        + (f" ({tallied['rebuilt']})" if tallied["rebuilt"] else " (already current)"))
    load_before = os.getloadavg()

    runs, confirmed = [], None
    for n in range(options["refresh_runs"]):
        if n:
            say(f"Confirming {options['confirm']:,} pending hours entries through the service (an hour's work)...")
            confirmed = _child(db, "confirm", str(options["confirm"]))
            say(f"  {confirmed['confirmed']:,} in {confirmed['seconds']:.1f} s: p50 {confirmed['p50_ms']} ms, "
                f"p95 {confirmed['p95_ms']} ms a confirmation (the hours tally kept up to date in each)")
        say("Refreshing (first run)..." if n == 0 else
            "Refreshing again (the hourly refresh)...")
        runs.append(_child(db, "refresh"))
        say(f"  {runs[-1]['seconds']:.2f} s, {runs[-1]['statistics']:,} statistics, "
            f"{runs[-1]['points_located']:,} points placed")
        say("  " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in runs[-1]["phases"].items()))
    if not runs:
        say("Not refreshing (--refresh-runs 0): baseline and pages use the statistics already in the database")
    first, second = (runs[0], runs[-1]) if runs else (None, None)
    say(f"Baseline: per-row ORM loop over confirmed hours (up to {options['baseline_seconds']:.0f} s)...")
    baseline = _child(db, "baseline", str(options["baseline_seconds"]))
    say(f"  {baseline['entries_done']:,} of {baseline['entries_total']:,} entries in {baseline['seconds']:.1f} s "
        f"({baseline['per_entry_us']:.0f} µs each); whole run {baseline['projected_seconds']:.0f} s"
        f"{' (measured)' if baseline['finished'] else ' (extrapolated)'}; figures match: {baseline['matches']}")
    if baseline["finished"] and not baseline["matches"]:
        raise CommandError(f"the baseline and the refresh disagree: {baseline['differences'][:5]}")
    say(f"Serving area pages over HTTP ({options['server_processes']} `passport serve` processes of "
        f"{options['server_threads']} threads, {options['concurrency']} clients)...")
    pages = _measure_pages(db, options, say)

    warm = second["seconds"] if second else None
    figures: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"engine": engine, "where": db.label},
        "rows": rows,
        "machine": {"nproc": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
                    "platform": platform.platform(terse=True), "load_average_before": round(load_before[0], 2),
                    "load_average_after": round(os.getloadavg()[0], 2)},
        "load": load,
        "tally": tallied,
        "confirmed_between_refreshes": confirmed,
        "refresh": {"first": first, "second": second, "goal_seconds": REFRESH_GOAL_SECONDS,
                    "meets_goal": None if warm is None else warm <= REFRESH_GOAL_SECONDS},
        "baseline": baseline,
        "ratio_baseline_to_refresh": round(baseline["projected_seconds"] / warm, 1) if warm else None,
        "pages": pages,
    }
    out.write(_render(figures))
    if options["json_path"]:
        path = Path(options["json_path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=2) + "\n")
        say(f"Figures written to {path}")
    return figures


def _default_url() -> str:
    return f"sqlite:///{(Path(settings.VAR_DIR) / 'bench-impact.sqlite3').resolve()}"


# -- loading ------------------------------------------------------------------------------------------------

def _tables() -> list[str]:
    from passport.activity.models import HoursEntry
    from passport.impact.models import Area, IndexScore, PointArea, Statistic
    from passport.opportunities.models import Application

    return [m._meta.db_table for m in (Statistic, IndexScore, PointArea, Area, HoursEntry, Application)] \
        + loader.loaded_tables()


def _prepare(db: BenchDatabase, options: dict[str, Any], say: Any) -> dict[str, Any]:
    wanted = {"state": "loaded", "loader": f"{loader.LOADER_VERSION}/{LOADER_VERSION}", "seed": str(options["seed"]),
              **{k: str(options[k]) for k in ("entries", "volunteers", "opportunities", "applications")}}
    meta = db.meta()
    if meta and not options["reload"] and all(meta.get(k) == v for k, v in wanted.items()):
        db.migrate()
        say(f"Reusing the rows loaded on {meta.get('loaded_at')} (--reload loads again)")
        return {"reused": True, "seconds": float(meta.get("load_seconds", "nan")), "loaded_at": meta.get("loaded_at")}
    say(f"Loading {options['volunteers']:,} volunteers, {options['opportunities']:,} opportunities, "
        f"{options['entries']:,} hours entries and {options['applications']:,} applications...")
    started = time.perf_counter()
    db.clear(_tables())
    db.migrate()
    db.write_meta({"state": "loading"})
    if db.vendor == "sqlite":
        with db.connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-1048576")
    sizes = loader.Sizes(opportunities=options["opportunities"], volunteers=options["volunteers"])
    postcodes = loader.england(geo.all_postcodes())
    counts = loader.load(db, sizes, options["seed"], postcodes, say)
    counts.update(_load_activity(db, options, say))
    db.close()
    areas_started = time.perf_counter()
    areas = _child(db, "areas")
    say(f"  areas: {areas['areas']:,} (England, regions, local authorities, neighbourhoods) in "
        f"{time.perf_counter() - areas_started:.1f} s")
    db.analyze()
    seconds = round(time.perf_counter() - started, 1)
    loaded_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    db.write_meta({**wanted, "loaded_at": loaded_at, "load_seconds": seconds})
    db.close()
    return {"reused": False, "seconds": seconds, "loaded_at": loaded_at, "rows_written": counts}


def _ascending_ids(rng: np.random.Generator, n: int) -> list[str]:
    """n version-4 UUIDs as 32 hex digits, ascending (a random prefix, then a counter), so inserts append."""
    high, middle = int(rng.integers(0, 2**48)), int(rng.integers(0, 2**12))
    return [f"{high:012x}4{middle:03x}8{i:015x}" for i in range(n)]


def _ids_of(db: BenchDatabase, sql: str) -> list[tuple[Any, ...]]:
    with db.connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(str(v).replace("-", "") if isinstance(v, str) or hasattr(v, "hex") else v for v in row)
                for row in cursor.fetchall()]


def _load_activity(db: BenchDatabase, options: dict[str, Any], say: Any) -> dict[str, int]:
    from passport.activity.models import HoursEntry
    from passport.opportunities.models import Application

    writer = loader._Writer(db, options["seed"])
    volunteers = [row[0] for row in _ids_of(db, "SELECT id FROM volunteers_volunteer ORDER BY id")]
    opportunities = _ids_of(db, "SELECT id, organisation_id FROM opportunities_opportunity ORDER BY id")
    organisations = [row[0] for row in _ids_of(db, "SELECT id FROM organisations_organisation ORDER BY id")]
    counts: dict[str, int] = {}
    for model, fields, rows in (
        (HoursEntry, ["id", "created_at", "updated_at", "volunteer", "organisation", "opportunity", "date", "hours",
                      "description", "logged_by", "status", "decided_at"],
         _hours(np.random.default_rng([options["seed"], 1]), options["entries"], volunteers, opportunities,
                organisations, db.vendor)),
        (Application, ["id", "created_at", "updated_at", "opportunity", "volunteer", "status", "submitted_at",
                       "first_response_at", "decided_at"],
         _applications(np.random.default_rng([options["seed"], 2]), options["applications"], volunteers,
                       opportunities, db.vendor)),
    ):
        started = time.perf_counter()
        n = writer.write(model, fields, rows)
        counts[model._meta.db_table] = n
        say(f"  {model._meta.db_table:<40} {n:>10,} rows  {time.perf_counter() - started:6.1f} s")
    return counts


def _stamp(vendor: str) -> str:
    return "%Y-%m-%d %H:%M:%S" if vendor == "sqlite" else "%Y-%m-%d %H:%M:%S+00"


def _hours(rng: np.random.Generator, n: int, volunteers: list[str], opportunities: list[tuple[Any, ...]],
           organisations: list[str], vendor: str) -> Iterator[tuple[Any, ...]]:
    """Entries over the last two years by 60% of volunteers, four in five for a posted opportunity."""
    today = dt.date.today()
    fmt = _stamp(vendor)
    ids = _ascending_ids(rng, n)
    active = rng.permutation(len(volunteers))[: max(1, int(len(volunteers) * 0.6))]
    # Dates and timestamps by days ago, formatted once rather than once a row.
    days = [today - dt.timedelta(days=age) for age in range(736)]
    dates = [d.isoformat() for d in days]
    stamps = [dt.datetime(d.year, d.month, d.day, 19, 0).strftime(fmt) for d in days]
    confirmed_or_rejected = np.array([s in ("confirmed", "rejected") for s in STATUSES[0]])
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        who = active[rng.integers(0, len(active), size)].tolist()
        informal = (rng.random(size) < 0.2).tolist()
        opp = rng.integers(0, len(opportunities), size).tolist()
        org = rng.integers(0, len(organisations), size).tolist()
        age = rng.integers(5, 735, size)
        hours = rng.choice(len(HOURS), size, p=HOURS_WEIGHTS).tolist()
        status = rng.choice(len(STATUSES[0]), size, p=STATUSES[1])
        decided = np.where(confirmed_or_rejected[status], age - rng.integers(0, 6, size), -1).tolist()
        age, status = age.tolist(), status.tolist()
        for i in range(size):
            if informal[i]:
                opportunity, organisation = None, organisations[org[i]]
            else:
                opportunity, organisation = opportunities[opp[i]]
            stamp = stamps[age[i]]
            yield (ids[start + i], stamp, stamp, volunteers[who[i]], organisation, opportunity, dates[age[i]],
                   HOURS[hours[i]], "Bench hours", "volunteer", STATUSES[0][status[i]],
                   stamps[decided[i]] if decided[i] >= 0 else None)


def _applications(rng: np.random.Generator, n: int, volunteers: list[str], opportunities: list[tuple[Any, ...]],
                  vendor: str) -> Iterator[tuple[Any, ...]]:
    """Applications over the last two years; most answered within days, some never."""
    if n == 0:
        return
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    fmt = _stamp(vendor)
    ids = iter(_ascending_ids(rng, n))
    seen: set[tuple[int, int]] = set()
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        who = rng.integers(0, len(volunteers), size)
        opp = rng.integers(0, len(opportunities), size)
        age = rng.integers(0, 730 * 86400, size)
        reply = rng.exponential(3 * 86400, size)
        status = rng.choice(len(APPLICATION_STATUSES[0]), size, p=APPLICATION_STATUSES[1])
        for i in range(size):
            pair = (int(who[i]), int(opp[i]))
            if pair in seen:  # one live application per volunteer and opportunity
                continue
            seen.add(pair)
            state = APPLICATION_STATUSES[0][status[i]]
            submitted = now - dt.timedelta(seconds=int(age[i]))
            replied = None if state == "submitted" else min(now, submitted + dt.timedelta(seconds=float(reply[i])))
            answer = replied.strftime(fmt) if replied else None
            yield (next(ids), submitted.strftime(fmt), submitted.strftime(fmt), opportunities[opp[i]][0],
                   volunteers[who[i]], state, submitted.strftime(fmt), answer,
                   answer if state in ("accepted", "declined") else None)


# -- child processes: the service's own code against the benchmark database -------------------------------

# Django is set up before this module (and the models bench.load imports) is imported.
CHILD = "import django; django.setup(); from bench.impact import _main; _main()"


def _child(db: BenchDatabase, step: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, step, *args], cwd=settings.BASE_DIR, env=db.child_env(),
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise CommandError(f"the benchmark's {step} step failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _child_areas() -> dict[str, Any]:
    """England, regions and local authorities, then every LSOA with its IMD 2019 deprivation, from the shared
    ONS files, as `passport import imd` loads them."""
    from passport.impact import areas
    from passport.impact.models import Area
    from passport.imports.imd import import_imd

    areas.ensure_geography()
    result = import_imd(areas.data_path("imd2019_england_lsoa.csv"))
    return {"areas": Area.objects.count(), "lsoas": result.lsoas}


def _child_refresh() -> dict[str, Any]:
    from passport.impact.refresh import refresh_all

    started = time.perf_counter()
    report = refresh_all()
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "statistics": report.statistics, "index_scores": report.index_scores,
            "points_located": report.points_located, "changed": report.changed, "phases": report.phases,
            "notes": report.notes}


def _child_confirm(n: int) -> dict[str, Any]:
    """An hour's worth of work between two refreshes: confirm the first n pending entries through the service
    (`hours_confirm`, which also keeps the hours tally up to date), timing each call."""
    from passport.accounts.models import User
    from passport.activity.models import EntryStatus, HoursEntry
    from passport.activity.services import hours_confirm
    from passport.organisations.models import Membership

    entries = list(HoursEntry.objects.filter(status=EntryStatus.PENDING).order_by("id")[:n])
    coordinator, _ = User.objects.get_or_create(email="bench-coordinator@example.org",
                                                defaults={"display_name": "Bench coordinator"})
    for organisation_id in {entry.organisation_id for entry in entries}:
        Membership.objects.get_or_create(organisation_id=organisation_id, user=coordinator)
    coordinator = User.objects.get(pk=coordinator.pk)
    took = []
    for entry in entries:
        started = time.perf_counter()
        hours_confirm(entry=entry, actor=coordinator)
        took.append(time.perf_counter() - started)
    figures = Figures.of(took, sum(took))
    return {"confirmed": len(took), "p50_ms": figures.p50_ms, "p95_ms": figures.p95_ms,
            "seconds": round(sum(took), 3)}


def _child_tally() -> dict[str, Any]:
    """Bring the hours and registrations tallies up to date with the rows the loader wrote directly (a rebuild
    after a bulk load, as the first refresh would do)."""
    from passport.impact import tally, wages
    from passport.impact.models import HoursTally, RegistrationTally

    started = time.perf_counter()
    hours = tally.ensure_current(wages.current())
    middle = time.perf_counter()
    registrations = tally.registrations_current()
    ended = time.perf_counter()
    return {"seconds": round(ended - started, 3), "hours_seconds": round(middle - started, 3),
            "registrations_seconds": round(ended - middle, 3),
            "rebuilt": "; ".join(reason for reason in (hours, registrations) if reason) or None,
            "rows": HoursTally.objects.count() + RegistrationTally.objects.count()}


def _child_baseline(limit_seconds: float) -> dict[str, Any]:
    """The same hours, value and active-volunteer statistics, entry by entry through the ORM.

    The definitions are the refresh's (docs/impact.md): an entry counts in its volunteer's local authority, that
    authority's region and England for every period; in its volunteer's neighbourhood for all time and the year;
    valued at the wage for its opportunity's cause. Each step is one query, as lazy attribute access does."""
    from collections import defaultdict

    from passport.activity.models import HoursEntry
    from passport.impact import wages
    from passport.impact.models import Area, PointArea, Statistic

    table = wages.current()
    entries = HoursEntry.objects.filter(status="confirmed")
    total = entries.count()
    hours: dict[tuple[str, str], float] = defaultdict(float)
    value: dict[tuple[str, str], float] = defaultdict(float)
    active: dict[tuple[str, str], set[str]] = defaultdict(set)
    done = 0
    started = time.perf_counter()
    deadline = started + limit_seconds
    finished = True
    for entry in entries.order_by("id").iterator(chunk_size=2000):
        if time.perf_counter() > deadline:
            finished = False
            break
        volunteer = entry.volunteer
        opportunity = entry.opportunity
        rate = float(table.rate(opportunity.cause_id if opportunity is not None else None))
        day = entry.date
        every = ("all", f"{day.year}", f"{day.year}-Q{(day.month - 1) // 3 + 1}", f"{day.year}-{day.month:02d}")
        places: list[tuple[str, tuple[str, ...]]] = []
        la = Area.objects.filter(code=volunteer.la_code, type="la").first()
        if la is not None:
            region = la.parent
            places += [(la.code, every)] + ([(region.code, every)] if region is not None else [])
            if region is not None and region.parent is not None:
                places.append((region.parent.code, every))
        point = PointArea.objects.filter(easting=volunteer.easting, northing=volunteer.northing).first()
        if point is not None:
            places.append((point.lsoa_id, every[:2]))
        for code, periods in places:
            for period in periods:
                hours[code, period] += float(entry.hours)
                value[code, period] += float(entry.hours) * rate
                active[code, period].add(str(entry.volunteer_id))
        done += 1
    seconds = time.perf_counter() - started
    per_entry = seconds / done if done else float("nan")
    result: dict[str, Any] = {
        "entries_total": total, "entries_done": done, "seconds": round(seconds, 2), "finished": finished,
        "per_entry_us": round(per_entry * 1e6, 1),
        "projected_seconds": round(seconds if finished else per_entry * total, 1),
        "matches": None, "differences": [],
    }
    if finished:
        differences = []
        stored = {(s.area_id, s.period, s.measure): s.value
                  for s in Statistic.objects.filter(dimension="", measure__in=["hours_confirmed", "value_gbp",
                                                                                 "volunteers_active"])}
        mine_all = {}
        for key in hours:
            mine_all[(*key, "hours_confirmed")] = hours[key]
            mine_all[(*key, "value_gbp")] = value[key]
            mine_all[(*key, "volunteers_active")] = float(len(active[key]))
        for key in sorted(set(mine_all) | set(stored)):
            mine, theirs = mine_all.get(key, 0.0), stored.get(key) or 0.0
            if abs(theirs - mine) > max(0.01, abs(mine) * 1e-6):
                differences.append(f"{' '.join(key)}: baseline {mine}, refresh {theirs}")
        result["matches"] = not differences
        result["differences"] = differences[:20]
        result["figures_compared"] = len(mine_all)
    return result


def _main() -> None:
    """A child step (see CHILD): its figures as one line of JSON on stdout."""
    step, *args = sys.argv[1:]
    if step == "areas":
        result = _child_areas()
    elif step == "refresh":
        result = _child_refresh()
    elif step == "tally":
        result = _child_tally()
    elif step == "confirm":
        result = _child_confirm(int(args[0]))
    elif step == "baseline":
        result = _child_baseline(float(args[0]))
    else:
        raise SystemExit(f"unknown step {step!r}")
    print(json.dumps(result))


# -- area pages over HTTP ------------------------------------------------------------------------------------

def _page_paths(db: BenchDatabase, n: int, seed: int) -> list[str]:
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT code FROM impact_area WHERE type IN ('la', 'region') ORDER BY code")
        codes = [row[0] for row in cursor.fetchall()]
    if not codes:
        raise CommandError("no local authorities or regions in the benchmark database")
    rng = random.Random(f"{seed}:pages")
    return [f"/impact/areas/{rng.choice(codes)}" for _ in range(n)]


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return time.perf_counter() - started, response.status, len(body)


def _measure_pages(db: BenchDatabase, options: dict[str, Any], say: Any) -> dict[str, Any]:
    from concurrent.futures import ThreadPoolExecutor

    paths = _page_paths(db, options["warmup"] + options["requests"], options["seed"])
    db.close()
    warm, measured = paths[: options["warmup"]], paths[options["warmup"]:]
    server = Server("impact", db, options["server_threads"], Path(settings.VAR_DIR) / "bench-logs" / "impact.log",
                    processes=options["server_processes"])
    try:
        server.start()
        server.wait_ready()

        def drive(batch: list[str]) -> tuple[list[float], float]:
            import threading

            local = threading.local()

            def one(path: str) -> float:
                conn = getattr(local, "conn", None) or http.client.HTTPConnection(HOST, server.port, timeout=120)
                local.conn = conn
                latency, status, _size = _get(conn, path)
                if status != 200:
                    raise CommandError(f"GET {path} answered {status}")
                return latency

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=options["concurrency"]) as pool:
                latencies = list(pool.map(one, batch))
            return latencies, time.perf_counter() - started

        drive(warm)
        latencies, wall = drive(measured)
    finally:
        server.stop()
    figures = Figures.of(latencies, wall)
    say(f"  {figures.n} pages: p50 {figures.p50_ms} ms, p95 {figures.p95_ms} ms, p99 {figures.p99_ms} ms")
    return {**figures.as_dict(), "goal_p95_ms": PAGE_GOAL_P95_MS, "meets_goal": figures.p95_ms <= PAGE_GOAL_P95_MS,
            "concurrency": options["concurrency"], "server_threads": options["server_threads"],
            "server_processes": options["server_processes"]}


def _render(f: dict[str, Any]) -> str:
    first, second, base, pages = f["refresh"]["first"], f["refresh"]["second"], f["baseline"], f["pages"]
    lines = [
        "",
        f"Impact statistics benchmark, {f['date']} on {f['database']['engine']} ({f['machine']['nproc']} CPUs)",
        "  rows: " + ", ".join(f"{t} {n:,}" for t, n in f["rows"].items()),
    ]
    tallied, confirmed = f.get("tally"), f.get("confirmed_between_refreshes")
    if tallied:
        lines.append(f"  tallies brought up to date after the load:        {tallied['seconds']:8.2f} s   "
                     f"({tallied['rebuilt'] or 'already current'})")
    if first and second:
        lines += [
            f"  national refresh, first run:                      {first['seconds']:8.2f} s",
        ]
        if confirmed:
            lines.append(f"  {confirmed['confirmed']:,} hours confirmed through the service: "
                         f"p50 {confirmed['p50_ms']} ms, p95 {confirmed['p95_ms']} ms each")
        lines += [
            f"  national refresh, hourly run:                     {second['seconds']:8.2f} s   "
            f"goal ≤ {REFRESH_GOAL_SECONDS:.0f} s: {'met' if f['refresh']['meets_goal'] else 'NOT met'}",
            "    " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in second.get("phases", {}).items()),
        ]
    lines += [
        f"  baseline, per-row ORM loop:                       {base['projected_seconds']:8.1f} s   "
        f"({'measured' if base['finished'] else 'extrapolated from ' + format(base['entries_done'], ',') + ' entries'}"
        f", {base['per_entry_us']:.0f} µs an entry)",
        f"  ratio baseline ÷ refresh:                         {f['ratio_baseline_to_refresh'] or float('nan'):8.1f} ×",
        f"  area pages over HTTP: p50 {pages['p50_ms']} ms, p95 {pages['p95_ms']} ms, p99 {pages['p99_ms']} ms, "
        f"{pages['per_second']} a second; goal p95 ≤ {PAGE_GOAL_P95_MS:.0f} ms: "
        f"{'met' if pages['meets_goal'] else 'NOT met'}",
        "",
    ]
    return "\n".join(lines)

