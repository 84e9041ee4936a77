"""When a DBS check counts as current, and whether it covers what a role needs. Pure functions, no database.

A check is current when its outcome is "suitable" and it was issued within the refresh period for its level
(default 3 years), or when a DBS Update Service status check said "no new information" within the last
N days (default 90): the Update Service keeps a certificate alive for as long as status checks stay clean.
"""

import datetime as dt
from dataclasses import dataclass

# Rank of each check level; a role's requirement is met by a check of at least its rank.
LEVEL_RANK = {
    "basic": 1,
    "standard": 2,
    "enhanced": 3,
    "enhanced_adults_barred": 4,
    "enhanced_children_barred": 4,
    "enhanced_both_barred": 4,
}
# What an opportunity can ask for (core.choices.DbsLevel) mapped to the same ranks.
REQUIREMENT_RANK = {"none": 0, "basic": 1, "standard": 2, "enhanced": 3, "enhanced_barred": 4}
BARRED_LISTS = {
    "enhanced_adults_barred": {"adult"},
    "enhanced_children_barred": {"child"},
    "enhanced_both_barred": {"adult", "child"},
}


@dataclass(frozen=True)
class Rules:
    refresh_years: dict[str, int]
    default_refresh_years: int = 3
    status_check_days: int = 90

    def years_for(self, level: str) -> int:
        return self.refresh_years.get(level, self.default_refresh_years)


@dataclass(frozen=True)
class CheckFacts:
    """What validity needs to know about one check (read from the database by the selectors)."""

    level: str
    workforce: str
    issued_on: dt.date
    outcome: str
    last_status_check: dt.date | None = None
    last_status_result: str = ""


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def valid_until(check: CheckFacts, rules: Rules) -> dt.date | None:
    """The last day the check counts as current, or None if it never does (not suitable, referred)."""
    if check.outcome != "suitable":
        return None
    until = add_years(check.issued_on, rules.years_for(check.level)) - dt.timedelta(days=1)
    if check.last_status_check and check.last_status_result == "no_new_information":
        until = max(until, check.last_status_check + dt.timedelta(days=rules.status_check_days))
    return until


def covers(check: CheckFacts, requirement: str, workforce: str = "") -> bool:
    """Whether a check of this level (and barred lists) meets what a role asks for."""
    if LEVEL_RANK.get(check.level, 0) < REQUIREMENT_RANK.get(requirement, 0):
        return False
    if requirement == "enhanced_barred" and workforce in {"adult", "child"}:
        return workforce in BARRED_LISTS.get(check.level, set())
    return True
