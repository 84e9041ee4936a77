"""Opportunities looking for volunteers: remote opportunities, and those the volunteers' own search left short.

Remote opportunities have no distance to search by: volunteers who can only work remotely examine a window of
`scan` of them each, and every remote opportunity examines a seeded sample of the other willing volunteers.
An opportunity with fewer candidates than places after the volunteers' search examines its `rescue_k` nearest
volunteers itself. Both opportunity-side searches draw from the volunteers who hold the opportunity's rarest
required skill, so that a role needing a rare skill meets the few people who have it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from scipy.spatial import cKDTree

from passport.matching.engine.filters import OppTable, edges_from
from passport.matching.engine.types import Edges


def _bits(a: np.ndarray) -> np.ndarray:
    """(n, 64) uint8 of the bits of a uint64 array, bit 0 first."""
    return np.unpackbits(a.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")


def _bit_counts(a: np.ndarray) -> np.ndarray:
    """How many elements of a uint64 array have each bit set."""
    return np.array([np.count_nonzero(a & np.uint64(1 << b)) for b in range(64)], dtype=np.int64)


def by_rarest_skill(
    skills: np.ndarray, pool: np.ndarray, required: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Group opportunities (by their required bitsets) by their rarest required skill among the pool.

    Yields (rows of `required`, the pool volunteers holding that skill); opportunities requiring nothing get
    the whole pool. One group per skill bit: a loop over at most 65 groups, never over volunteers.
    """
    if len(required) == 0 or len(pool) == 0:
        return
    holders = _bit_counts(skills[pool])
    has = _bits(required).astype(bool)
    rarest = np.where(has.any(1), np.argmin(np.where(has, holders, np.iinfo(np.int64).max), axis=1), -1)
    for bit in np.unique(rarest):
        rows = np.flatnonzero(rarest == bit)
        if bit < 0:
            yield rows, pool
        else:
            yield rows, pool[((skills[pool] >> np.uint64(bit)) & np.uint64(1)) == 1]


def remote(vols, opps, weights, k, scan, sample, rng, reach, active) -> list[Edges]:
    pos = np.flatnonzero(opps.remote & (opps.places_left > 0)).astype(np.int32)
    if len(pos) == 0:
        return []
    pos = pos[rng.permutation(len(pos))]
    table = OppTable.of(opps, pos)
    out = []
    only = np.flatnonzero(active & (vols.remote_only | (~vols.located & vols.remote_ok)))
    if len(only):
        s = min(scan, len(pos))
        j = (rng.integers(0, len(pos), len(only))[:, None] + np.arange(s)) % len(pos)
        edges, counts = edges_from(
            vols, opps, weights, only[:, None], table, j, np.zeros(j.shape), np.ones(j.shape, bool), k
        )
        reach[only] = counts
        out.append(edges)
    willing = np.flatnonzero(active & vols.remote_ok & vols.located & ~vols.remote_only)
    if sample <= 0:
        return out
    for rows, pool in by_rarest_skill(vols.skills, willing, table.required[:-1]):
        if len(pool) == 0:
            continue
        if len(pool) <= sample:
            v = np.broadcast_to(pool, (len(rows), len(pool)))
            fresh = np.ones(v.shape, bool)
        else:
            v = np.sort(pool[rng.integers(0, len(pool), (len(rows), sample))], axis=1)
            fresh = np.ones(v.shape, bool)
            fresh[:, 1:] = v[:, 1:] != v[:, :-1]  # drawn twice: count once
        edges, _ = edges_from(vols, opps, weights, v, table, rows[:, None], np.zeros(v.shape), fresh, v.shape[1])
        out.append(edges)
    return out


def _nearest(vols, opps, weights, tree, holders, table, rows, skip, k, radius, workers) -> Edges:
    """Eligible edges from opportunities `rows` of `table` to their nearest holders, ranks skip..k-1."""
    dist, i = tree.query(np.column_stack([opps.easting[table.pos[rows]], opps.northing[table.pos[rows]]]), k=k,
                         distance_upper_bound=radius, workers=workers)
    dist, i = dist.reshape(len(rows), k)[:, skip:], i.reshape(len(rows), k)[:, skip:]
    v = holders[np.minimum(i, len(holders) - 1)]
    in_range = (i < len(holders)) & (dist <= vols.max_travel_m[v])
    edges, _ = edges_from(vols, opps, weights, v, table, rows[:, None], dist, in_range, k)
    return edges


def rescue(vols, opps, weights, parts: list[Edges], active, rescue_k: int, workers: int) -> Edges:
    """Edges from opportunities that have fewer candidates than places (in `parts`) to their nearest volunteers."""
    found = np.zeros(len(opps), np.int64)
    for part in parts:
        found += np.bincount(part.opp, minlength=len(opps))
    need = np.flatnonzero(~opps.remote & (opps.places_left > 0) & (found < opps.places_left)).astype(np.int32)
    pool = np.flatnonzero(active & vols.located & ~vols.remote_only & (vols.max_travel_m > 0))
    if len(need) == 0 or len(pool) == 0 or rescue_k <= 0:
        return Edges.empty()
    table = OppTable.of(opps, need)
    radius = float(vols.max_travel_m[pool].max()) * (1 + 1e-9)
    out = []
    for rows, holders in by_rarest_skill(vols.skills, pool, table.required[:-1]):
        if len(holders) == 0:
            continue
        # Built once per group and queried a few times: the sliding-midpoint tree builds faster.
        tree = cKDTree(np.column_stack([vols.easting[holders], vols.northing[holders]]), balanced_tree=False)
        # Nearest rescue_k first; an opportunity that still has nobody looks 16 times further down the list.
        done, rows_left = 0, rows
        for kk in (rescue_k, rescue_k * 16):
            kk = min(kk, len(holders))
            if kk <= done or len(rows_left) == 0:
                break
            got = np.zeros(len(table.pos), np.int64)
            for start in range(0, len(rows_left), 1024):
                r = rows_left[start:start + 1024]
                edges = _nearest(vols, opps, weights, tree, holders, table, r, done, kk, radius, workers)
                got += np.bincount(np.searchsorted(need, edges.opp), minlength=len(got))
                out.append(edges)
            done, rows_left = kk, rows_left[(got[rows_left] == 0) & (found[need[rows_left]] == 0)]
    extra = Edges.concat(out)
    if len(extra) == 0:
        return extra
    # Keep only pairs the volunteers' own search did not already find.
    n_opp = np.int64(len(opps))
    short = np.zeros(len(opps), bool)
    short[need] = True
    known = np.concatenate([p.vol[short[p.opp]].astype(np.int64) * n_opp + p.opp[short[p.opp]] for p in parts]
                           or [np.zeros(0, np.int64)])
    new = ~np.isin(extra.vol.astype(np.int64) * n_opp + extra.opp, known)
    return extra.take(np.flatnonzero(new))
