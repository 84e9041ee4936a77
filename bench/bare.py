"""A reply path with no framework, for the replies benchmark (`passport bench callout`, docs/benchmarks.md,
Call-outs §2): what this machine can store a second when a request costs only the WSGI server, one bearer-token
comparison, one JSON parse and one committed INSERT.

It is a measuring stick, not a reply path: it stores a received text's fields in the benchmark's scratch table
(`TABLE`) and does none of a reply's other work (finding the call-out, applying the answer, telling the volunteer).
No Django is imported, so nothing of the framework's request handling runs.

    python -m bench.bare --port 8123 --threads 4   # DATABASE_URL and NOTIFY_CALLBACK_TOKEN from the environment
"""

from __future__ import annotations

import argparse
import hmac
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

TABLE = "bench_bare_text"
COLUMNS = "(inbound_id VARCHAR(100) PRIMARY KEY, source_number VARCHAR(40), message TEXT, date_received VARCHAR(40))"
INSERT = (f"INSERT INTO {TABLE} (inbound_id, source_number, message, date_received) VALUES (%s, %s, %s, %s) "
          "ON CONFLICT DO NOTHING")


def connect(url: str) -> Any:
    """A DB-API connection that commits each statement, to the benchmark's database (PostgreSQL or SQLite)."""
    if url.startswith("sqlite:"):
        # sqlite:////absolute/path or sqlite:///relative/path, as the benchmark's other processes read it.
        conn = sqlite3.connect(urlsplit(url).path[1:], isolation_level=None, check_same_thread=False, timeout=5)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn
    import psycopg

    return psycopg.connect(url, autocommit=True)


def application(url: str, token: str) -> Callable[..., Iterable[bytes]]:
    local = threading.local()
    expected = f"Bearer {token}".encode()
    insert = INSERT if not url.startswith("sqlite:") else INSERT.replace("%s", "?")

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] == "GET":  # readiness
            return _answer(start_response, "200 OK", b'{"status": "ok"}')
        if not hmac.compare_digest(environ.get("HTTP_AUTHORIZATION", "").encode(), expected):
            return _answer(start_response, "401 Unauthorized", b'{"detail": "unauthorised"}')
        try:
            text = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
            row = (str(text["id"]), str(text["source_number"]), str(text["message"]), str(text["date_received"]))
        except (ValueError, KeyError, TypeError):
            return _answer(start_response, "400 Bad Request", b'{"detail": "not an inbound text"}')
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = connect(url)
        conn.execute(insert, row)
        return _answer(start_response, "200 OK", b"{}")

    return app


def _answer(start_response: Callable[..., Any], status: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    import waitress

    waitress.serve(application(os.environ["DATABASE_URL"], os.environ["NOTIFY_CALLBACK_TOKEN"]), host=args.host,
                   port=args.port, threads=args.threads, _quiet=True)


if __name__ == "__main__":
    main()
