"""Strategies: from candidate edges to proposals, one per filled place.

- `optimal`: one min-cost flow over every candidate edge (flow.py), the whole country at once.
- `optimal_regional`: the graph is spatially local, so it is cut into `tile_m` square tiles (100 km by default)
  and each tile's flow is solved in its own process, `workers` at a time, over the edges whose volunteer and
  opportunity share the tile; each opportunity keeps only its `keep_per_place` x places + `keep_extra` cheapest
  of them (the optimum almost never reaches further, and the flows get an order of magnitude smaller). A final
  flow then runs over everything the tiles left: remote opportunities, edges that cross a tile border, places
  still unfilled, with every candidate edge of the volunteers still free (each opportunity's cheapest again).
  Flow solve time grows faster than the graph, so many small flows beat one big one even on one core.
  docs/benchmarks.md measures what this costs against `optimal`.
- `greedy`: cheapest edge first, across the whole country.
- `first_come_nearest`: each opportunity in posting order (array order) takes the nearest eligible volunteers
  still free: what dispatch-to-the-nearest does, and the baseline the product is measured against.

The optimal strategies take `time_limit_s`: when the solver fails or runs past it, greedy answers instead and
`Matching.fallback_reason` says why. Nothing to match (no volunteers, no places, no eligible pair) gives an
empty Matching, never an exception.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from passport.matching.engine.cost import Weights
from passport.matching.engine.flow import FlowResult, solve_flow
from passport.matching.engine.greedy import sequential_assign
from passport.matching.engine.regions import DeadlineExceeded, cpu_count, run_parallel
from passport.matching.engine.sorting import order_by, rank_in_group
from passport.matching.engine.types import Candidates, Matching, Opportunities, Volunteers

STRATEGIES = ("optimal", "optimal_regional", "greedy", "first_come_nearest")

FlowSolver = Callable[..., FlowResult]


def keep_cheapest_per_opportunity(
    opp: np.ndarray, cost: np.ndarray, places: np.ndarray, per_place: int, extra: int
) -> np.ndarray:
    """Positions of each opportunity's per_place x places + extra cheapest edges (ties by position)."""
    order = order_by(cost, group=opp)
    o = opp[order]
    limit = per_place * places[o].astype(np.int64) + extra
    return np.sort(order[rank_in_group(o) < limit])


def _tile(east: np.ndarray, north: np.ndarray, tile_m: int) -> np.ndarray:
    """Tile number of each point; -1 where there is no location."""
    ok = np.isfinite(east) & np.isfinite(north)
    tx = np.where(ok, np.floor_divide(np.nan_to_num(east), tile_m), 0).astype(np.int64)
    ty = np.where(ok, np.floor_divide(np.nan_to_num(north), tile_m), 0).astype(np.int64)
    return np.where(ok, tx * 100_000 + ty, -1)


class _Run:
    """One strategy's run over one candidate set: shared state for the helpers below."""

    def __init__(self, vols, opps, cands, weights, solver, chain):
        self.vols, self.opps, self.edges = vols, opps, cands.edges
        self.bonus = weights.coverage_bonus
        self.solver = solver
        self.chain = chain
        self.details: dict = {}

    def flow(self, idx: np.ndarray, room_v=None, room_o=None, first_place=None) -> np.ndarray:
        """Chosen edge positions among `idx`."""
        e = self.edges
        room_v = self.vols.capacity if room_v is None else room_v
        room_o = self.opps.places_left if room_o is None else room_o
        result = self.solver(e.vol[idx], e.opp[idx], e.cost[idx], room_v, room_o, self.bonus,
                             first_place=first_place, chain=self.chain)
        return idx[np.asarray(result.chosen, bool)]

    def optimal(self, deadline: float | None) -> np.ndarray:
        idx = np.arange(len(self.edges))
        return run_parallel([lambda: self.flow(idx)], [len(idx)], 1, deadline)[0]

    def regional(self, deadline, workers, tile_m, per_place, extra) -> np.ndarray:
        e, vols, opps = self.edges, self.vols, self.opps
        t0 = time.perf_counter()
        o_tile = np.where(opps.remote, -2, _tile(opps.easting, opps.northing, tile_m))
        tile_ids, o_region = np.unique(o_tile, return_inverse=True)
        v_tile = _tile(vols.easting, vols.northing, tile_m)
        # An edge is a region's when its volunteer and its (local) opportunity share a tile.
        region = o_region[e.opp]
        local = np.flatnonzero((v_tile[e.vol] == o_tile[e.opp]) & (o_tile[e.opp] >= 0))
        order = local[np.argsort(region[local].astype(np.int32), kind="stable")]
        bounds = np.flatnonzero(np.diff(region[order])) + 1
        groups = np.split(order, bounds) if len(order) else []

        def solve_region(g: np.ndarray) -> np.ndarray:
            # Inside the worker, so that the processes share the sorting as well as the solving.
            g = g[keep_cheapest_per_opportunity(e.opp[g], e.cost[g], opps.places_left, per_place, extra)]
            return self.flow(g)

        self.details.update(regions=len(groups), region_edges=len(order),
                            largest_region_edges=max(map(len, groups), default=0))
        t1 = time.perf_counter()
        tasks = [lambda g=g: solve_region(g) for g in groups]
        chosen = run_parallel(tasks, [len(g) for g in groups], workers, deadline)
        chosen = np.concatenate(chosen) if chosen else np.zeros(0, np.int64)
        t2 = time.perf_counter()
        # The final pass: what the tiles left, over every candidate edge of volunteers still free.
        room_v = vols.capacity.astype(np.int64) - np.bincount(e.vol[chosen], minlength=len(vols))
        room_o = opps.places_left.astype(np.int64) - np.bincount(e.opp[chosen], minlength=len(opps))
        taken = np.zeros(len(e), bool)
        taken[chosen] = True
        rest = np.flatnonzero(~taken & (room_v[e.vol] > 0) & (room_o[e.opp] > 0))
        rest = rest[keep_cheapest_per_opportunity(e.opp[rest], e.cost[rest], room_o, per_place, extra)]
        first_place = np.bincount(e.opp[chosen], minlength=len(opps)) == 0
        final = run_parallel([lambda: self.flow(rest, room_v, room_o, first_place)], [len(rest)], 1, deadline)[0]
        t3 = time.perf_counter()
        self.details.update(final_pass_edges=len(rest), final_pass_filled=len(final),
                            split_s=t1 - t0, regions_s=t2 - t1, final_pass_s=t3 - t2)
        return np.concatenate([chosen, final])

    def sequential(self, order: np.ndarray) -> np.ndarray:
        e = self.edges
        chosen, rounds = sequential_assign(e.vol, e.opp, order, self.vols.capacity, self.opps.places_left)
        self.details["rounds"] = rounds
        return np.flatnonzero(chosen)

    def greedy(self) -> np.ndarray:
        return self.sequential(order_by(self.edges.cost))

    def first_come_nearest(self) -> np.ndarray:
        return self.sequential(order_by(self.edges.dist_m, group=self.edges.opp))


def match(
    vols: Volunteers,
    opps: Opportunities,
    candidates: Candidates,
    strategy: str = "optimal_regional",
    *,
    weights: Weights | None = None,
    time_limit_s: float | None = None,
    workers: int | None = None,
    tile_m: int = 100_000,
    keep_per_place: int = 2,
    keep_extra: int = 4,
    chain: int | None = None,
    solver: FlowSolver = solve_flow,
) -> Matching:
    """Proposals for one matching round with `strategy` (one of STRATEGIES), over `candidates`' edges.

    `workers` (default: every core) bounds the processes of `optimal_regional`; `chain` is flow.solve_flow's
    (None, the default: filled places strictly first whatever the size); `solver` is injectable for tests.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}")
    started = time.perf_counter()
    weights = weights or Weights()
    edges = candidates.edges
    run = _Run(vols, opps, candidates, weights, solver, chain)
    fallback = ""
    if len(edges) == 0 or not vols.capacity.any() or not opps.places_left.any():
        chosen = np.zeros(0, np.int64)
    elif strategy == "greedy":
        chosen = run.greedy()
    elif strategy == "first_come_nearest":
        chosen = run.first_come_nearest()
    else:
        deadline = None if time_limit_s is None else time.monotonic() + time_limit_s
        try:
            if strategy == "optimal":
                chosen = run.optimal(deadline)
            else:
                chosen = run.regional(deadline, workers or cpu_count(), tile_m, keep_per_place, keep_extra)
        except DeadlineExceeded:
            fallback = f"the {strategy} solver ran past the time limit of {time_limit_s:g} s; greedy answered"
        except Exception as exc:  # any solver failure falls back: a round must never crash
            fallback = f"the {strategy} solver failed ({exc}); greedy answered"
        if fallback:
            chosen = run.greedy()
    chosen = np.sort(np.asarray(chosen, dtype=np.int64))
    return Matching(
        strategy=strategy,
        vol=edges.vol[chosen],
        opp=edges.opp[chosen],
        edge=chosen,
        cost=edges.cost[chosen],
        n_volunteers=len(vols),
        n_opportunities=len(opps),
        fallback_reason=fallback,
        seconds=time.perf_counter() - started,
        details=run.details,
    )
