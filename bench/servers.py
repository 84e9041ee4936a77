"""Real WSGI servers (`passport serve`, waitress) on loopback, and a small pool of keep-alive HTTP clients."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import CommandError

from bench.database import BenchDatabase

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Outcome:
    latency: float  # seconds from sending the request to reading the whole body
    status: int
    count: int | None
    ids: tuple[str, ...]
    body: bytes


class Server:
    """`passport serve` (or another WSGI server module, `program`) in a subprocess against the benchmark database,
    with the given extra settings."""

    def __init__(self, name: str, db: BenchDatabase, threads: int, log: Path, *, processes: int = 1,
                 program: tuple[str, ...] = ("passport.cli", "serve"), **env: str) -> None:
        self.name = name
        self.program = program  # the module run with `python -m`, and its arguments before the address
        self.db = db
        self.threads = threads
        self.processes = processes
        self.log = log
        self.env = env
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log_file: IO[bytes] | None = None

    @property
    def pid(self) -> int:
        return self.process.pid if self.process is not None else 0

    @property
    def database_url(self) -> str:
        """The database URL the server gets: its connections carry an application_name, so their backends can be
        found (backend_pids)."""
        return self.db.url_with(application_name=self.application_name)

    @property
    def application_name(self) -> str:
        return f"passport-bench-{self.name}"

    def backend_pids(self) -> list[int]:
        """The PostgreSQL backends serving this server, on this machine (none on SQLite, or for a database on
        another machine: their CPU cannot be read from here)."""
        return local_backend_pids(self.db, self.application_name)

    def start(self) -> None:
        self.port = _free_port()
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", *self.program, "--host", HOST, "--port", str(self.port),
             "--threads", str(self.threads)] + (["--processes", str(self.processes)] if self.processes > 1 else []),
            cwd=settings.BASE_DIR,
            env=self.db.child_env(LOG_LEVEL="WARNING", DEBUG="0", DATABASE_URL=self.database_url, **self.env),
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise CommandError(f"the {self.name} server exited at start:\n{self._tail()}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request("GET", "/healthz")
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise CommandError(f"the {self.name} server did not answer /healthz within {timeout:.0f} s:\n{self._tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    def _tail(self) -> str:
        if self._log_file is not None:
            self._log_file.flush()
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def get_once(port: int, path: str) -> Outcome:
    return _request(http.client.HTTPConnection(HOST, port, timeout=120), path)


def drive(port: int, paths: list[str], concurrency: int, deadline: float) -> tuple[list[Outcome | None], float]:
    """GET each path from `concurrency` threads, each with its own keep-alive connection.

    Returns an outcome per path (None for those not sent before the deadline) and the wall time taken."""
    local = threading.local()
    opened: list[http.client.HTTPConnection] = []
    lock = threading.Lock()

    def one(path: str) -> Outcome | None:
        if time.monotonic() > deadline:
            return None
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = http.client.HTTPConnection(HOST, port, timeout=120)
            local.conn = conn
            with lock:
                opened.append(conn)
        outcome = _request(conn, path)
        return outcome

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(one, paths))
    wall = time.perf_counter() - started
    for conn in opened:
        conn.close()
    return outcomes, wall


def _request(conn: http.client.HTTPConnection, path: str) -> Outcome:
    started = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        # A keep-alive connection the server closed: the request never ran, so open a new one and retry once.
        conn.close()
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept": "application/json"})
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            raise CommandError(f"GET {path} failed: {error}") from error
    latency = time.perf_counter() - started
    if response.will_close:
        conn.close()
    count: int | None = None
    ids: tuple[str, ...] = ()
    if response.status == 200:
        data: Any = json.loads(body)
        count = data.get("count")
        ids = tuple(str(row["id"]) for row in data.get("results", []))
    return Outcome(latency=latency, status=response.status, count=count, ids=ids, body=body)


def local_backend_pids(db: BenchDatabase, application_name: str) -> list[int]:
    """PostgreSQL backends on this machine serving this process (no name) or the named application."""
    from bench import cpu

    if db.vendor != "postgresql":
        return []
    with db.connection.cursor() as cursor:
        if application_name:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name])
        else:
            cursor.execute("SELECT pg_backend_pid()")
        pids = [int(row[0]) for row in cursor.fetchall()]
    # A server on another machine: its backends' CPU cannot be read from here.
    return [pid for pid in pids if cpu.single_thread_cpu_seconds(pid) is not None]
