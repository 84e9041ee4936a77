"""The wage table for the ONS replacement-cost method: an hour of volunteering is valued at the median hourly pay
of the paid occupation that would do the same work. Docs (source, year, mapping, how to replace it): docs/impact.md.

The built-in table maps each cause on an opportunity to a SOC 2020 occupation; hours given outside any opportunity,
or for a cause without a row, are valued at the median for all employees. Set IMPACT_WAGE_TABLE to a CSV file
(columns cause, soc_code, occupation, hourly_gbp, source, year; cause "*" is the fallback) to use other figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings

FALLBACK = "*"
SOURCE = (
    "ONS Annual Survey of Hours and Earnings (ASHE) 2024 provisional, Table 14.5a: median hourly pay excluding "
    "overtime, all employees, by occupation (SOC 2020 4-digit), UK"
)
YEAR = 2024


@dataclass(frozen=True)
class Wage:
    soc_code: str
    occupation: str
    hourly_gbp: Decimal


@dataclass(frozen=True)
class WageTable:
    by_cause: dict[str, Wage]
    fallback: Wage
    source: str
    year: int

    def rate(self, cause: str | None) -> Decimal:
        return self.by_cause.get(cause or "", self.fallback).hourly_gbp


# cause -> (SOC 2020 code, occupation, median hourly pay excluding overtime, £). See docs/impact.md for the caveat
# on these figures and how to replace them.
BUILT_IN: dict[str, tuple[str, str, str]] = {
    FALLBACK: ("", "All employees", "17.48"),
    "animals": ("6129", "Animal care services occupations n.e.c.", "11.80"),
    "arts-culture": ("4135", "Library clerks and assistants", "12.60"),
    "children-young-people": ("3221", "Youth and community workers", "15.10"),
    "community": ("3221", "Youth and community workers", "15.10"),
    "disability": ("6135", "Care workers and home carers", "11.90"),
    "education": ("6112", "Teaching assistants", "12.30"),
    "emergency-response": ("3319", "Protective service associate professionals n.e.c.", "16.20"),
    "environment": ("5114", "Gardeners and landscape gardeners", "12.10"),
    "faith": ("3221", "Youth and community workers", "15.10"),
    "health": ("6131", "Nursing auxiliaries and assistants", "12.70"),
    "heritage": ("4135", "Library clerks and assistants", "12.60"),
    "homelessness": ("3229", "Welfare and housing associate professionals n.e.c.", "15.00"),
    "human-rights": ("3520", "Legal associate professionals", "17.50"),
    "mental-health": ("6135", "Care workers and home carers", "11.90"),
    "older-people": ("6135", "Care workers and home carers", "11.90"),
    "poverty": ("9263", "Kitchen and catering assistants", "11.50"),
    "refugees": ("3229", "Welfare and housing associate professionals n.e.c.", "15.00"),
    "sport": ("3432", "Sports coaches, instructors and officials", "13.50"),
    "civic": ("4112", "National government administrative occupations", "15.70"),
    "veterans": ("3229", "Welfare and housing associate professionals n.e.c.", "15.00"),
}

COLUMNS = ("cause", "soc_code", "occupation", "hourly_gbp", "source", "year")


class WageTableError(ValueError):
    """The configured wage table cannot be used; the message says why, in one line."""


def built_in() -> WageTable:
    wages = {cause: Wage(soc, title, Decimal(rate)) for cause, (soc, title, rate) in BUILT_IN.items()}
    fallback = wages.pop(FALLBACK)
    return WageTable(by_cause=wages, fallback=fallback, source=SOURCE, year=YEAR)


def read(path: Path) -> WageTable:
    """A wage table from a CSV file with COLUMNS; one row with cause "*" is the all-employees fallback."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise WageTableError(f"The wage table {path} has no column {', '.join(missing)}")
            rows = list(reader)
    except OSError as error:
        raise WageTableError(f"Cannot read the wage table {path}: {error.strerror}") from None
    wages: dict[str, Wage] = {}
    for number, row in enumerate(rows, start=2):
        try:
            rate = Decimal(row["hourly_gbp"].strip())
        except InvalidOperation:
            raise WageTableError(f"The wage table {path} line {number}: hourly_gbp is not a number") from None
        if rate <= 0:
            raise WageTableError(f"The wage table {path} line {number}: hourly_gbp must be more than 0")
        wages[row["cause"].strip()] = Wage(row["soc_code"].strip(), row["occupation"].strip(), rate)
    if FALLBACK not in wages:
        raise WageTableError(f'The wage table {path} has no row for cause "*" (all employees)')
    try:
        year = int(rows[0]["year"])
    except ValueError:
        raise WageTableError(f"The wage table {path} line 2: year is not a year") from None
    fallback = wages.pop(FALLBACK)
    return WageTable(by_cause=wages, fallback=fallback, source=rows[0]["source"].strip(), year=year)


def current() -> WageTable:
    """The table in force: IMPACT_WAGE_TABLE when set, else the built-in ASHE 2024 table."""
    configured = getattr(settings, "IMPACT_WAGE_TABLE", "")
    return read(Path(configured)) if configured else built_in()
