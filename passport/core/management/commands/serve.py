"""`passport serve`: serve the site with waitress, a production-grade pure-Python WSGI server.

One process runs Python on one core at a time (the interpreter lock), however many threads it has. With
`--processes N` the command binds the socket once and forks N processes that each serve it with their own threads and
database connections, so a machine with N cores renders N pages at once; it stops them all on SIGTERM or Ctrl+C, and
stops the rest (exiting non-zero) if one of them dies.

The processes share the work by open connections: each publishes how many it holds (in memory shared before the
fork) and listens for new ones only while it holds no more than any other. Left to the kernel, whichever process
woke first took a connection, so two keep-alive clients often both landed in one process and took turns for its
interpreter lock while the other process idled (area pages' median doubled in about half of the runs)."""

from __future__ import annotations

import os
import signal
import socket
import sys
from functools import partial
from multiprocessing.sharedctypes import RawArray
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

IDENT = "volunteer-passport"
BALANCE_SECONDS = 0.005


class Command(BaseCommand):
    help = "Serve Volunteer Passport over HTTP (default http://127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads in each process (default 8)")
        parser.add_argument("--processes", type=int, default=1,
                            help="Processes serving the one socket (default 1; one per core in production)")

    def handle(self, *args: Any, host: str, port: int, threads: int, processes: int, **options: Any) -> None:
        from waitress import serve

        from passport.wsgi import application

        if threads < 1 or processes < 1:
            raise CommandError("--threads and --processes must be at least 1")
        self.stdout.write(f"Serving on http://{host}:{port} (database: {settings.DATABASES['default']['ENGINE']}"
                          f"{f', {processes} processes' if processes > 1 else ''})")
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        if processes == 1:
            serve(application, host=host, port=port, threads=threads, ident=IDENT)
            return
        try:
            listener = socket.create_server((host, port), backlog=1024)
        except OSError as error:
            raise CommandError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
        connections.close_all()  # each process opens its own
        # Open connections in each process, shared across the fork; "very many" until a process has started, so one
        # that is slow to start holds none of the others back.
        held = RawArray("i", [2**31 - 1] * processes)
        children = [_fork(partial(_serve_balanced, application, listener, threads, held, me))
                    for me in range(processes)]
        sys.exit(_supervise(children))


def _serve_balanced(application: Any, listener: socket.socket, threads: int, held: Any, me: int) -> None:
    """Serve the shared socket, accepting new connections only while this process holds no more than the others."""
    from waitress.server import create_server

    server = create_server(application, sockets=[listener], threads=threads, ident=IDENT)
    accepting = server.readable
    parent = os.getppid()

    def readable() -> bool:
        if os.getppid() != parent:  # the supervisor is gone (killed outright): stop rather than serve on unwatched
            raise SystemExit(0)  # waitress's loop stops its threads and returns
        # Open channels, plus this process's listener and trigger (the same in every process).
        held[me] = len(server._map)
        return held[me] <= min(held) and accepting()

    server.readable = readable  # asked by the event loop on every turn
    # A process that stopped listening learns that it is the least busy again only on its loop's next turn, so the
    # turns are short (waitress's own setting is whole seconds: a connection waited up to 1 s in the backlog).
    server.adj.asyncore_loop_timeout = BALANCE_SECONDS
    server.run()


def _fork(run: Any) -> int:
    pid = os.fork()
    if pid == 0:  # the child: serve until told to stop, never return into the parent's code
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        code = 1
        try:
            run()
            code = 0
        except Exception:  # reported, then this process ends
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


def _supervise(children: list[int]) -> int:
    """Wait for the children; on SIGTERM or SIGINT stop them all and return 0; if one dies, stop the rest and
    return 1."""
    stopping = failed = False

    def stop(signum: int, frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            _signal(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    living = set(children)
    while living:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        living.discard(pid)
        if not stopping:  # one died by itself: the service is not whole, so stop and let a supervisor restart it
            failed = True
            stop(signal.SIGTERM, None)
    return 1 if failed else 0


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
