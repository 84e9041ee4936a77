"""SQL pieces shared by the refresh and the hours tally: table names, period keys and the grains measured."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db import connection

GRAINS = ("all", "year", "quarter", "month")
# LSOAs and breakdowns get whole years and all time only: finer cells would be mostly suppressed and many.
COARSE = ("all", "year")
DIMENSIONS = ("stream", "cause", "org_size")
INFORMAL = "informal"  # the stream and cause of hours given outside any posted opportunity


def table(label: str) -> str:
    return apps.get_model(label)._meta.db_table


def period_sql(column: str, grain: str) -> str:
    """SQL giving the period key ("2026", "2026-Q4", "2026-11" or "all") of a date or UTC timestamp column."""
    if grain == "all":
        return "'all'"
    if connection.vendor == "postgresql":
        fmt = {"year": "YYYY", "quarter": 'YYYY-"Q"Q', "month": "YYYY-MM"}[grain]
        return f"to_char({column}, '{fmt}')"
    # SQLite holds dates and UTC timestamps as ISO text, so the year and month are its first characters.
    if grain == "year":
        return f"substr({column}, 1, 4)"
    if grain == "month":
        return f"substr({column}, 1, 7)"
    return f"(strftime('%%Y', {column}) || '-Q' || ((CAST(strftime('%%m', {column}) AS INTEGER) + 2) / 3))"


def period_group_sql(column: str, grain: str) -> str:
    """A cheap SQL grouping key for the month or year of a date or UTC timestamp column; `period_text` turns what
    it returns into the period key. Formatting every row with to_char or strftime took half of a million-row
    GROUP BY, and a date or timestamp per row costs a Python object each to fetch: PostgreSQL gives the year (or
    year × 100 + month) as an integer, SQLite the first characters of the ISO text it stores."""
    if connection.vendor == "postgresql":
        if grain == "month":
            return f"CAST(date_part('year', {column}) * 100 + date_part('month', {column}) AS integer)"
        return f"CAST(date_part('year', {column}) AS integer)"
    return f"substr({column}, 1, {7 if grain == 'month' else 4})"


def period_text(value: object, grain: str) -> str:
    """The period key ("2026-11" or "2026") of a value period_group_sql gave."""
    if isinstance(value, int):
        return f"{value // 100}-{value % 100:02d}" if grain == "month" else str(value)
    return str(value)


def period_keys(year: int, month: int) -> dict[str, str]:
    """The period key of each grain for a month, as period_sql gives them."""
    return {"all": "all", "year": f"{year}", "quarter": f"{year}-Q{(month - 1) // 3 + 1}",
            "month": f"{year}-{month:02d}"}


def periods_of(period: str) -> dict[str, str]:
    """The period key of every grain containing a month ("2026-11") or a year ("2026")."""
    if len(period) == 4:
        return {"all": "all", "year": period}
    return period_keys(int(period[:4]), int(period[5:7]))


def query(sql: str, params: Iterable = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
