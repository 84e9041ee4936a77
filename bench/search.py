"""`passport bench search`: opportunity search with the spatial prefilter (indexed) against the naive plan.

Loads a benchmark database (bench/load.py), then measures the same seeded queries, "top 50 within 10 miles
with a skill filter", two ways, each against both plans:

1. in-process through the ORM selector `opportunity_search(..., bounding_box=True|False)`, one query at a time,
   so the ratio is the database's alone;
2. over HTTP, `GET /api/v1/opportunities`, against two `passport serve` (waitress) subprocesses that differ only in
   SEARCH_SPATIAL_PREFILTER, from a small pool of keep-alive clients.

Both plans must give the same answers; the run fails if any query's ids or count differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlencode

import django
from django.conf import settings
from django.core.management.base import CommandError

from bench import cpu
from bench import load as loader
from bench.database import ALIAS, BenchDatabase, default_url
from bench.report import Figures, ratio_rows, render
from bench.servers import Outcome, Server, drive, get_once, local_backend_pids
from passport.core import geo
from passport.core.taxonomy import SKILLS

RADIUS_MILES = 10
PAGE_SIZE = 50
QUERY = f"top {PAGE_SIZE} open opportunities within {RADIUS_MILES} miles of a random English postcode, " \
    "with a random skill filter"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--opportunities", type=int, default=100_000, help="Opportunities to load (default 100000)")
    parser.add_argument("--volunteers", type=int, default=1_000_000, help="Volunteers to load (default 1000000)")
    parser.add_argument(
        "--database-url", default="",
        help="The benchmark's own database, e.g. postgres://user@host:5432/bench "
             "(default: a SQLite file var/bench.sqlite3). Never the service's database: the benchmark refuses it.",
    )
    parser.add_argument("--reload", action="store_true", help="Load again even if the database has the same rows")
    parser.add_argument("--requests", type=int, default=300, help="Measured queries per plan (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="Warm-up queries per plan, not measured (default 30)")
    parser.add_argument("--concurrency", type=int, default=4, help="Concurrent HTTP clients (default 4)")
    parser.add_argument("--server-threads", type=int, default=4, help="waitress threads per server (default 4)")
    parser.add_argument("--time-limit", type=float, default=300.0,
                        help="Seconds each measured run may take before it stops early (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="Seed for the data and the queries (default 1)")
    parser.add_argument("--json", dest="json_path", default="", metavar="FILE", help="Also write the figures to FILE")


@dataclass(frozen=True)
class Query:
    postcode: str
    easting: int
    northing: int
    skill: str

    def path(self) -> str:
        params = {"postcode": self.postcode, "radius_miles": RADIUS_MILES, "skill": self.skill, "page_size": PAGE_SIZE}
        return f"/api/v1/opportunities?{urlencode(params)}"


def run(options: dict[str, Any], out: TextIO) -> dict[str, Any]:
    """Run the benchmark, print its table to `out`, and return the figures."""
    for name in ("opportunities", "volunteers", "requests", "concurrency", "server_threads"):
        if options[name] < 1:
            raise CommandError(f"--{name.replace('_', '-')} must be at least 1")

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    db = BenchDatabase.from_url(options["database_url"] or default_url())
    db.register()
    sizes = loader.Sizes(opportunities=options["opportunities"], volunteers=options["volunteers"])
    seed = options["seed"]
    say(f"Benchmark database: {db.label}")
    started = time.perf_counter()
    postcodes = loader.england(geo.all_postcodes())
    say(f"Read {len(postcodes):,} English postcodes from the ONS directory in {time.perf_counter() - started:.1f} s")

    load_figures = _prepare(db, sizes, seed, postcodes, bool(options["reload"]), say)
    rows = _row_counts(db)
    queries = _queries(random.Random(f"{seed}:queries"), postcodes, options["warmup"] + options["requests"])
    warm, measured = queries[: options["warmup"]], queries[options["warmup"]:]
    warm = _letter_warmers(measured, postcodes) + warm

    load_before = os.getloadavg()
    say("Measuring the ORM selector in this process...")
    orm = _measure_orm(db, warm, measured, options["time_limit"])
    engine = db.version()
    db.close()
    say("Measuring over HTTP...")
    http_figures = _measure_http(db, warm, measured, options, say)

    figures: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"engine": engine, "where": db.label, "url_scheme": db.url.split(":", 1)[0]},
        "rows": rows,
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "platform": platform.platform(terse=True),
            "processor": platform.machine(),
            # Other work on the machine skews latency: the 1-minute load average before and after measuring.
            "load_average_before": round(load_before[0], 2),
            "load_average_after": round(os.getloadavg()[0], 2),
        },
        "load": load_figures,
        "query": {"what": QUERY, "radius_miles": RADIUS_MILES, "page_size": PAGE_SIZE, "seed": seed,
                  "requests": options["requests"], "warmup": len(warm),
                  "concurrency": options["concurrency"], "server_threads": options["server_threads"]},
        "orm": orm,
        "http": http_figures,
    }
    out.write(render(figures))
    if options["json_path"]:
        path = Path(options["json_path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=2) + "\n")
        say(f"Figures written to {path}")
    return figures


def _prepare(
    db: BenchDatabase, sizes: loader.Sizes, seed: int, postcodes: list[loader.Postcode], reload: bool, say: Any
) -> dict[str, Any]:
    """Reuse an earlier load of the same rows, or load afresh; returns what the load took."""
    wanted = {"state": "loaded", "loader": loader.LOADER_VERSION, "seed": str(seed),
              "opportunities": str(sizes.opportunities), "volunteers": str(sizes.volunteers)}
    meta = db.meta()
    if meta and not reload and all(meta.get(k) == v for k, v in wanted.items()):
        db.migrate()  # a no-op unless someone added a migration since the load
        say(f"Reusing the rows loaded on {meta.get('loaded_at')} (--reload loads again)")
        return {"reused": True, "seconds": float(meta.get("load_seconds", "nan")), "loaded_at": meta.get("loaded_at")}
    say(f"Loading {sizes.opportunities:,} opportunities and {sizes.volunteers:,} volunteers...")
    started = time.perf_counter()
    db.clear(loader.loaded_tables())
    db.migrate()
    migrated = time.perf_counter()
    db.write_meta({"state": "loading"})
    if db.vendor == "sqlite":
        with db.connection.cursor() as cursor:
            # Safe for a scratch file: a crash mid-load leaves state=loading, and the next run starts again.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-524288")
    counts = loader.load(db, sizes, seed, postcodes, say)
    loaded = time.perf_counter()
    db.analyze()
    done = time.perf_counter()
    say(f"Migrated in {migrated - started:.1f} s, loaded in {loaded - migrated:.1f} s, "
        f"analysed in {done - loaded:.1f} s")
    figures = {"reused": False, "seconds": round(done - started, 1), "migrate_seconds": round(migrated - started, 1),
               "rows_seconds": round(loaded - migrated, 1), "analyze_seconds": round(done - loaded, 1),
               "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "rows_written": counts}
    db.write_meta({**wanted, "loaded_at": figures["loaded_at"], "load_seconds": figures["seconds"]})
    db.close()
    return figures


def _row_counts(db: BenchDatabase) -> dict[str, int]:
    counts = {table: db.count(table) for table in loader.loaded_tables()}
    with db.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM opportunities_opportunity WHERE status = 'open'")
        counts["open opportunities"] = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM opportunities_opportunity WHERE status = 'open' AND remote")
        counts["open remote opportunities"] = int(cursor.fetchone()[0])
    return counts


def _queries(rng: random.Random, postcodes: list[loader.Postcode], n: int) -> list[Query]:
    skills = [code for code, _label in SKILLS]
    picked = []
    for _ in range(n):
        postcode, easting, northing, _la = rng.choice(postcodes)
        picked.append(Query(postcode=postcode, easting=easting, northing=northing, skill=rng.choice(skills)))
    return picked


def _letter_warmers(measured: list[Query], postcodes: list[loader.Postcode]) -> list[Query]:
    """One query per postcode letter the measured queries use. A server process reads the ONS table for a
    letter on its first postcode with that letter (about a second): a one-off cost, not the search's."""
    first: dict[str, Query] = {}
    wanted = {q.postcode[0] for q in measured}
    for postcode, easting, northing, _la in postcodes:
        if postcode[0] in wanted and postcode[0] not in first:
            first[postcode[0]] = Query(postcode=postcode, easting=easting, northing=northing, skill=SKILLS[0][0])
    return [first[letter] for letter in sorted(first)]


# -- in-process, through the ORM selector -----------------------------------------------------------------

def _orm_once(query: Query, bounding_box: bool) -> tuple[float, int, tuple[str, ...]]:
    """One search: wall seconds, count and the first page's ids."""
    from passport.opportunities.selectors import SearchQuery, opportunity_search

    search = SearchQuery(
        easting=query.easting, northing=query.northing,
        radius_m=round(RADIUS_MILES * geo.METRES_PER_MILE), skill=query.skill,
    )
    started = time.perf_counter()
    qs = opportunity_search(search, bounding_box=bounding_box).using(ALIAS)
    count = qs.count()
    page = list(qs.select_related("organisation", "cause")[:PAGE_SIZE])
    latency = time.perf_counter() - started
    return latency, count, tuple(str(o.pk) for o in page)


def _measure_orm(
    db: BenchDatabase, warm: list[Query], measured: list[Query], time_limit: float
) -> dict[str, Any]:
    """count() and the first page, like a paginated endpoint; the plans alternate query by query."""
    for query in warm:
        _orm_once(query, True)
        _orm_once(query, False)
    backend = local_backend_pids(db, "")
    latencies: dict[str, list[float]] = {"indexed": [], "naive": []}
    app_cpu = {"indexed": 0.0, "naive": 0.0}
    db_cpu: dict[str, float | None] = {"indexed": 0.0 if backend else None, "naive": 0.0 if backend else None}
    deadline = time.monotonic() + time_limit
    compared = 0
    started = time.perf_counter()
    for i, query in enumerate(measured):
        if time.monotonic() > deadline:
            break
        order = (True, False) if i % 2 == 0 else (False, True)
        answers = {}
        for bounding_box in order:
            plan = "indexed" if bounding_box else "naive"
            app_before, db_before = time.process_time(), cpu.total(backend)
            latency, count, ids = _orm_once(query, bounding_box)
            app_cpu[plan] += time.process_time() - app_before
            db_after = cpu.total(backend)
            if db_cpu[plan] is not None and db_before is not None and db_after is not None:
                db_cpu[plan] = (db_cpu[plan] or 0.0) + db_after - db_before
            latencies[plan].append(latency)
            answers[plan] = (count, ids)
        _same_answers(query, answers["indexed"], answers["naive"], "ORM")
        compared += 1
    wall = time.perf_counter() - started
    indexed, naive = (
        Figures.of(latencies[p], sum(latencies[p]), app_cpu[p], db_cpu[p]) for p in ("indexed", "naive")
    )
    return {"indexed": indexed.as_dict(), "naive": naive.as_dict(), "ratios": ratio_rows(indexed, naive),
            "compared": compared, "wall_seconds": round(wall, 2), "stopped_early": compared < len(measured)}


# -- over HTTP -------------------------------------------------------------------------------------------

def _measure_http(
    db: BenchDatabase, warm: list[Query], measured: list[Query], options: dict[str, Any], say: Any
) -> dict[str, Any]:
    log_dir = Path(settings.VAR_DIR) / "bench-logs"
    threads = options["server_threads"]
    servers = {
        name: Server(name, db, threads, log_dir / f"{name}.log", SEARCH_SPATIAL_PREFILTER=flag)
        for name, flag in (("indexed", "1"), ("naive", "0"))
    }
    cpu_used: dict[str, tuple[float | None, float | None]] = {}
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        probe = get_once(servers["indexed"].port, measured[0].path())
        if probe.status == 404:
            say("GET /api/v1/opportunities answered 404: this checkout has no search API yet. HTTP figures skipped.")
            return {"skipped": "GET /api/v1/opportunities answered 404 (no search API in this checkout)"}
        paths = [q.path() for q in warm + measured]
        answers: dict[str, list[Outcome | None]] = {}
        runs: dict[str, tuple[list[Outcome | None], float]] = {}
        for name, server in servers.items():  # warm both before measuring either
            answers[name], _wall = drive(server.port, paths[: len(warm)], options["concurrency"], float("inf"))
        for name, server in servers.items():
            deadline = time.monotonic() + options["time_limit"]
            app_before = cpu.process_cpu_seconds(server.pid)
            with cpu.BackendSampler(server.backend_pids, db.close) as backends:
                runs[name] = drive(server.port, paths[len(warm):], options["concurrency"], deadline)
            app_after = cpu.process_cpu_seconds(server.pid)
            app = None if app_before is None or app_after is None else app_after - app_before
            cpu_used[name] = (app, backends.seconds())
            answers[name] += runs[name][0]
            say(f"  {name}: {sum(o is not None for o in runs[name][0])} requests in {runs[name][1]:.1f} s")
    finally:
        for server in servers.values():
            server.stop()
    queries = warm + measured
    compared = 0
    for query, mine, theirs in zip(queries, answers["indexed"], answers["naive"], strict=True):
        for name, outcome in (("indexed", mine), ("naive", theirs)):
            if outcome is not None and outcome.status != 200:
                raise CommandError(f"the {name} server answered {outcome.status} to GET {query.path()}:\n"
                                   f"{outcome.body[:500].decode(errors='replace')}")
        if mine is not None and theirs is not None:
            _same_answers(query, (mine.count, mine.ids), (theirs.count, theirs.ids), "HTTP")
            compared += 1
    figures = {}
    for name, (outcomes, wall) in runs.items():
        done = [o.latency for o in outcomes if o is not None]
        figures[name] = Figures.of(done, wall, *cpu_used[name])
    return {"indexed": figures["indexed"].as_dict(), "naive": figures["naive"].as_dict(),
            "ratios": ratio_rows(figures["indexed"], figures["naive"]), "compared": compared,
            "stopped_early": any(o is None for outcomes, _w in runs.values() for o in outcomes)}


def _same_answers(query: Query, indexed: tuple[Any, tuple[str, ...]], naive: tuple[Any, tuple[str, ...]],
                  where: str) -> None:
    if indexed != naive:
        raise CommandError(
            f"{where}: the indexed and naive plans gave different answers to {query.path()} "
            f"(count {indexed[0]} against {naive[0]}; first ids {indexed[1][:3]} against {naive[1][:3]}). "
            "A benchmark that compares different answers is invalid."
        )
