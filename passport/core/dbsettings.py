"""PostgreSQL settings for the default connection while a block runs, put back as they were afterwards.

For statements whose plan PostgreSQL gets wrong on this kind of data, e.g. no JIT and no parallel workers for the
impact refresh's big GROUP BYs, or nested loops only for a reserve wave's pool. On other databases it does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def postgres_settings(**values: str) -> Iterator[None]:
    """Set these run-time parameters (e.g. `jit="off"`) for the block, and put the earlier values back after it.
    Inside a transaction they are set as SET LOCAL would, so a rollback undoes them too (and nothing is sent to a
    transaction that has failed); outside one, for the session until the block ends."""
    if connection.vendor != "postgresql" or not values:
        yield
        return
    local = connection.in_atomic_block
    names = list(values)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("current_setting(%s)" for _ in names), names)
        before = tuple(cursor.fetchone())
    _put(names, tuple(values.values()), local)
    try:
        yield
    except BaseException:
        if not local:
            _put(names, before, local)
        raise
    _put(names, before, local)


def _put(names: list[str], settings: tuple, local: bool) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join("set_config(%s, %s, %s)" for _ in names),
                       [p for name, value in zip(names, settings, strict=True) for p in (name, value, local)])
