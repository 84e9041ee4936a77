"""Running flow solves in forked worker processes, with a deadline.

OR-Tools holds the GIL while it solves, so parallel solves need processes. Workers are forked, so they read
the edge arrays the parent already holds (copy-on-write) instead of receiving them pickled; only the chosen
edge positions travel back, through a pipe. A deadline terminates every worker still running.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait
from typing import Any

import numpy as np

# The work a forked child runs; set by the parent just before forking, read by the child.
_TASKS: Sequence[Callable[[], Any]] = ()


class DeadlineExceeded(TimeoutError):
    pass


def _child(conn: Any, indices: list[int]) -> None:
    try:
        for i in indices:
            result = _TASKS[i]()
            conn.send_bytes(pickle.dumps(("ok", i, result), protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:  # report any failure to the parent, which falls back
        conn.send_bytes(pickle.dumps(("error", -1, f"{type(exc).__name__}: {exc}")))
    finally:
        conn.close()


def balance(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """Longest first onto the least-loaded worker."""
    loads = [0] * workers
    plan: list[list[int]] = [[] for _ in range(workers)]
    for i in np.argsort(-np.asarray(sizes, dtype=np.int64), kind="stable"):
        w = loads.index(min(loads))
        plan[w].append(int(i))
        loads[w] += int(sizes[i])
    return [p for p in plan if p]


def run_parallel(
    tasks: Sequence[Callable[[], Any]], sizes: Sequence[int], workers: int, deadline: float | None
) -> list[Any]:
    """Run every task in forked processes (at most `workers`); results in task order.

    Raises DeadlineExceeded when `deadline` (a time.monotonic() value) passes first, RuntimeError when a task
    fails. With one worker and no deadline the tasks run in this process.
    """
    if not tasks:
        return []
    workers = max(1, min(workers, len(tasks)))
    if workers == 1 and deadline is None:
        return [task() for task in tasks]
    global _TASKS
    _TASKS = tasks
    ctx = mp.get_context("fork")
    procs, conns = [], []
    try:
        for indices in balance(sizes, workers):
            parent, child = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child, indices), daemon=True)
            proc.start()
            child.close()
            procs.append(proc)
            conns.append(parent)
        results: dict[int, Any] = {}
        open_conns = list(conns)
        while len(results) < len(tasks):
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = wait(open_conns, timeout=timeout)
            if not ready:
                raise DeadlineExceeded("time limit reached")
            for conn in ready:
                try:
                    status, i, payload = pickle.loads(conn.recv_bytes())
                except EOFError:
                    open_conns.remove(conn)
                    if not open_conns and len(results) < len(tasks):
                        raise RuntimeError("a solver process exited without an answer") from None
                    continue
                if status != "ok":
                    raise RuntimeError(payload)
                results[i] = payload
        return [results[i] for i in range(len(tasks))]
    finally:
        _TASKS = ()
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for proc in procs:
            proc.join(timeout=5)
        for conn in conns:
            conn.close()


def cpu_count() -> int:
    return os.cpu_count() or 1
