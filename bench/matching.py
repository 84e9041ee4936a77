"""`passport bench matching` (or `python -m bench.matching`): the matching engine on a UK-sized synthetic instance.

One seeded instance (bench/synthetic.py: volunteers and opportunities at real English postcodes) is saved once;
then each strategy runs in a fresh process of its own, from loading the arrays to the last explanation, so that
its seconds and its peak memory are its own: candidates, solve and explanations timed separately and end to end.
Every strategy gets the same candidates (generation is seeded). The figures are printed as ratios against
first-come-nearest (the baseline: each opportunity in posting order takes the nearest eligible volunteers) and
against the whole-country optimum, with the absolute values beside them.

Peak memory is the peak resident set size of the strategy's process (VmHWM in /proc/self/status), which holds
the instance, the candidates and the solver. optimal_regional's solver processes are forked from it; the
largest one's peak (getrusage RUSAGE_CHILDREN ru_maxrss) is printed separately and counts the pages it shares
with its parent copy-on-write, so adding the two overstates what the machine needed.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from dataclasses import fields
from pathlib import Path
from typing import Any, TextIO

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench-matching"
STRATEGIES = ("optimal_regional", "optimal", "greedy", "first_come_nearest")
GOALS = {"end_to_end_s": 20.0, "peak_gb": 4.0, "filled_vs_optimum": 0.995, "mean_cost_below_fcn": 0.30,
         "coverage": 0.99}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--volunteers", type=int, default=1_000_000, help="Volunteers (default 1000000)")
    parser.add_argument("--opportunities", type=int, default=100_000, help="Opportunities (default 100000)")
    parser.add_argument("--k", type=int, default=30, help="Candidates kept per volunteer (default 30)")
    parser.add_argument("--scan", type=int, default=None, help="Nearest opportunities each volunteer examines "
                        "(default 2k)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Processes for the regional solves (default: every core)")
    parser.add_argument("--chain", default="exact",
                        help="Bound the flow's reward to chains of this many moves, or 'exact' (the default)")
    parser.add_argument("--seed", type=int, default=1, help="Seed for the instance (default 1)")
    parser.add_argument("--skip-whole-country", action="store_true",
                        help="Leave out the whole-country optimum (the slowest); ratios against it are then empty")
    parser.add_argument("--json", dest="json_path", default="", help="Also write the figures to this JSON file")


def _instance_path(n_vol: int, n_opp: int, seed: int) -> Path:
    return CACHE / f"instance-{n_vol}-{n_opp}-{seed}.npz"


def _save_instance(n_vol: int, n_opp: int, seed: int, say) -> tuple[Path, str]:
    from bench import synthetic

    path = _instance_path(n_vol, n_opp, seed)
    started = time.perf_counter()
    source = synthetic.source()
    if path.exists():
        return path, source
    vols, opps = synthetic.instance(n_vol, n_opp, seed)
    arrays = {f"v_{f.name}": getattr(vols, f.name) for f in fields(vols)}
    arrays.update({f"o_{f.name}": getattr(opps, f.name) for f in fields(opps)})
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path.with_suffix(".tmp.npz"), **arrays)
    path.with_suffix(".tmp.npz").replace(path)
    say(f"Generated the instance in {time.perf_counter() - started:.1f} s (saved to {path.relative_to(ROOT)})")
    return path, source


def _load_instance(path: Path):
    from passport.matching.engine import Opportunities, Volunteers

    with np.load(path) as data:
        vols = Volunteers(**{k[2:]: data[k] for k in data.files if k.startswith("v_")})
        opps = Opportunities(**{k[2:]: data[k] for k in data.files if k.startswith("o_")})
    return vols, opps


def _run_strategy(path: str, strategy: str, k: int, scan: int | None, workers: int, chain: int | None) -> dict:
    """In a fresh process: load, candidates, solve, explanations; every phase timed."""
    from passport.matching.engine import PARTS, explain, generate_candidates, match, summarise

    t0 = time.perf_counter()
    vols, opps = _load_instance(Path(path))
    t1, c1 = time.perf_counter(), _cpu()
    cands = generate_candidates(vols, opps, k=k, scan=scan)
    t2, c2 = time.perf_counter(), _cpu()
    result = match(vols, opps, cands, strategy, workers=workers, chain=chain)
    t3, c3 = time.perf_counter(), _cpu()
    why = explain(vols, opps, cands, result)
    t4, c4 = time.perf_counter(), _cpu()
    summary = summarise(vols, opps, cands, result)
    unreachable = np.flatnonzero((np.bincount(cands.edges.opp, minlength=len(opps)) == 0) & (opps.places_left > 0))
    return {
        "summary": summary.as_dict(),
        "details": {k_: v for k_, v in result.details.items()},
        "candidate_edges": len(cands.edges),
        "alternatives_found": int((why.alt_vol >= 0).sum()),
        "mean_cost_parts": dict(zip(PARTS, (why.parts.mean(0) if len(result) else np.zeros(len(PARTS))).tolist(),
                                    strict=True)),
        "unreachable_opportunities": unreachable.tolist(),
        "seconds": {"load": t1 - t0, "candidates": t2 - t1, "solve": t3 - t2, "explanations": t4 - t3,
                    "end_to_end": t4 - t1},
        "cpu_seconds": {"candidates": c2 - c1, "solve": c3 - c2, "explanations": c4 - c3, "end_to_end": c4 - c1},
        "peak_rss_bytes": _peak_rss(),
        "peak_rss_solver_process_bytes": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished children (the regional solvers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _peak_rss() -> int:
    """This process's peak resident set (VmHWM), in bytes.

    Not getrusage's ru_maxrss: that survives exec, so a process spawned from a big parent would report the
    parent's size.
    """
    try:
        with open("/proc/self/status") as status:
            line = next(x for x in status if x.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _in_fresh_process(*args: Any) -> dict:
    with cf.ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(_run_strategy, *args).result()


def _truly_unfillable(path: Path, unreachable: list[int], sample: int, seed: int) -> dict[str, Any]:
    """Check a sample of the opportunities nobody was found for against every volunteer, pair by pair."""
    from scipy.spatial import cKDTree

    from passport.matching.engine.filters import OppTable, hard_filters

    if not unreachable:
        return {"checked": 0, "fillable": 0}
    vols, opps = _load_instance(path)
    rng = np.random.default_rng(seed)
    picked = np.sort(rng.choice(np.asarray(unreachable), min(sample, len(unreachable)), replace=False))
    local = picked[~opps.remote[picked]]
    pool = np.flatnonzero(vols.located & ~vols.remote_only & (vols.capacity > 0))
    tree = cKDTree(np.column_stack([vols.easting[pool], vols.northing[pool]]))
    table = OppTable.of(opps, local.astype(np.int32))
    fillable = 0
    for row, o in enumerate(local):  # a few hundred opportunities, each against every volunteer in reach
        near = pool[tree.query_ball_point([opps.easting[o], opps.northing[o]], r=vols.max_travel_m.max())]
        dist = np.hypot(vols.easting[near] - opps.easting[o], vols.northing[near] - opps.northing[o])
        ok, _ = hard_filters(vols, near[None, :], table, np.array([[row]]), (dist <= vols.max_travel_m[near])[None, :])
        fillable += bool(ok.any())
    return {"checked": len(local), "fillable": fillable, "remote_skipped": int(len(picked) - len(local))}


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def run(options: dict[str, Any], out: TextIO) -> dict[str, Any]:
    """Run the benchmark, print its table to `out`, and return the figures."""

    def say(text: str) -> None:
        out.write(text + "\n")
        out.flush()

    for name in ("volunteers", "opportunities", "k", "workers"):
        if options[name] < 1:
            raise SystemExit(f"--{name} must be at least 1")
    chain = None if str(options["chain"]) == "exact" else int(options["chain"])
    n_vol, n_opp, seed = options["volunteers"], options["opportunities"], options["seed"]
    path, source = _save_instance(n_vol, n_opp, seed, say)
    load_before = os.getloadavg()[0]
    strategies = [s for s in STRATEGIES if not (options["skip_whole_country"] and s == "optimal")]
    runs: dict[str, dict] = {}
    for strategy in strategies:
        say(f"Running {strategy}...")
        runs[strategy] = _in_fresh_process(str(path), strategy, options["k"], options["scan"], options["workers"],
                                           chain)
    load_after = os.getloadavg()[0]
    unreachable = runs[strategies[0]].pop("unreachable_opportunities")
    for r in runs.values():
        r.pop("unreachable_opportunities", None)
    figures = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "instance": {"volunteers": n_vol, "opportunities": n_opp, "seed": seed, "where": source,
                     "places": runs[strategies[0]]["summary"]["places"]},
        "settings": {"k": options["k"], "scan": options["scan"] or 2 * options["k"], "workers": options["workers"],
                     "chain": options["chain"]},
        "machine": _machine(load_before, load_after),
        "strategies": runs,
        "unreachable": {"count": len(unreachable), **_truly_unfillable(path, unreachable, 300, seed)},
    }
    figures["ratios"] = _ratios(runs)
    out.write(render(figures))
    if options["json_path"]:
        json_path = Path(options["json_path"])
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(figures, indent=2) + "\n")
        say(f"Figures written to {json_path}")
    return figures


def _machine(load_before: float, load_after: float) -> dict[str, Any]:
    import ortools
    import scipy

    memory = ""
    try:
        memory = next(line.split(":", 1)[1].strip() for line in open("/proc/meminfo") if line.startswith("MemTotal"))
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": memory, "python": platform.python_version(),
            "numpy": np.__version__, "scipy": scipy.__version__, "ortools": ortools.__version__,
            "load_average_before": round(load_before, 2), "load_average_after": round(load_after, 2)}


def _ratios(runs: dict[str, dict]) -> dict[str, dict[str, float | None]]:
    out: dict[str, dict[str, float | None]] = {}
    for base_name in ("first_come_nearest", "optimal"):
        base = runs.get(base_name)
        if base is None:
            continue
        b = base["summary"]
        for name, r in runs.items():
            s = r["summary"]
            out.setdefault(name, {}).update({
                f"filled_vs_{base_name}": _ratio(s["places_filled"], b["places_filled"]),
                f"mean_cost_vs_{base_name}": _ratio(s["mean_cost"], b["mean_cost"]),
                f"mean_km_vs_{base_name}": _ratio(s["mean_km"], b["mean_km"]),
                f"covered_vs_{base_name}": _ratio(s["opportunities_covered"], b["opportunities_covered"]),
            })
    return out


def render(figures: dict[str, Any]) -> str:
    runs, ratios = figures["strategies"], figures["ratios"]
    names = list(runs)
    inst, m = figures["instance"], figures["machine"]
    lines = [
        "",
        f"Matching {inst['volunteers']:,} volunteers to {inst['opportunities']:,} opportunities "
        f"({inst['places']:,} places; {inst['where']}; seed {inst['seed']})",
        f"k={figures['settings']['k']} scan={figures['settings']['scan']} workers={figures['settings']['workers']} "
        f"chain={figures['settings']['chain']}; {m['nproc']} cores ({m['cpu']}), {m['memory']} memory; "
        f"load average {m['load_average_before']} before, {m['load_average_after']} after",
        "",
        f"{'':<34}" + "".join(f"{n:>20}" for n in names),
    ]

    def row(label: str, get) -> None:
        lines.append(f"{label:<34}" + "".join(f"{get(runs[n], n):>20}" for n in names))

    gb = 1024 ** 3
    row("places filled", lambda r, n: f"{r['summary']['places_filled']:,}")
    row("  fill rate", lambda r, n: f"{r['summary']['fill_rate']:.2%}")
    row("total cost", lambda r, n: f"{r['summary']['total_cost']:,}")
    row("mean cost per place", lambda r, n: f"{r['summary']['mean_cost']:.1f}")
    row("mean km", lambda r, n: f"{r['summary']['mean_km']:.2f}")
    for part in runs[names[0]]["mean_cost_parts"]:
        row(f"  of which {part}", lambda r, n, p=part: f"{r['mean_cost_parts'][p]:.1f}")
    row("opportunities with >= 1", lambda r, n: f"{r['summary']['coverage']:.2%}")
    row("  of those with a candidate", lambda r, n: f"{r['summary']['coverage_of_reachable']:.2%}")
    row("small organisations' fill", lambda r, n: f"{r['summary']['small_org_fill']:.2%}")
    row("large organisations' fill", lambda r, n: f"{r['summary']['large_org_fill']:.2%}")
    for phase in ("candidates", "solve", "explanations", "end_to_end"):
        row(f"seconds: {phase.replace('_', ' ')}", lambda r, n, p=phase: f"{r['seconds'][p]:.2f}")
    for phase in ("candidates", "solve", "explanations", "end_to_end"):
        row(f"CPU seconds: {phase.replace('_', ' ')}", lambda r, n, p=phase: f"{r['cpu_seconds'][p]:.2f}")
    row("peak RSS GB (process, VmHWM)", lambda r, n: f"{r['peak_rss_bytes'] / gb:.2f}")
    row("peak RSS GB (largest solver proc)", lambda r, n: f"{r['peak_rss_solver_process_bytes'] / gb:.2f}")
    row("fallback", lambda r, n: r["summary"]["fallback_reason"][:18] or "-")
    lines.append("")
    for base in ("first_come_nearest", "optimal"):
        if f"filled_vs_{base}" not in ratios.get(names[0], {}):
            continue
        for what in ("filled", "mean_cost", "mean_km", "covered"):
            key = f"{what}_vs_{base}"
            row(f"{what.replace('_', ' ')} / {base.replace('_', '-')}",
                lambda r, n, k=key: "-" if ratios[n].get(k) is None else f"{ratios[n][k]:.4f}")
    u = figures["unreachable"]
    lines += ["", f"Opportunities with no candidate at all: {u['count']:,}; of {u['checked']} local ones checked "
                  f"against every volunteer pair by pair, {u['fillable']} could have been filled."]
    if "optimal_regional" in runs:
        d = runs["optimal_regional"]["details"]
        lines.append(f"Regional: {d.get('regions')} regions over {d.get('region_edges', 0):,} of the "
                     f"{runs['optimal_regional']['candidate_edges']:,} candidate edges, largest region "
                     f"{d.get('largest_region_edges', 0):,}; final pass {d.get('final_pass_edges', 0):,} edges "
                     f"filled {d.get('final_pass_filled', 0):,}.")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.split("\n\n")[0])
    add_arguments(parser)
    run(vars(parser.parse_args(argv)), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
