"""The benchmark's own database: a SQLite file or a PostgreSQL database named by URL, never the user's.

The schema comes from `passport migrate` run in a subprocess whose DATABASE_URL is the benchmark's: data
migrations write through the default alias, so migrating in this process could touch the user's database.
The rows are loaded here through a second alias, `bench`, which the ORM part of the benchmark also reads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import dj_database_url
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

ALIAS = "bench"
META_TABLE = "bench_meta"
# Tables that hold people's data in a real deployment: if any has rows and the benchmark did not put them
# there, the database is someone's and we stop.
GUARDED_TABLES = ("accounts_user", "organisations_organisation", "opportunities_opportunity", "volunteers_volunteer")


def default_url() -> str:
    return f"sqlite:///{(Path(settings.VAR_DIR) / 'bench.sqlite3').resolve()}"


@dataclass
class BenchDatabase:
    url: str
    config: dict[str, Any]

    @classmethod
    def from_url(cls, url: str) -> BenchDatabase:
        if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
            raise CommandError("--database-url must be sqlite:///PATH or postgres://...")
        config: dict[str, Any] = dict(dj_database_url.parse(url))
        if config["ENGINE"].endswith("sqlite3"):
            # As in passport.settings, so the servers and this process see the database the same way.
            config["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"}
        db = cls(url=url, config=config)
        db._refuse_the_user_database()
        return db

    @property
    def vendor(self) -> str:
        return "sqlite" if self.config["ENGINE"].endswith("sqlite3") else "postgresql"

    @property
    def label(self) -> str:
        if self.vendor == "sqlite":
            return f"SQLite file {self.config['NAME']}"
        host = self.config.get("HOST") or "localhost"
        options = self.config.get("OPTIONS", {}).get("options")
        extra = f" (connection options: {options})" if options else ""
        return f"PostgreSQL database {self.config['NAME']} on {host}:{self.config.get('PORT') or 5432}{extra}"

    def _identity(self, config: dict[str, Any]) -> tuple[str, ...]:
        if config["ENGINE"].endswith("sqlite3"):
            return ("sqlite", str(Path(str(config["NAME"])).resolve()))
        return (
            "postgresql",
            str(config.get("HOST") or "localhost"),
            str(config.get("PORT") or 5432),
            str(config["NAME"]),
        )

    def _refuse_the_user_database(self) -> None:
        if self._identity(self.config) == self._identity(dict(settings.DATABASES["default"])):
            raise CommandError(
                "--database-url names the service's own database (DATABASE_URL). The benchmark replaces the "
                "rows of the database it loads: give it a database of its own."
            )

    # -- the connection --------------------------------------------------------------------------------

    def register(self) -> None:
        """Add the `bench` alias to Django's connections (this process only)."""
        configured = connections.configure_settings({"default": dict(self.config)})["default"]
        settings.DATABASES[ALIAS] = configured
        connections.settings[ALIAS] = configured

    @property
    def connection(self) -> BaseDatabaseWrapper:
        return connections[ALIAS]

    def raw(self) -> Any:
        """The DB-API connection underneath the alias (sqlite3 or psycopg), for bulk loading."""
        self.connection.ensure_connection()
        return self.connection.connection

    def close(self) -> None:
        connections[ALIAS].close()

    def version(self) -> str:
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("SELECT sqlite_version()")
                return f"SQLite {cursor.fetchone()[0]}"
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"

    # -- what is in it ---------------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.vendor != "sqlite" or Path(self.config["NAME"]).exists()

    def meta(self) -> dict[str, str] | None:
        """What the benchmark recorded about its load, or None when it never loaded this database.

        Raises CommandError when the database holds rows the benchmark did not put there."""
        if not self.exists():
            return None
        tables = set(self.connection.introspection.table_names())
        if META_TABLE in tables:
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT key, value FROM {META_TABLE}")
                return dict(cursor.fetchall())
        for table in sorted(tables & set(GUARDED_TABLES)):
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")
                if cursor.fetchone():
                    raise CommandError(
                        f"{self.label} holds data the benchmark did not load (table {table} has rows). "
                        "Give the benchmark an empty database of its own."
                    )
        return None

    def write_meta(self, values: dict[str, Any]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(100) PRIMARY KEY, value text NOT NULL)"
            )
            cursor.execute(f"DELETE FROM {META_TABLE}")
            for key, value in sorted(values.items()):
                cursor.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s)", [key, str(value)])

    def count(self, table: str) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {table}")
            return int(cursor.fetchone()[0])

    # -- making it ---------------------------------------------------------------------------------------

    def clear(self, tables: list[str]) -> None:
        """Remove an earlier load: the SQLite file, or the loaded tables' rows in PostgreSQL."""
        self.close()
        if self.vendor == "sqlite":
            name = Path(self.config["NAME"])
            for path in (name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")):
                path.unlink(missing_ok=True)
            return
        present = set(self.connection.introspection.table_names())
        with self.connection.cursor() as cursor:
            doomed = [t for t in tables if t in present]
            if doomed:
                cursor.execute(f"TRUNCATE {', '.join(doomed)} CASCADE")
            cursor.execute(f"DROP TABLE IF EXISTS {META_TABLE}")

    def migrate(self) -> None:
        """Create or update the schema with `passport migrate`, in a subprocess pointed at this database."""
        if self.vendor == "sqlite":
            Path(self.config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "passport.cli", "migrate", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=self.child_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"migrating the benchmark database failed:\n{result.stdout}{result.stderr}")

    def analyze(self) -> None:
        with self.connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("ANALYZE")
            else:
                # VACUUM also sets the visibility map, as autovacuum would have by the time a table is this big.
                cursor.execute("VACUUM ANALYZE")

    def url_with(self, **params: str) -> str:
        """The URL with extra connection parameters (PostgreSQL), e.g. an application_name to find backends by."""
        if self.vendor == "sqlite":
            return self.url
        return self.url + ("&" if "?" in self.url else "?") + urlencode(params)

    def child_env(self, **extra: str) -> dict[str, str]:
        """The environment for a subprocess (migrate, the servers) that must use this database."""
        return {**os.environ, "DATABASE_URL": self.url, "DJANGO_SETTINGS_MODULE": "passport.settings", **extra}
