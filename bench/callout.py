"""`passport bench callout`: reserve call-outs at national scale, and a simulation of call-out strategies.

Three measurements, each against a baseline measured in the same run (docs/benchmarks.md, "Call-outs"):

1. **Call-out to first wave**: with a million reserve members loaded, the time from declaring an incident
   (`reserve.services.incident_declare`) to its first wave chosen, written and its alerts queued
   (`reserve.services.wave_send`), against a naive baseline that ranks by one full-table distance sort over every
   member in SQL (no bounding box) and checks vetting one volunteer at a time. Both run in a child process whose
   default database is the benchmark's, so the service code runs unchanged.
2. **Replies per second** through the real endpoints, the signed link (`POST /reserve/reply/<token>`) and GOV.UK
   Notify's inbound text callback, served by two `passport serve` (waitress) processes, against one process and
   one client; afterwards the database must show every reply recorded and every role filled, never over-filled.
   Beside it, two bounds on the same machine: the same servers answering requests that store nothing (the
   ceiling for any reply built on the framework), and bench.bare storing each text with no framework at all.
3. **`--simulate`**: a seeded discrete-event simulation of adaptive waves (the real `reserve.ranking.wave_size`
   and `acceptance_rate`) against "alert everyone within X km" and "alert the 3 nearest", no database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

LOADER_VERSION = "callout-1"
CONTROLLER_EMAIL = "controller@bench.invalid"
OFFICER_EMAIL = "officer@bench.invalid"
CALLBACK_TOKEN = "bench-callout-callback-token-0123456789"
GOAL_P95_MS = 50.0
GOAL_REPLIES_PER_SECOND = 1000.0
RATES = (0.07, 0.17, 0.27, 0.37, 0.47)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--members", type=int, default=1_000_000, help="Reserve members to load (default 1000000)")
    parser.add_argument(
        "--database-url", default="",
        help="The benchmark's own database, e.g. postgres://user@host:5432/bench_callout "
             "(default: a SQLite file var/bench-callout.sqlite3). Never the service's database.",
    )
    parser.add_argument("--reload", action="store_true", help="Load again even if the database has the same rows")
    parser.add_argument("--callouts", type=int, default=200, help="Measured call-outs with the real path (default 200)")
    parser.add_argument("--baseline-callouts", type=int, default=20,
                        help="Measured call-outs with the naive baseline, alternating with the first real ones "
                             "(default 20: each scans every member)")
    parser.add_argument("--warmup", type=int, default=10, help="Warm-up call-outs, not measured (default 10)")
    parser.add_argument("--radius-km", type=int, default=10, help="Incident radius in km (default 10)")
    parser.add_argument("--replies", type=int, default=6000, help="Replies sent to the two servers (default 6000)")
    parser.add_argument("--baseline-replies", type=int, default=1000,
                        help="Replies sent to the one-process, one-client baseline (default 1000)")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent HTTP clients (default 8)")
    parser.add_argument("--servers", type=int, default=2, help="waitress server processes (default 2)")
    parser.add_argument("--server-threads", type=int, default=4, help="waitress threads per server (default 4)")
    parser.add_argument("--skip-http", action="store_true", help="Only the call-out timing, no replies over HTTP")
    parser.add_argument("--skip-waves", action="store_true", help="Only the replies over HTTP, no call-out timing")
    parser.add_argument("--simulate", action="store_true",
                        help="Only the simulation of call-out strategies (no database, about a minute)")
    parser.add_argument("--runs", type=int, default=300,
                        help="Simulated incidents per strategy and acceptance rate (default 300)")
    parser.add_argument("--need", type=int, default=20, help="Simulated incident's need (default 20)")
    parser.add_argument("--everyone-km", type=float, default=5.0,
                        help="The 'alert everyone within X km' strategy's X (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="Seed for the data, the call-outs and the simulation")
    parser.add_argument("--json", dest="json_path", default="", metavar="FILE", help="Also write the figures to FILE")


def run(options: dict[str, Any], out: TextIO) -> dict[str, Any]:
    """Run the benchmark (or the simulation), print its figures to `out` and return them."""
    from django.core.management.base import CommandError

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    for name in ("members", "callouts", "replies", "clients", "servers", "server_threads", "runs", "need"):
        if options[name] < 1:
            raise CommandError(f"--{name.replace('_', '-')} must be at least 1")
    figures: dict[str, Any] = {"date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "machine": _machine()}
    if options["simulate"]:
        figures["simulation"] = simulate(runs=options["runs"], need=options["need"], seed=options["seed"],
                                         everyone_km=options["everyone_km"], say=say)
        out.write(render_simulation(figures))
    else:
        figures.update(_measure(options, say))
        figures["machine"]["load_average_after"] = round(os.getloadavg()[0], 2)
        out.write(render(figures))
    if options["json_path"]:
        path = Path(options["json_path"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(figures, indent=2, default=str) + "\n")
        say(f"Figures written to {path}")
    return figures


def _machine() -> dict[str, Any]:
    import django

    return {"nproc": os.cpu_count(), "python": platform.python_version(), "django": django.get_version(),
            "platform": platform.platform(terse=True), "processor": platform.machine(),
            "load_average_before": round(os.getloadavg()[0], 2)}


# -- the database ------------------------------------------------------------------------------------------

def _measure(options: dict[str, Any], say: Any) -> dict[str, Any]:
    from django.conf import settings

    from bench.database import BenchDatabase

    url = options["database_url"] or f"sqlite:///{(Path(settings.VAR_DIR) / 'bench-callout.sqlite3').resolve()}"
    db = BenchDatabase.from_url(url)
    db.register()
    say(f"Benchmark database: {db.label}")
    load = _prepare(db, options["members"], options["seed"], bool(options["reload"]), say)
    engine = db.version()
    rows = {table: db.count(table) for table in _tables()}
    db.close()
    figures: dict[str, Any] = {"database": {"engine": engine, "where": db.label}, "rows": rows, "load": load}
    if not options["skip_waves"]:
        say(f"Measuring call-outs ({options['callouts']} real, {options['baseline_callouts']} naive)...")
        figures["waves"] = _child(db, "waves", {
            "callouts": options["callouts"], "baseline": options["baseline_callouts"], "warmup": options["warmup"],
            "radius_m": options["radius_km"] * 1000, "seed": options["seed"]})
    if not options["skip_http"]:
        figures["replies"] = _measure_replies(db, options, say)
    return figures


def _tables() -> list[str]:
    from passport.accounts.models import User, UserRole
    from passport.reserve.models import ReserveMember
    from passport.vetting.models import DbsCheck, Qualification
    from passport.volunteers.models import StreamConsent, Volunteer

    return [m._meta.db_table for m in (User, UserRole, Volunteer, Volunteer.skills.through, StreamConsent,
                                       Qualification, DbsCheck, ReserveMember)]


def _prepare(db: Any, members: int, seed: int, reload: bool, say: Any) -> dict[str, Any]:
    wanted = {"state": "loaded", "loader": LOADER_VERSION, "seed": str(seed), "members": str(members)}
    meta = db.meta()
    if meta and not reload and all(meta.get(k) == v for k, v in wanted.items()):
        db.migrate()
        say(f"Reusing the rows loaded on {meta.get('loaded_at')} (--reload loads again)")
        return {"reused": True, "seconds": float(meta.get("load_seconds", "nan")), "loaded_at": meta.get("loaded_at")}
    say(f"Loading {members:,} reserve members...")
    started = time.perf_counter()
    from passport.notifications.models import Message
    from passport.reserve.models import Incident

    db.clear(_tables() + [Incident._meta.db_table, Message._meta.db_table])
    db.migrate()
    db.write_meta({"state": "loading"})
    if db.vendor == "sqlite":
        with db.connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-524288")
    counts = _load(db, members, seed, say)
    loaded = time.perf_counter()
    db.analyze()
    done = time.perf_counter()
    figures = {"reused": False, "seconds": round(done - started, 1), "rows_seconds": round(loaded - started, 1),
               "analyze_seconds": round(done - loaded, 1), "rows_written": counts,
               "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    db.write_meta({**wanted, "loaded_at": figures["loaded_at"], "load_seconds": figures["seconds"]})
    say(f"Loaded in {figures['seconds']:.0f} s")
    db.close()
    return figures


def _load(db: Any, members: int, seed: int, say: Any) -> dict[str, int]:
    """Every member consented to the reserve stream and inducted; skills, first aid, DBS checks, standby settings
    and travel modes in fixed proportions. Bulk: executemany on SQLite, COPY on PostgreSQL (bench.load)."""
    from bench import load as loader
    from passport.accounts.models import Role, User, UserRole
    from passport.core import geo
    from passport.reserve.models import ReserveMember
    from passport.vetting.models import DbsCheck, Qualification
    from passport.volunteers.models import StreamConsent, Volunteer

    postcodes = loader.england(geo.all_postcodes())
    writer = loader._Writer(db, seed)
    counts: dict[str, int] = {}

    def write(model: Any, columns: list[str], rows: Any) -> None:
        began = time.perf_counter()
        n = writer.write(model, columns, rows)
        counts[model._meta.db_table] = n
        say(f"  {model._meta.db_table:<36} {n:>10,} rows  {time.perf_counter() - began:6.1f} s")

    rng = writer.rng
    stamp = writer.stamps
    staff = loader._ids(rng("staff ids"), 2)
    user_ids = loader._ids(rng("user ids"), members)
    volunteer_ids = loader._ids(rng("volunteer ids"), members)
    today = dt.date.today()
    write(User, ["id", "password", "email", "display_name", "date_joined"],
          [(staff[0], "!bench", CONTROLLER_EMAIL, "Bench controller", stamp()),
           (staff[1], "!bench", OFFICER_EMAIL, "Bench vetting officer", stamp())]
          + [row for row in loader._users(rng("users"), user_ids, stamp)])
    write(UserRole, ["user", "role", "granted_at"],
          [(staff[0], Role.RESERVE_CONTROLLER.value, stamp()), (staff[1], Role.VETTING_OFFICER.value, stamp())]
          + [(u, Role.VOLUNTEER.value, stamp()) for u in user_ids])

    def volunteers() -> Any:
        r = rng("volunteers")
        for i, (vid, uid) in enumerate(zip(volunteer_ids, user_ids, strict=True)):
            pc, e, n, la = r.choice(postcodes)
            t = stamp()
            born = dt.date(1950, 1, 1) + dt.timedelta(days=r.randrange(365 * 56))
            yield (vid, t, t, uid, r.choice(loader.FIRST_NAMES), r.choice(loader.LAST_NAMES), born.isoformat(),
                   f"07{i:09d}", pc, e, n, la, 16093, 0, '["en"]')

    write(Volunteer, ["id", "created_at", "updated_at", "user", "first_name", "last_name", "date_of_birth",
                      "mobile", "postcode", "easting", "northing", "la_code", "max_travel_m", "availability",
                      "languages"], volunteers())
    write(Volunteer.skills.through, ["volunteer", "skill"], loader._pairs(rng("skills"), volunteer_ids, (0, 3)))
    consent_ids = loader._ids(rng("consent ids"), members)
    write(StreamConsent, ["id", "created_at", "updated_at", "volunteer", "stream", "method", "wording", "given_at"],
          ((cid, t, t, vid, "reserve", "online", loader.CONSENT_WORDING, t)
           for cid, vid, t in ((c, v, stamp()) for c, v in zip(consent_ids, volunteer_ids, strict=True))))

    def qualifications() -> Any:
        r = rng("qualifications")
        for vid in volunteer_ids:
            yield vid, "reserve_induction", (today - dt.timedelta(days=r.randrange(30, 700))).isoformat()
            if r.random() < 0.2:
                yield vid, "first_aid", (today - dt.timedelta(days=r.randrange(30, 1000))).isoformat()

    rows = list(qualifications())
    q_ids = loader._ids(rng("qualification ids"), len(rows))
    write(Qualification, ["id", "created_at", "updated_at", "volunteer", "kind", "issued_on", "recorded_by"],
          ((qid, t, t, vid, kind, issued, staff[1]) for qid, (vid, kind, issued), t in
           ((q, row, stamp()) for q, row in zip(q_ids, rows, strict=True))))

    def checks() -> Any:
        r = rng("dbs checks")
        chosen = [v for v in volunteer_ids if r.random() < 0.3]
        for cid, vid in zip(loader._ids(r, len(chosen)), chosen, strict=True):
            t = stamp()
            issued = today - dt.timedelta(days=r.randrange(1, 1500))  # about a fifth older than three years
            level = r.choice(["standard", "enhanced", "enhanced", "enhanced_adults_barred"])
            yield (cid, t, t, vid, level, "adult", f"{r.randrange(10**12):012d}", issued.isoformat(), "suitable",
                   staff[1], t)

    write(DbsCheck, ["id", "created_at", "updated_at", "volunteer", "level", "workforce", "certificate_number",
                     "issued_on", "outcome", "officer", "decided_at"], checks())

    def reserve() -> Any:
        r = rng("reserve members")
        modes, weights = ["drive", "public", "cycle", "walk"], [60, 20, 10, 10]
        for rid, vid in zip(loader._ids(r, members), volunteer_ids, strict=True):
            t = stamp()
            standby = r.choices(["available", "from_date", "off_duty"], [85, 5, 10])[0]
            start = (today - dt.timedelta(days=3)).isoformat() if standby == "from_date" else None
            yield rid, t, t, vid, standby, start, r.choice([2, 4, 4, 8]), r.choices(modes, weights)[0]

    write(ReserveMember, ["id", "created_at", "updated_at", "volunteer", "standby", "available_from", "monthly_cap",
                          "travel_mode"], reserve())
    return counts


def _child(db: Any, what: str, params: dict[str, Any], **env: str) -> Any:
    """Run a measurement in a child process whose default database is the benchmark's, so the service code runs
    as it does in production; it prints its figures as the last line of JSON."""
    from django.conf import settings
    from django.core.management.base import CommandError

    result = subprocess.run(
        [sys.executable, "-m", "bench.callout", what, json.dumps(params)], cwd=settings.BASE_DIR,
        env=db.child_env(LOG_LEVEL="WARNING", DEBUG="0", **env), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise CommandError(f"the {what} measurement failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- 1. call-out to first wave (in the child process) --------------------------------------------------------

NEEDS = [("Sandbagging", 10, "", "", "none"), ("First aid", 3, "", "first_aid", "none"),
         ("Welfare visits", 2, "", "", "enhanced")]


def _reset() -> None:
    """Forget earlier runs' incidents and messages, so every run starts from the same loaded state."""
    from passport.notifications.models import InboundMessage, Message
    from passport.reserve.models import HandledText, Incident, ReserveMember

    Incident.objects.all().delete()
    Message.objects.all().delete()
    InboundMessage.objects.all().delete()
    HandledText.objects.all().delete()
    ReserveMember.objects.filter(last_called_at__isnull=False).update(last_called_at=None)


def _declare(controller: Any, postcode: str, radius_m: int, needs: list[tuple[str, int, str, str, str]],
             title: str) -> Any:
    from django.utils import timezone

    from passport.reserve import services

    return services.incident_declare(
        actor=controller, title=title, postcode=postcode, radius_m=radius_m, severity="amber",
        starts_at=timezone.now() + dt.timedelta(hours=1), expected_hours=4, briefing="Report to the depot.",
        needs=[services.NeedSpec(role=r, count=c, skill_code=s, qualification=q, min_dbs_level=d)
               for r, c, s, q, d in needs],
    )


def naive_wave(incident_id: Any) -> int:
    """The baseline: each role ranks every eligible member by one SQL distance sort over the whole table (no
    bounding box), vetting is checked one volunteer at a time, then the same writes as the service."""
    from django.conf import settings
    from django.db import transaction
    from django.db.models import Count, Exists, F, FloatField, IntegerField, OuterRef, Q, Subquery
    from django.db.models.functions import Cast, Coalesce
    from django.utils import timezone

    from passport.opportunities.eligibility import Requirement, eligibility
    from passport.reserve import ranking, services
    from passport.reserve.models import DEFAULT_MONTHLY_CAP, CallOut, Incident, Standby
    from passport.vetting.models import Qualification
    from passport.volunteers.models import StreamConsent, Volunteer

    now = timezone.now()
    day = timezone.localdate(now)

    def qualified(kind: str, day: dt.date) -> Exists:
        return Exists(Qualification.objects.filter(volunteer=OuterRef("pk"), kind=kind, issued_on__lte=day)
                      .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day)))

    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident_id)
        needs = list(incident.needs.all())
        month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        calls = Subquery(CallOut.objects.filter(volunteer=OuterRef("pk"), created_at__gte=month_start)
                         .values("volunteer").annotate(n=Count("pk")).values("n"), output_field=IntegerField())
        base = (
            Volunteer.objects.filter(
                Q(reserve__isnull=True) | Q(reserve__standby=Standby.AVAILABLE)
                | Q(reserve__standby=Standby.FROM_DATE, reserve__available_from__lte=day),
                Q(paused_until__isnull=True) | Q(paused_until__lt=day),
                erased_at__isnull=True, easting__isnull=False,
                date_of_birth__lte=day.replace(year=day.year - 16, day=min(day.day, 28)),
            )
            .filter(Exists(StreamConsent.objects.filter(volunteer=OuterRef("pk"), stream="reserve",
                                                        withdrawn_at__isnull=True)))
            .filter(qualified("reserve_induction", day))
            .exclude(Exists(CallOut.objects.filter(incident=incident, volunteer=OuterRef("pk"))))
            .annotate(dx=Cast(F("easting") - incident.easting, FloatField()),
                      dy=Cast(F("northing") - incident.northing, FloatField()))
            .annotate(d2=F("dx") * F("dx") + F("dy") * F("dy"),
                      calls=Coalesce(calls, 0), cap=Coalesce("reserve__monthly_cap", DEFAULT_MONTHLY_CAP))
            .filter(d2__lte=incident.radius_m ** 2, calls__lt=F("cap"))
        )
        picks: list[services.Pick] = []
        taken: set[Any] = set()
        for need in sorted(needs, key=lambda n: (not (n.skill_id or n.qualification), n.min_dbs_level == "none")):
            size = min(ranking.wave_size(remaining=need.remaining, pending=0, rate=settings.RESERVE_ACCEPTANCE_PRIOR,
                                         confidence=settings.RESERVE_FILL_CONFIDENCE), services.MAX_WAVE)
            rows = base.exclude(pk__in=taken)
            if need.skill_id:
                rows = rows.filter(skills=need.skill_id)
            if need.qualification:
                rows = rows.filter(qualified(need.qualification, day))
            requirement = Requirement(min_dbs_level=need.min_dbs_level)
            picked = 0
            for volunteer in rows.order_by("d2").iterator(chunk_size=200):
                if picked >= size:
                    break
                if need.min_dbs_level != "none" and not eligibility(volunteer, requirement, on=day).ok:
                    continue
                taken.add(volunteer.pk)
                picked += 1
                picks.append(services.Pick(need, volunteer.pk, int(math.sqrt(volunteer.d2)), 0))
        if picks:
            services._wave_record(incident, picks, 1, now)
        incident.waves_sent, incident.next_wave_at = 1, now + incident.wave_spacing
        incident.save(update_fields=["waves_sent", "next_wave_at", "updated_at"])
    return len(picks)


def child_waves(params: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection, transaction

    from bench import cpu
    from bench import load as loader
    from passport.accounts.models import User
    from passport.core import geo
    from passport.reserve import services
    from passport.reserve.models import CallOut

    _reset()
    parts = _time_parts(services)
    controller = User.objects.get(email=CONTROLLER_EMAIL)
    rng = random.Random(f"{params['seed']}:callouts")
    postcodes = loader.england(geo.all_postcodes())
    n_total = params["warmup"] + params["callouts"]
    places = [rng.choice(postcodes)[0] for _ in range(n_total)]
    # The list of every postcode is the benchmark's, not the service's: kept, each of Python's full garbage
    # collections walked its 2.3 million entries (80 to 100 ms), and one landing inside a call-out made it the
    # slowest. The postcode tables the service looks places up in stay loaded, as in a running worker.
    del postcodes
    backend: list[int] = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = [int(cursor.fetchone()[0])]
    for postcode in {p[0] for p in places}:  # read each letter's postcode table once, as a running server has
        geo.lookup(next(p for p in places if p[0] == postcode))
    gc.collect()  # and collect once after loading them, as a running server has long since done (about 200 ms)
    timings: dict[str, list[dict[str, float]]] = {"real": [], "naive": []}
    for i, postcode in enumerate(places):
        plans = ["real"]
        measured = i >= params["warmup"]
        k = i - params["warmup"]
        if measured and k < params["baseline"]:
            plans = ["real", "naive"] if k % 2 == 0 else ["naive", "real"]
        elif not measured and i < 2:
            plans = ["real", "naive"]  # warm the naive plan's caches too
        if i == params["warmup"]:
            parts.clear()
        for plan in plans:
            parts["on"] = 1.0 if plan == "real" and measured else 0.0
            app0, db0, t0 = time.process_time(), cpu.total(backend), time.perf_counter()
            committed: list[float] = []
            with transaction.atomic():  # so the commit and the alerts' hand-off after it are timed apart
                transaction.on_commit(lambda c=committed: c.append(time.perf_counter()))  # runs first after commit
                incident = _declare(controller, postcode, params["radius_m"], NEEDS, f"Bench {plan} {i}")
                alerted = (services.wave_send(incident_id=incident.pk) if plan == "real"
                           else naive_wave(incident.pk))
                t1 = time.perf_counter()
            t2 = time.perf_counter()
            app1, db1 = time.process_time(), cpu.total(backend)
            if measured:
                pool = CallOut.objects.filter(incident=incident)
                timings[plan].append({
                    "chosen_ms": (t1 - t0) * 1000, "queued_ms": (committed[0] - t0) * 1000,
                    "handed_ms": (t2 - t0) * 1000,
                    "cpu_ms": (app1 - app0) * 1000 + ((db1 - db0) * 1000 if db0 is not None and db1 else 0.0),
                    "alerted": alerted, "mean_distance_m": (sum(pool.values_list("distance_m", flat=True))
                                                            / alerted if alerted else 0.0),
                })
    return {key: _summary(rows) for key, rows in timings.items()} | {
        "ratios": _ratios(_summary(timings["real"]), _summary(timings["naive"])),
        "needs": [f"{c} x {r}" + (f" ({q})" if q else "") + (f" (DBS {d})" if d != "none" else "")
                  for r, c, _s, q, d in NEEDS],
        "radius_m": params["radius_m"], "warmup": params["warmup"],
        "db_cpu": bool(backend),
        # Where the real path's CPU goes, per measured call-out (this process only; nested: the wave's writing
        # includes the alerts').
        "parts_cpu_ms": {name: round(seconds * 1000 / max(1, len(timings["real"])), 1)
                         for name, seconds in parts.items() if name != "on"},
    }


def _time_parts(services: Any) -> dict[str, float]:
    """Wrap the wave's main steps to add up their CPU seconds (the benchmark's own process only)."""
    parts: dict[str, float] = {}
    names = {"members_available": "reading the pool", "people_near": "counting people near",
             "_choose": "ranking and choosing (with DBS batches)", "_alert": "writing the alerts' texts and rows",
             "_wave_record": "writing the wave (call-outs, events, alerts, members)"}
    for attribute, label in names.items():
        original = getattr(services, attribute)

        def timed(*args: Any, _original: Any = original, _label: str = label, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                if parts.get("on", 1.0):
                    parts[_label] = parts.get(_label, 0.0) + time.process_time() - started

        setattr(services, attribute, timed)
    return parts


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return round(ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1], 2) if ordered else math.nan


def _summary(rows: list[dict[str, float]]) -> dict[str, Any]:
    if not rows:
        return {"n": 0}
    out: dict[str, Any] = {"n": len(rows)}
    for key in ("chosen_ms", "queued_ms", "handed_ms"):
        values = [r[key] for r in rows]
        out[key] = {"min": round(min(values), 2), "p50": _pct(values, 50), "p95": _pct(values, 95),
                    "p99": _pct(values, 99), "max": round(max(values), 2)}
    out["cpu_ms_mean"] = round(sum(r["cpu_ms"] for r in rows) / len(rows), 2)
    out["alerted_mean"] = round(sum(r["alerted"] for r in rows) / len(rows), 1)
    out["mean_distance_m"] = round(sum(r["mean_distance_m"] for r in rows) / len(rows))
    return out


def _ratios(real: dict[str, Any], naive: dict[str, Any]) -> dict[str, float]:
    if not naive.get("n") or not real.get("n"):
        return {}
    return {f"{key}_{p}": round(naive[key][p] / real[key][p], 1)
            for key in ("chosen_ms", "queued_ms", "handed_ms") for p in ("p50", "p95")} | {
        "cpu": round(naive["cpu_ms_mean"] / real["cpu_ms_mean"], 1)}


# -- 2. replies over HTTP ---------------------------------------------------------------------------------

def child_replies_setup(params: dict[str, Any]) -> dict[str, Any]:
    """Declare incidents in London and send their first waves (the real service), then plan one reply per
    alerted call-out: half by link, half by text, about half of them yes. Writes the plan to a file."""
    from django.utils import timezone

    from bench import load as loader
    from passport.accounts.models import User
    from passport.core import geo
    from passport.reserve import services, texts
    from passport.reserve.models import CallOut

    _reset()
    controller = User.objects.get(email=CONTROLLER_EMAIL)
    rng = random.Random(f"{params['seed']}:replies:{params['tag']}")
    london = [p for p in loader.england(geo.all_postcodes()) if p[3].startswith("E09")]
    needs = [("Sandbagging", 200, "", "", "none"), ("Welfare", 200, "", "", "none"), ("Drivers", 200, "", "", "none")]
    incidents = []
    while CallOut.objects.count() < params["replies"] and len(incidents) < 50:
        incident = _declare(controller, rng.choice(london)[0], 10_000, needs, f"Bench replies {len(incidents)}")
        services.wave_send(incident_id=incident.pk)
        incidents.append(str(incident.pk))
    callouts = list(CallOut.objects.select_related("volunteer").order_by("created_at")[: params["replies"]])
    alerted_times = Counter(c.volunteer_id for c in callouts)
    plan = []
    now = timezone.now().isoformat()
    for c in callouts:
        yes = rng.random() < 0.5
        if rng.random() < 0.5 and alerted_times[c.volunteer_id] == 1:
            body = {"id": f"bench-{uuid.uuid4()}", "source_number": "44" + c.volunteer.mobile[1:],
                    "destination_number": "07700900000", "message": f"{'YES' if yes else 'NO'} {c.code}",
                    "date_received": now}
            plan.append({"kind": "sms", "body": body, "callout": str(c.pk), "yes": yes})
        else:
            token = texts.reply_token(c, "yes" if yes else "no")
            plan.append({"kind": "link", "path": f"/reserve/reply/{token}", "callout": str(c.pk), "yes": yes})
    rng.shuffle(plan)
    Path(params["plan"]).write_text(json.dumps(plan))
    return {"incidents": len(incidents), "callouts": len(callouts)}


def child_replies_verify(params: dict[str, Any]) -> dict[str, Any]:
    """What the database says after the replies: every planned reply recorded, confirmed == need wherever enough
    said yes, never more; the rest of the yeses on standby."""
    from passport.reserve.models import CallOut, CallOutEvent, IncidentNeed

    plan = json.loads(Path(params["plan"]).read_text())
    replied = {p["callout"]: p["yes"] for p in plan}
    statuses = dict(CallOut.objects.filter(pk__in=list(replied)).values_list("pk", "status"))
    statuses = {str(k): v for k, v in statuses.items()}
    lost = sum(1 for pk in replied if statuses.get(pk) == "alerted")
    wrong = sum(1 for pk, yes in replied.items()
                if statuses.get(pk) != "alerted" and (statuses.get(pk) == "declined") == yes)
    events = Counter(CallOutEvent.objects.filter(callout_id__in=list(replied)).exclude(kind="alerted")
                     .values_list("kind", flat=True))
    yes_by_need = Counter(CallOut.objects.filter(pk__in=[k for k, v in replied.items() if v])
                          .values_list("need", flat=True))
    over = under = 0
    needs = []
    for need in IncidentNeed.objects.all():
        confirmed_rows = CallOut.objects.filter(need=need, status="confirmed").count()
        expected = min(need.count, yes_by_need.get(need.pk, 0))
        over += need.confirmed > need.count or confirmed_rows != need.confirmed
        under += need.confirmed != expected
        needs.append([need.count, need.confirmed, yes_by_need.get(need.pk, 0)])
    return {"planned": len(replied), "lost": lost, "wrong_answer": wrong, "needs_over_filled": over,
            "needs_not_as_expected": under, "events": dict(events), "needs": needs,
            "status": dict(Counter(statuses.values()))}


class _Client:
    """One keep-alive connection; link replies open the page first for the CSRF cookie, as a browser would."""

    def __init__(self, port: int) -> None:
        import http.client

        from passport.reserve.views import RECEIVED

        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = ""
        self.csrf = ""
        self.received = RECEIVED.encode()  # how a link's page starts when its reply was left to another request

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
                ) -> tuple[int, bytes, Any]:
        import http.client

        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body or None, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.read(), response
            except (OSError, http.client.HTTPException):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def send(self, item: dict[str, Any]) -> tuple[float, int, bool]:
        """Send one item of a plan (a reply by link or text, or a ceiling's GET): seconds taken, HTTP status, and
        whether a link's page said the reply was received (left to the request applying replies) rather than
        giving the outcome."""
        started = time.perf_counter()
        if item["kind"] == "get":  # the ceiling: a request that stores nothing
            status, _body, _r = self.request("GET", item["path"])
            return time.perf_counter() - started, status, False
        if item["kind"] == "sms":
            status, _body, _r = self.request("POST", "/notifications/callbacks/inbound-sms",
                                             json.dumps(item["body"]).encode(),
                                             {"Authorization": f"Bearer {CALLBACK_TOKEN}",
                                              "Content-Type": "application/json"})
            return time.perf_counter() - started, status, False
        if not self.csrf:
            status, body, response = self.request("GET", item["path"])
            for header, value in response.getheaders():
                if header.lower() == "set-cookie" and value.startswith("csrftoken="):
                    self.cookie = value.split(";", 1)[0]
            marker = b'name="csrfmiddlewaretoken" value="'
            at = body.index(marker) + len(marker)
            self.csrf = body[at:body.index(b'"', at)].decode()
            started = time.perf_counter()
        from urllib.parse import urlencode

        status, body, _r = self.request("POST", item["path"], urlencode({"csrfmiddlewaretoken": self.csrf}).encode(),
                                        {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"})
        return time.perf_counter() - started, status, self.received in body


def _drive(ports: list[int], plan: list[dict[str, Any]], clients: int) -> dict[str, Any]:
    local = threading.local()
    counter = iter(range(10**9))
    lock = threading.Lock()

    def one(item: dict[str, Any]) -> tuple[float, int, bool]:
        client = getattr(local, "client", None)
        if client is None:
            with lock:
                n = next(counter)
            client = local.client = _Client(ports[n % len(ports)])
        return client.send(item)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one, plan))
    wall = time.perf_counter() - started
    latencies = [r[0] * 1000 for r in results]
    return {"replies": len(plan), "wall_seconds": round(wall, 2), "per_second": round(len(plan) / wall, 1),
            "p50_ms": _pct(latencies, 50), "p95_ms": _pct(latencies, 95), "p99_ms": _pct(latencies, 99),
            "statuses": dict(Counter(str(r[1]) for r in results)),
            # Link pages that said "we have your answer" (another request was applying replies) rather than
            # the outcome itself, which then went out by email.
            "link_pages_received": sum(r[2] for r in results),
            "by_kind": dict(Counter(p["kind"] for p in plan))}


CEILING_PATHS = ("/healthz", "/accessibility")


def _ceiling_plan(n: int, seed: int) -> list[dict[str, Any]]:
    """What no reply can beat on these servers: half `GET /healthz` (one `SELECT 1`, a JSON answer, like the
    text callback's) and half `GET /accessibility` (a GOV.UK page from a template, no database, like the link's
    page), in the replies' proportions. Every reply does at least this much work, and stores and applies besides."""
    plan = [{"kind": "get", "path": CEILING_PATHS[i % 2]} for i in range(n)]
    random.Random(f"{seed}:ceiling").shuffle(plan)
    return plan


def _measure_replies(db: Any, options: dict[str, Any], say: Any) -> dict[str, Any]:
    from django.conf import settings

    from bench import cpu
    from bench.servers import Server

    log_dir = Path(settings.VAR_DIR) / "bench-logs"
    out: dict[str, Any] = {}
    for name, n, servers, clients in (("baseline", options["baseline_replies"], 1, 1),
                                      ("optimised", options["replies"], options["servers"], options["clients"])):
        plan_path = Path(settings.VAR_DIR) / f"bench-callout-{name}-plan.json"
        say(f"Replies, {name}: setting up {n} alerted call-outs...")
        setup = _child(db, "replies-setup", {"replies": n, "seed": options["seed"], "tag": name,
                                             "plan": str(plan_path)})
        plan = json.loads(plan_path.read_text())
        running = [Server(f"callout-{name}-{i}", db, options["server_threads"], log_dir / f"callout-{name}-{i}.log",
                          NOTIFY_CALLBACK_TOKEN=CALLBACK_TOKEN) for i in range(servers)]
        try:
            for server in running:
                server.start()
            for server in running:
                server.wait_ready()
            before = [cpu.process_cpu_seconds(s.pid) or 0.0 for s in running]
            say(f"  {len(plan)} replies from {clients} client(s) to {servers} server process(es)...")
            def backends(servers: list[Server] = running) -> list[int]:
                return [pid for server in servers for pid in server.backend_pids()]

            with cpu.BackendSampler(backends, db.close) as database:
                client_started = time.process_time()
                result = _drive([s.port for s in running], plan, clients)
                client_used = time.process_time() - client_started
            used = sum((cpu.process_cpu_seconds(s.pid) or 0.0) - b for s, b in zip(running, before, strict=True))
            result["server_cpu_ms_per_reply"] = round(used * 1000 / len(plan), 2)
            # Where the machine's two cores went: the load generator (this process) and the database's backends
            # for these servers (None when the database runs on another machine), beside the servers' own.
            result["client_cpu_ms_per_reply"] = round(client_used * 1000 / len(plan), 2)
            database_used = database.seconds()
            result["database_cpu_ms_per_reply"] = (None if database_used is None
                                                   else round(database_used * 1000 / len(plan), 2))
            if name == "optimised":
                say(f"  the ceiling: {len(plan)} requests that store nothing, to the same servers...")
                result["ceiling"] = _drive([s.port for s in running], _ceiling_plan(len(plan), options["seed"]),
                                           clients)
        finally:
            for server in running:
                server.stop()
        if name == "optimised":
            say(f"  without the framework: {len(plan)} texts stored by {servers} bare WSGI process(es)...")
            result["bare"] = _measure_bare(db, len(plan), servers, clients, options, log_dir)
        result.update(setup=setup, servers=servers, clients=clients, server_threads=options["server_threads"],
                      check=_child(db, "replies-verify", {"plan": str(plan_path)}))
        say(f"  {result['per_second']:.0f} replies/s; check: {result['check']}")
        out[name] = result
    out["ratio"] = round(out["optimised"]["per_second"] / out["baseline"]["per_second"], 1)
    return out


def _bare_plan(n: int, seed: int) -> list[dict[str, Any]]:
    """Texts shaped as Notify sends them, each with its own id, for the bare path (bench.bare)."""
    rng = random.Random(f"{seed}:bare")
    return [{"kind": "sms", "body": {"id": f"bench-bare-{i}", "source_number": f"447700{rng.randrange(10**6):06d}",
                                     "destination_number": "07700900000",
                                     "message": f"{rng.choice(('YES', 'NO'))} {rng.randrange(10**4):04d}",
                                     "date_received": "2026-12-08T09:00:00.000000Z"}}
            for i in range(n)]


def _measure_bare(db: Any, n: int, servers: int, clients: int, options: dict[str, Any], log_dir: Path
                  ) -> dict[str, Any]:
    """The same clients sending texts to `servers` processes of bench.bare, which stores each with one committed
    INSERT and nothing else: what this machine stores a second when no framework handles the request. Every text
    must be stored once."""
    from bench import bare
    from bench.servers import Server

    with db.connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {bare.TABLE}")
        cursor.execute(f"CREATE TABLE {bare.TABLE} {bare.COLUMNS}")
    running = [Server(f"callout-bare-{i}", db, options["server_threads"], log_dir / f"callout-bare-{i}.log",
                      program=("bench.bare",), NOTIFY_CALLBACK_TOKEN=CALLBACK_TOKEN) for i in range(servers)]
    try:
        for server in running:
            server.start()
        for server in running:
            server.wait_ready()
        result = _drive([s.port for s in running], _bare_plan(n, options["seed"]), clients)
    finally:
        for server in running:
            server.stop()
        with db.connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {bare.TABLE}")
            stored = int(cursor.fetchone()[0])
            cursor.execute(f"DROP TABLE {bare.TABLE}")
    return result | {"stored": stored, "servers": servers}


# -- 3. simulation ----------------------------------------------------------------------------------------

# The simulated incident: members spread evenly over a 10 km radius (a town's reserve), all driving.
SIM_RADIUS_KM = 10.0
SIM_MEMBERS = 1500
SIM_SPACING_MIN = 15.0  # an amber incident's wave spacing
SIM_TICK_MIN = 1.0  # the worker sends due waves once a minute
SIM_HORIZON_MIN = 12 * 60.0
SIM_REPLY_MEDIAN_MIN = 6.0  # reply delay: log-normal, median 6 minutes, sigma 1 (a quarter take over 11 minutes)
SIM_SILENT = 0.2  # of those who do not accept, the share who never answer at all


def _sim_incident(rng: Any, rate: float, need: int) -> dict[str, Any]:
    import numpy as np

    r = SIM_RADIUS_KM * np.sqrt(rng.random(SIM_MEMBERS))
    order = np.argsort(r)
    accepts = rng.random(SIM_MEMBERS) < rate
    silent = ~accepts & (rng.random(SIM_MEMBERS) < SIM_SILENT)
    delay = np.exp(np.log(SIM_REPLY_MEDIAN_MIN) + rng.normal(0, 1, SIM_MEMBERS))
    return {"km": r[order], "accepts": accepts[order], "silent": silent[order], "delay": delay[order],
            "need": need}


def _sim_run(incident: dict[str, Any], strategy: str, everyone_km: float) -> dict[str, float]:
    """One incident under one strategy: alert in nearest-first order, collect replies as they arrive, confirm
    the first `need` yeses. Returns minutes to fill (inf if never), alerts sent and people confirmed."""
    import heapq

    from django.conf import settings

    from passport.reserve import ranking

    n = len(incident["km"])
    need = incident["need"]
    events: list[tuple[float, int]] = []  # (time a reply arrives, member)
    next_member = 0
    alerted = confirmed = accepted = replied = 0
    pending = 0

    def alert(count: int, now: float) -> None:
        nonlocal next_member, alerted, pending
        for member in range(next_member, min(n, next_member + count)):
            alerted += 1
            if not incident["silent"][member]:
                heapq.heappush(events, (now + float(incident["delay"][member]), member))
                pending += 1
        next_member = min(n, next_member + count)

    def wave(now: float) -> None:
        if strategy == "adaptive":
            rate = ranking.acceptance_rate(accepted=accepted, replied=replied,
                                           prior=settings.RESERVE_ACCEPTANCE_PRIOR)
            size = ranking.wave_size(remaining=need - confirmed, pending=pending, rate=rate,
                                     confidence=settings.RESERVE_FILL_CONFIDENCE)
            alert(min(size, 1000), now)
        elif strategy == "nearest3":
            alert(3, now)

    if strategy == "everyone":
        alert(int((incident["km"] <= everyone_km).sum()), 0.0)
    else:
        wave(0.0)
    next_wave = SIM_SPACING_MIN
    while confirmed < need:
        upcoming = events[0][0] if events else math.inf
        if strategy != "everyone" and next_wave <= upcoming and next_wave <= SIM_HORIZON_MIN and next_member < n:
            now, next_wave = next_wave, next_wave + SIM_SPACING_MIN
            wave(now)
            continue
        if upcoming > SIM_HORIZON_MIN:
            return {"fill_min": math.inf, "alerts": alerted, "confirmed": confirmed}
        now, member = heapq.heappop(events)
        pending -= 1
        replied += 1
        if incident["accepts"][member]:
            accepted += 1
            confirmed += 1
            if confirmed >= need:
                return {"fill_min": now, "alerts": alerted, "confirmed": confirmed}
        elif strategy == "adaptive":
            next_wave = min(next_wave, math.ceil(now / SIM_TICK_MIN) * SIM_TICK_MIN)  # a refusal: next tick
    return {"fill_min": 0.0, "alerts": alerted, "confirmed": confirmed}


def simulate(*, runs: int, need: int, seed: int, everyone_km: float, say: Any) -> dict[str, Any]:
    import numpy as np

    strategies = {"adaptive": "adaptive waves (reserve.ranking)", "everyone": f"everyone within {everyone_km:g} km",
                  "nearest3": "3 nearest, every 15 minutes"}
    results: dict[str, Any] = {}
    started = time.perf_counter()
    for rate in RATES:
        rng = np.random.default_rng([seed, int(rate * 100)])
        incidents = [_sim_incident(rng, rate, need) for _ in range(runs)]
        row = {}
        for key in strategies:
            outcomes = [_sim_run(incident, key, everyone_km) for incident in incidents]
            filled = [o for o in outcomes if math.isfinite(o["fill_min"])]
            fill = sorted(o["fill_min"] for o in filled)
            row[key] = {
                "filled_share": round(len(filled) / len(outcomes), 3),
                "fill_min_p50": round(fill[len(fill) // 2], 1) if fill else None,
                "fill_min_p90": round(fill[min(len(fill) - 1, int(0.9 * len(fill)))], 1) if fill else None,
                "alerts_per_confirmed": round(sum(o["alerts"] for o in outcomes)
                                              / max(1, sum(o["confirmed"] for o in outcomes)), 2),
                "alerts_mean": round(sum(o["alerts"] for o in outcomes) / len(outcomes), 1),
            }
        results[str(rate)] = row
        say(f"  acceptance {rate:.2f}: simulated {runs} incidents x {len(strategies)} strategies")
    return {"strategies": strategies, "rates": results, "runs": runs, "need": need, "seed": seed,
            "members": SIM_MEMBERS, "radius_km": SIM_RADIUS_KM, "spacing_min": SIM_SPACING_MIN,
            "reply_median_min": SIM_REPLY_MEDIAN_MIN, "silent_share": SIM_SILENT, "horizon_min": SIM_HORIZON_MIN,
            "seconds": round(time.perf_counter() - started, 1)}


# -- printing ---------------------------------------------------------------------------------------------

def render(f: dict[str, Any]) -> str:
    m = f["machine"]
    out = ["", f"Call-out benchmark, {f['date']}",
           f"  database    {f['database']['engine']}: {f['database']['where']}",
           "  rows        " + ", ".join(f"{t} {n:,}" for t, n in f["rows"].items()),
           f"  machine     {m['nproc']} CPUs (nproc), {m['platform']} {m['processor']}, Python {m['python']}, "
           f"Django {m['django']}; load average {m['load_average_before']:.2f} before, "
           f"{m.get('load_average_after', math.nan):.2f} after",
           "  load        " + (f"reused the load of {f['load']['loaded_at']} (it took {f['load']['seconds']:.0f} s)"
                               if f["load"]["reused"] else f"{f['load']['seconds']:.0f} s")]
    if "waves" in f:
        out += _render_waves(f["waves"])
    if "replies" in f:
        out += _render_replies(f["replies"])
    return "\n".join(out) + "\n\n"


def _render_waves(w: dict[str, Any]) -> list[str]:
    out = ["",
           f"1. Declare an incident ({', '.join(w['needs'])}; radius {w['radius_m'] / 1000:g} km, random English "
           "postcode) and send its first wave:",
           "   'chosen' = declared, ranked, call-outs and alert messages written; 'queued' = committed;",
           "   'handed' = and every alert handed on after the commit (the outbox channel sends each at once)"]
    real, naive, ratios = w["real"], w["naive"], w["ratios"]
    out.append(f"  {'':<16}{'real':>14}{'naive':>14}   ratio")
    for key in ("chosen_ms", "queued_ms", "handed_ms"):
        for p in ("p50", "p95"):
            nv = naive.get(key, {}).get(p, math.nan) if naive.get("n") else math.nan
            out.append(f"  {key[:-3] + ' ' + p:<16}{real[key][p]:>11.1f} ms{nv:>11.1f} ms   "
                       f"{ratios.get(f'{key}_{p}', math.nan):.1f}x")
    # The quickest call-out shows how far the goal is: a p95 needs 95 in 100 under it, not one.
    nv = naive["queued_ms"]["min"] if naive.get("n") else math.nan
    out.append(f"  {'queued fastest':<16}{real['queued_ms']['min']:>11.1f} ms{nv:>11.1f} ms")
    out.append(f"  {'CPU per call-out':<16}{real['cpu_ms_mean']:>11.1f} ms"
               f"{naive.get('cpu_ms_mean', math.nan):>11.1f} ms   {ratios.get('cpu', math.nan):.1f}x"
               + ("  (this process + its PostgreSQL backend)" if w["db_cpu"] else "  (SQLite inside the process)"))
    out.append(f"  {'alerted (mean)':<16}{real['alerted_mean']:>14}{naive.get('alerted_mean', math.nan):>14}")
    out.append("  real path CPU per call-out: " + "; ".join(f"{k} {v:.1f} ms" for k, v in w["parts_cpu_ms"].items()))
    out.append(f"  {'measured':<16}{real['n']:>14}{naive.get('n', 0):>14}")
    verdict = "met" if real["queued_ms"]["p95"] <= GOAL_P95_MS else "NOT met"
    out.append(f"  Goal p95 <= {GOAL_P95_MS:.0f} ms (queued): {verdict}, p95 = {real['queued_ms']['p95']:.1f} ms")
    return out


def _rate(x: dict[str, Any]) -> str:
    """A driven run's rate, latency and answers (_drive), as each line of the replies' report gives them."""
    return (f"{x['per_second']:.0f}/s; p50 {x['p50_ms']:.1f} ms, p95 {x['p95_ms']:.1f} ms; HTTP {x['statuses']}")


def _render_replies(r: dict[str, Any]) -> list[str]:
    out = ["", "2. Replies through the real endpoints (signed link POST and Notify's inbound text callback)"]
    for name in ("baseline", "optimised"):
        x = r[name]
        out.append(f"  {name:<10} {x['servers']} server(s) x {x['server_threads']} threads, {x['clients']} "
                   f"client(s): {x['replies']} replies ({x['by_kind']}) in {x['wall_seconds']} s = {_rate(x)}; "
                   f"link pages saying 'received' {x.get('link_pages_received', 'n/a')}")
        database = x.get("database_cpu_ms_per_reply")
        database_text = "n/a" if database is None else f"{database:.1f} ms"
        out.append(f"             CPU a reply: servers {x['server_cpu_ms_per_reply']:.1f} ms, "
                   f"database {database_text}, "
                   f"client {x['client_cpu_ms_per_reply']:.1f} ms")
        c = x["check"]
        out.append(f"             check: {c['planned']} planned, {c['lost']} lost, {c['wrong_answer']} wrong, "
                   f"{c['needs_over_filled']} needs over-filled, {c['needs_not_as_expected']} needs not filled "
                   f"as expected; statuses {c['status']}")
    replies = r["optimised"]["per_second"]
    ceiling = r["optimised"].get("ceiling")
    if ceiling:
        out.append(f"  ceiling    the same servers and clients, {ceiling['replies']} requests that store nothing "
                   f"({' and '.join(CEILING_PATHS)}, half each): {_rate(ceiling)}; "
                   f"replies reach {replies / ceiling['per_second']:.0%} of it")
    bare = r["optimised"].get("bare")
    if bare:
        out.append(f"  no framework  the same clients, {bare['servers']} bare WSGI process(es) (bench.bare) storing "
                   f"each of {bare['replies']} texts with one INSERT and nothing else: {_rate(bare)}; "
                   f"{bare['stored']} stored; {bare['per_second'] / replies:.1f}x the replies")
    verdict = "met" if r["optimised"]["per_second"] >= GOAL_REPLIES_PER_SECOND else "NOT met"
    out.append(f"  ratio {r['ratio']:.1f}x; goal >= {GOAL_REPLIES_PER_SECOND:.0f}/s: {verdict}")
    return out


def render_simulation(f: dict[str, Any]) -> str:
    s = f["simulation"]
    keys = list(s["strategies"])
    short = {"adaptive": "adaptive waves", "everyone": s["strategies"]["everyone"], "nearest3": "3 nearest /15 min"}
    out = ["", f"Call-out strategies, simulated: {s['runs']} incidents per acceptance rate, need {s['need']}, "
           f"{s['members']} members spread over {s['radius_km']:g} km, replies after a log-normal delay (median "
           f"{s['reply_median_min']:g} min), {s['silent_share']:.0%} of non-accepters silent; seed {s['seed']}",
           "", "  Minutes to fill, median / 90th percentile (share of incidents filled within "
           f"{s['horizon_min'] / 60:g} hours if not all):",
           f"  {'acceptance':<11}" + "".join(f"{short[k]:>26}" for k in keys)]
    for rate, row in s["rates"].items():
        cells = []
        for key in keys:
            x = row[key]
            fill = f"{x['fill_min_p50']} / {x['fill_min_p90']}" if x["fill_min_p50"] is not None else "never"
            if x["filled_share"] < 1:
                fill += f" ({x['filled_share']:.0%})"
            cells.append(f"{fill:>26}")
        out.append(f"  {float(rate):<11.2f}" + "".join(cells))
    out += ["", "  Alerts sent per confirmed volunteer (mean alerts per incident):",
            f"  {'acceptance':<11}" + "".join(f"{short[k]:>26}" for k in keys)]
    for rate, row in s["rates"].items():
        out.append(f"  {float(rate):<11.2f}" + "".join(
            f"{row[k]['alerts_per_confirmed']:>17.2f} ({row[k]['alerts_mean']:>5.0f})" for k in keys))
    return "\n".join(out) + "\n\n"


if __name__ == "__main__":
    # The child processes: `python -m bench.callout waves|replies-setup|replies-verify '<json>'`.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.settings")
    import django

    django.setup()
    what, params = sys.argv[1], json.loads(sys.argv[2])
    handlers = {"waves": child_waves, "replies-setup": child_replies_setup, "replies-verify": child_replies_verify}
    print(json.dumps(handlers[what](params), default=str))
