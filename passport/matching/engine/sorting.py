"""Orderings of edge arrays that the strategies and explanations share.

numpy's `sort` of int64 values is several times faster than `argsort` or `lexsort` on tens of millions of
elements, so when the group, the key and the position fit in 63 bits together we sort packed values and read
the positions back from the low bits. Ties always break by position, so every ordering is deterministic.
"""

from __future__ import annotations

import numpy as np


def _bits(n: int) -> int:
    return max(int(n - 1).bit_length(), 1) if n > 1 else 1


def order_by(key: np.ndarray, group: np.ndarray | None = None) -> np.ndarray:
    """Positions sorted by (group, key, position); key and group must be non-negative integers."""
    n = len(key)
    if n == 0:
        return np.zeros(0, np.int64)
    key = np.asarray(key, dtype=np.int64)
    if key.min() < 0:
        raise ValueError("order_by needs non-negative keys")
    pos_bits = _bits(n)
    key_bits = _bits(int(key.max()) + 1)
    group_bits = 0 if group is None else _bits(int(group.max()) + 1)
    if pos_bits + key_bits + group_bits <= 63:
        packed = (key << pos_bits) | np.arange(n, dtype=np.int64)
        if group is not None:
            packed |= np.asarray(group, dtype=np.int64) << (pos_bits + key_bits)
        packed.sort()
        return packed & ((1 << pos_bits) - 1)
    if group is None:
        return np.argsort(key, kind="stable")
    return np.lexsort((key, group))


def regroup(order: np.ndarray, group: np.ndarray) -> np.ndarray:
    """`order` (positions) stably re-sorted by group[position]: a sequence by group, each group keeping its order.

    Sorting by (group, place in `order`) this way packs two fields, not three, so it fits 63 bits for any
    realistic size.
    """
    n = len(order)
    if n == 0:
        return np.zeros(0, np.int64)
    pos_bits = _bits(n)
    if pos_bits + _bits(int(group.max()) + 1) > 63:
        return order[np.argsort(group[order], kind="stable")]
    packed = (group[order].astype(np.int64) << pos_bits) | np.arange(n, dtype=np.int64)
    packed.sort()
    return order[packed & ((1 << pos_bits) - 1)]


def rank_in_group(sorted_group: np.ndarray) -> np.ndarray:
    """For a group array already in sorted order: each element's position within its group (0, 1, 2...)."""
    n = len(sorted_group)
    if n == 0:
        return np.zeros(0, np.int64)
    start = np.ones(n, bool)
    start[1:] = sorted_group[1:] != sorted_group[:-1]
    first = np.maximum.accumulate(np.where(start, np.arange(n), 0))
    return np.arange(n) - first
