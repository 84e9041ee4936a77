"""Candidate generation: for every volunteer, the K cheapest opportunities that pass every hard constraint.

Local opportunities sit in a `scipy.spatial.cKDTree`; each volunteer examines the `scan` nearest ones within
their travel distance (volunteers in chunks, so memory stays bounded), the hard constraints are applied as
array and bit operations on (chunk, scan) arrays, and the K cheapest survivors are kept (filters.py).

Seen from one volunteer this is an approximation, stated: an eligible opportunity further away than `scan`
ineligible ones is not examined (`scan` defaults to 2K). Seen from the opportunities it is then corrected:
outreach.py searches from every opportunity left with fewer candidates than places, among the volunteers who
hold its rarest required skill, and gives remote opportunities (which have no distance) their candidates.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.spatial import cKDTree

from passport.matching.engine import outreach
from passport.matching.engine.cost import Weights
from passport.matching.engine.filters import OppTable, edges_from
from passport.matching.engine.types import STAGES, Candidates, Edges, Opportunities, Volunteers


def _local(vols, opps, weights, k, scan, chunk_size, workers, reach, active) -> list[Edges]:
    pos = np.flatnonzero(~opps.remote & (opps.places_left > 0)).astype(np.int32)
    who = np.flatnonzero(active & vols.located & ~vols.remote_only & (vols.max_travel_m > 0))
    if len(pos) == 0 or len(who) == 0:
        return []
    xy = np.column_stack([opps.easting[pos], opps.northing[pos]])
    tree = cKDTree(xy)
    # Renumber opportunities in the tree's leaf order, so neighbours have nearby rows and gathers stay in cache.
    pos = pos[tree.indices]
    tree = cKDTree(xy[tree.indices])
    table = OppTable.of(opps, pos)
    scan = min(scan, len(pos))
    # Volunteers by travel distance, then in spatial order (5 km cells, then the exact point): a chunk's search
    # radius is then its own volunteers' travel distance, neighbours share cache lines of the opportunity columns,
    # and volunteers at the same point with the same travel distance (locations are postcode centroids, so a
    # third of volunteers share one) sit together and are searched for once.
    east, north, travel = vols.easting[who], vols.northing[who], vols.max_travel_m[who]
    cell = (east // 5000).astype(np.int64) * 1000 + (north // 5000).astype(np.int64)
    travel_rank = np.unique(travel, return_inverse=True)[1].astype(np.int64)
    order = np.lexsort((north, east, travel_rank * 1_000_000 + cell))
    who, east, north, travel = who[order], east[order], north[order], travel[order]
    first = np.ones(len(who), bool)
    first[1:] = (east[1:] != east[:-1]) | (north[1:] != north[:-1]) | (travel[1:] != travel[:-1])
    point = np.cumsum(first) - 1  # each volunteer's search point
    starts = np.flatnonzero(first)

    def chunk(p0: int) -> Edges:
        reps = starts[p0:p0 + chunk_size]
        dist, j = tree.query(
            np.column_stack([east[reps], north[reps]]), k=scan,
            distance_upper_bound=float(travel[reps].max()) * (1 + 1e-9), workers=1,
        )
        dist, j = dist.reshape(len(reps), scan), j.reshape(len(reps), scan)
        lo = reps[0]
        hi = starts[p0 + chunk_size] if p0 + chunk_size < len(starts) else len(who)
        row = point[lo:hi] - p0
        v = who[lo:hi]
        dist, j = dist[row], j[row]
        in_range = dist <= travel[lo:hi, None]
        edges, counts = edges_from(vols, opps, weights, v[:, None], table, j, dist, in_range, k)
        reach[v] = counts  # chunks own disjoint rows
        return edges

    # The tree query and most numpy work release the GIL, so chunks run side by side on threads.
    threads = (os.cpu_count() or 1) if workers < 1 else workers
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(chunk, range(0, len(starts), chunk_size)))


def generate_candidates(
    vols: Volunteers,
    opps: Opportunities,
    weights: Weights | None = None,
    *,
    k: int = 30,
    scan: int | None = None,
    chunk_size: int = 25_000,
    workers: int = -1,
    remote_sample: int = 256,
    rescue_k: int = 256,
    seed: int = 0,
) -> Candidates:
    """Every eligible (volunteer, opportunity) pair found, each volunteer's K cheapest local ones kept.

    `scan`: nearest local opportunities each volunteer examines (default 2K). `workers`: threads searching
    chunks of volunteers side by side (-1: one per core). `remote_sample`: volunteers each remote opportunity
    examines. `rescue_k`: volunteers an opportunity with too few candidates examines. `seed` makes the remote
    sampling repeatable. Edges come grouped by volunteer chunk, in no particular order; each (volunteer,
    opportunity) pair appears once.
    """
    started = time.perf_counter()
    weights = weights or Weights()
    if k < 1:
        raise ValueError("k must be at least 1")
    scan = max(k, scan if scan is not None else 2 * k)
    reach = np.zeros((len(vols), len(STAGES)), np.int32)
    active = vols.capacity > 0
    rng = np.random.default_rng(seed)
    parts = _local(vols, opps, weights, k, scan, chunk_size, workers, reach, active)
    parts += outreach.remote(vols, opps, weights, k, scan, remote_sample, rng, reach, active)
    parts.append(outreach.rescue(vols, opps, weights, parts, active, rescue_k, workers))
    edges = Edges.concat(parts)
    return Candidates(edges=edges, reach=reach, seconds=time.perf_counter() - started)
