"""Latency figures and the plain-text table the search benchmark prints."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

GOAL_P95_MS = 50.0


@dataclass(frozen=True)
class Figures:
    n: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    per_second: float  # completed requests (or queries) per second of wall time
    # CPU milliseconds per request: the application's process (with SQLite inside it) and PostgreSQL's backends.
    # None when unknown (PostgreSQL on another machine, or no /proc).
    cpu_app_ms: float | None = None
    cpu_db_ms: float | None = None

    @classmethod
    def of(
        cls, latencies: list[float], wall_seconds: float, cpu_app: float | None = None, cpu_db: float | None = None
    ) -> Figures:
        if not latencies:
            return cls(0, math.nan, math.nan, math.nan, math.nan, 0.0)
        ordered = sorted(latencies)

        def per_request(seconds: float | None) -> float | None:
            return None if seconds is None else _ms(seconds / len(ordered))

        return cls(
            cpu_app_ms=per_request(cpu_app),
            cpu_db_ms=per_request(cpu_db),
            n=len(ordered),
            p50_ms=_ms(_nearest_rank(ordered, 50)),
            p95_ms=_ms(_nearest_rank(ordered, 95)),
            p99_ms=_ms(_nearest_rank(ordered, 99)),
            mean_ms=_ms(sum(ordered) / len(ordered)),
            per_second=round(len(ordered) / wall_seconds, 1) if wall_seconds > 0 else math.nan,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _nearest_rank(ordered: list[float], percentile: float) -> float:
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def ratio_rows(indexed: Figures, naive: Figures) -> dict[str, float]:
    """How many times better the indexed plan is: naive ÷ indexed for times, indexed ÷ naive for throughput."""

    def div(a: float, b: float) -> float:
        return round(a / b, 2) if b and not math.isnan(a) and not math.isnan(b) else math.nan

    def cpu(f: Figures) -> float:
        return math.nan if f.cpu_app_ms is None else f.cpu_app_ms + (f.cpu_db_ms or 0.0)

    return {
        "cpu": div(cpu(naive), cpu(indexed)),
        "p50": div(naive.p50_ms, indexed.p50_ms),
        "p95": div(naive.p95_ms, indexed.p95_ms),
        "p99": div(naive.p99_ms, indexed.p99_ms),
        "throughput": div(indexed.per_second, naive.per_second),
    }


def _table(section: dict[str, Any], unit: str) -> list[str]:
    i, n, r = section["indexed"], section["naive"], section["ratios"]
    lines = [f"  {'':<14}{'indexed':>14}{'naive':>14}   ratio"]
    for key, label in (("p50", "p50"), ("p95", "p95"), ("p99", "p99")):
        lines.append(
            f"  {label + ' latency':<14}{i[key + '_ms']:>11.1f} ms{n[key + '_ms']:>11.1f} ms"
            f"   {r[key]:.1f}x  (naive {n[key + '_ms']:.1f} ms / indexed {i[key + '_ms']:.1f} ms)"
        )
    lines.append(
        f"  {unit + '/s':<14}{i['per_second']:>14.1f}{n['per_second']:>14.1f}"
        f"   {r['throughput']:.1f}x  (indexed {i['per_second']:.1f} / naive {n['per_second']:.1f} {unit}/s)"
    )
    if i.get("cpu_app_ms") is not None and n.get("cpu_app_ms") is not None:
        lines.append(
            f"  {'CPU/query' if unit == 'queries' else 'CPU/request':<14}{_cpu(i):>14}{_cpu(n):>14}"
            f"   {r['cpu']:.1f}x  (naive ÷ indexed; "
            + ("application + database" if i.get("cpu_db_ms") is not None else "application, database inside it")
            + ")"
        )
    lines.append(f"  {'measured':<14}{i['n']:>14}{n['n']:>14}")
    return lines


def _cpu(f: dict[str, Any]) -> str:
    if f.get("cpu_db_ms") is None:
        return f"{f['cpu_app_ms']:.1f} ms"
    return f"{f['cpu_app_ms']:.1f}+{f['cpu_db_ms']:.1f} ms"


def render(f: dict[str, Any]) -> str:
    rows, load, q, machine = f["rows"], f["load"], f["query"], f["machine"]
    out = [
        "",
        f"Search benchmark, {f['date']}",
        f"  database    {f['database']['engine']}: {f['database']['where']}",
        f"  rows        {rows['opportunities_opportunity']:,} opportunities ({rows['open opportunities']:,} open, "
        f"{rows['open remote opportunities']:,} of them remote), "
        f"{rows['organisations_organisation']:,} organisations, {rows['volunteers_volunteer']:,} volunteers "
        f"({rows['accounts_user']:,} users, {rows['volunteers_volunteer_skills']:,} volunteer skills)",
        f"  machine     {machine['nproc']} CPUs (nproc), {machine['platform']} {machine['processor']}, "
        f"Python {machine['python']}, Django {machine['django']}",
        f"              load average {machine['load_average_before']:.2f} before measuring, "
        f"{machine['load_average_after']:.2f} after (above 0 means other work shared the CPUs)",
        "  load        " + (
            f"reused the load of {load['loaded_at']} (it took {load['seconds']:.0f} s)" if load["reused"]
            else f"{load['seconds']:.0f} s (migrate {load['migrate_seconds']:.0f} s, "
                 f"rows {load['rows_seconds']:.0f} s, analyse {load['analyze_seconds']:.0f} s)"
        ),
        f"  query       {q['what']}; seed {q['seed']}",
        "  plans       indexed = bounding box on the (status, easting, northing) index, then exact distance;",
        "              naive = exact distance over every open row (the baseline)",
        "",
        f"1. ORM selector in this process: opportunity_search(...).count() and the first {q['page_size']} rows,",
        f"   one query at a time, plans alternating; {q['warmup']} warm-up queries per plan, not measured",
    ]
    orm = f["orm"]
    out += _table(orm, "queries")
    out.append(f"  answers     identical for all {orm['compared']} queries compared"
               + ("  (stopped early at the time limit)" if orm["stopped_early"] else ""))
    out += [
        "",
        "2. HTTP GET /api/v1/opportunities?postcode=...&radius_miles=10&skill=...&page_size=50",
        f"   two `passport serve` (waitress, {q['server_threads']} threads) processes, "
        "SEARCH_SPATIAL_PREFILTER=1 and =0;",
        f"   {q['concurrency']} concurrent keep-alive clients; {q['warmup']} warm-up requests per server",
        "   (one per postcode letter, as each server reads the ONS table for a letter on first use), not measured",
    ]
    http = f["http"]
    if "skipped" in http:
        out.append(f"  SKIPPED: {http['skipped']}")
    else:
        out += _table(http, "requests")
        out.append(f"  answers     identical ids and counts for all {http['compared']} requests compared"
                   + ("  (stopped early at the time limit)" if http["stopped_early"] else ""))
    out.append("")
    out.append(goal_line(f))
    out.append("")
    return "\n".join(out) + "\n"


def goal_line(f: dict[str, Any]) -> str:
    engine = f["database"]["engine"]
    source = f["http"] if "skipped" not in f["http"] else f["orm"]
    how = "over HTTP" if source is f["http"] else "in the ORM (no HTTP figures)"
    p95 = source["indexed"]["p95_ms"]
    verdict = "met" if p95 <= GOAL_P95_MS else "NOT met"
    scope = "" if engine.startswith("PostgreSQL") else " (the goal is set for PostgreSQL; shown for comparison)"
    return f"Goal: indexed search p95 <= {GOAL_P95_MS:.0f} ms {how}: {verdict}, p95 = {p95:.1f} ms{scope}"
