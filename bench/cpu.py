"""CPU time spent by a process, so figures can be read per request even when other work shares the machine.

Latency on a shared machine moves with everything else that runs; the CPU time a request costs hardly does.
Linux only (/proc); elsewhere the figures are None and print as "n/a".
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu_seconds(pid: int) -> float | None:
    """User plus system CPU seconds of the whole process (every thread, live or ended), or None.

    Clock-tick resolution (10 ms): sum it over many requests, not one."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def single_thread_cpu_seconds(pid: int) -> float | None:
    """CPU seconds of a single-threaded process (a PostgreSQL backend), in nanosecond resolution, or None."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return process_cpu_seconds(pid)


def total(pids: list[int]) -> float | None:
    seconds = [single_thread_cpu_seconds(pid) for pid in pids]
    known = [s for s in seconds if s is not None]
    return sum(known) if known else None


class BackendSampler:
    """CPU used by a changing set of single-threaded processes (PostgreSQL backends) over a stretch of time.

    Backends come and go (Django closes connections after CONN_MAX_AGE), so a thread samples them every
    `interval` seconds and keeps each one's last reading: a backend that exits loses at most its last interval.
    Those present at the start count from their reading then; later ones from zero."""

    def __init__(self, list_pids: Callable[[], list[int]], finish: Callable[[], None], interval: float = 0.25) -> None:
        self._list_pids = list_pids
        self._finish = finish
        self._interval = interval
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backend-cpu", daemon=True)
        self._ready = threading.Event()

    def __enter__(self) -> BackendSampler:
        self._thread.start()
        self._ready.wait()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def seconds(self) -> float | None:
        if not self._last:
            return None
        return sum(seconds - self._start.get(pid, 0.0) for pid, seconds in self._last.items())

    def _sample(self) -> None:
        for pid in self._list_pids():
            seconds = single_thread_cpu_seconds(pid)
            if seconds is not None:
                self._last[pid] = seconds

    def _run(self) -> None:
        try:
            self._sample()
            self._start = dict(self._last)
            self._ready.set()
            while not self._stop.wait(self._interval):
                self._sample()
            self._sample()
        finally:
            self._ready.set()
            self._finish()
