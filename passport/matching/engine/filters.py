"""The hard constraints and the cost, applied to blocks of (volunteer, opportunity) pairs at once.

Both directions of search use these: volunteers examining their nearest opportunities (candidates.py) and
opportunities examining volunteers (outreach.py). A block is two broadcastable index arrays, volunteer positions
and rows of an OppTable, shaped like (c, 1) and (c, s) or the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from passport.matching.engine.cost import total_cost
from passport.matching.engine.types import STAGES, Edges, Opportunities, Volunteers

_NO_SKILL = np.uint64(0xFFFF_FFFF_FFFF_FFFF)


@dataclass
class OppTable:
    """Hard-constraint columns of a subset of opportunities, plus one sentinel row no one passes."""

    pos: np.ndarray  # int32 positions into Opportunities; -1 for the sentinel
    required: np.ndarray
    slots: np.ndarray
    min_rank: np.ndarray
    min_age: np.ndarray
    stream_bit: np.ndarray
    shift_day: np.ndarray

    @classmethod
    def of(cls, opps: Opportunities, pos: np.ndarray) -> OppTable:
        ext = np.append(pos, 0)  # gather row 0 for the sentinel, then overwrite it

        def col(a: np.ndarray, sentinel: object) -> np.ndarray:
            out = a[ext]
            out[-1] = sentinel
            return out

        stream = opps.stream[ext].astype(np.uint8)
        stream_bit = np.where(stream == 0, 0, np.left_shift(1, np.maximum(stream.astype(np.int16) - 1, 0)))
        stream_bit = stream_bit.astype(np.uint8)
        stream_bit[-1] = 0xFF
        return cls(
            pos=np.append(pos, -1).astype(np.int32),
            required=col(opps.required_skills, _NO_SKILL),
            slots=col(opps.slots, 0),
            min_rank=col(opps.min_vetting_rank, 127),
            min_age=col(opps.min_age, 32767),
            stream_bit=stream_bit,
            shift_day=col(opps.shift_day, 0),
        )


def hard_filters(vols: Volunteers, v: np.ndarray, t: OppTable, j: np.ndarray, in_range: np.ndarray):
    """Apply the hard filters in STAGES order; return the surviving mask and per-row counts after each stage.

    `v` (volunteer positions) and `j` (rows of `t`) broadcast to `in_range`'s shape (c, s), e.g. (c, 1) and
    (c, s) for volunteers examining opportunities, or the other way round for opportunities examining volunteers.
    """
    counts = np.empty((in_range.shape[0], len(STAGES)), np.int32)
    m = in_range
    counts[:, 0] = np.count_nonzero(m, axis=1)
    m = m & ((t.required[j] & ~vols.skills[v]) == 0)
    counts[:, 1] = np.count_nonzero(m, axis=1)
    rank = t.min_rank[j]
    m &= (rank <= vols.vetting_rank[v]) & ((rank == 0) | (t.shift_day[j] <= vols.vetting_valid_until[v]))
    counts[:, 2] = np.count_nonzero(m, axis=1)
    slots = t.slots[j]
    m &= (slots == 0) | ((slots & vols.availability[v]) != 0)
    counts[:, 3] = np.count_nonzero(m, axis=1)
    m &= t.min_age[j] <= vols.age[v]
    counts[:, 4] = np.count_nonzero(m, axis=1)
    m &= (t.stream_bit[j] & ~vols.streams[v]) == 0
    counts[:, 5] = np.count_nonzero(m, axis=1)
    return m, counts


def keep_cheapest(rows: np.ndarray, cost: np.ndarray, per_row: np.ndarray, k: int) -> np.ndarray:
    """Mask of the k cheapest entries of each row; `rows` is sorted, `per_row` counts entries per row."""
    over = per_row > k
    if not over.any():
        return np.ones(len(rows), bool)
    crowded = np.flatnonzero(over[rows])
    order = crowded[np.lexsort((cost[crowded], rows[crowded]))]
    starts = np.searchsorted(rows[order], rows[order], side="left")
    keep = np.ones(len(rows), bool)
    keep[order[np.arange(len(order)) - starts >= k]] = False
    return keep


def edges_from(vols, opps, weights, v, t, j, dist, in_range, k):
    """Filter, cost and keep the k cheapest per row; returns (Edges, counts after each stage per row)."""
    ok, counts = hard_filters(vols, v, t, j, in_range)
    rows, cols = np.nonzero(ok)
    vv = np.broadcast_to(v, ok.shape)[rows, cols].astype(np.int32)
    o = t.pos[np.broadcast_to(j, ok.shape)[rows, cols]]
    d = np.rint(dist[rows, cols])  # whole metres, as stored, so a cost can be recomputed exactly
    cost = total_cost(vols, opps, vv, o, d, weights)
    keep = keep_cheapest(rows, cost, counts[:, -1], k)
    edges = Edges(
        vol=vv[keep],
        opp=o[keep],
        cost=cost[keep].astype(np.int64),
        dist_m=np.where(opps.remote[o[keep]], 0, np.rint(d[keep])).astype(np.int32),
    )
    return edges, counts
