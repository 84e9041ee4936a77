"""Generate a believable country of demo data, deterministically from a seed, in bulk.

Rows are written with bulk_create rather than through the services: services validate and audit one row at a
time, which would take minutes for thousands of people. Generated rows carry `source="demo"` so that
`passport demo --reset` can find and remove them.
"""

import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from passport.accounts.models import User
from passport.demo.generate import applications as application_maker
from passport.demo.generate import opportunities as opportunity_maker
from passport.demo.generate import organisations as organisation_maker
from passport.demo.generate import vetting as vetting_maker
from passport.demo.generate import volunteers as volunteer_maker
from passport.demo.generate.world import ALL_LETTERS, SOURCE, World

__all__ = ["ALL_LETTERS", "SOURCE", "Generated", "generate"]

APPLICATIONS_PER_OPPORTUNITY = 8 / 3


@dataclass(frozen=True)
class Generated:
    volunteers: int
    organisations: int
    opportunities: int
    applications: int
    seconds: dict[str, float]  # how long each step took


@transaction.atomic
def generate(
    *,
    officer: User,
    seed: int = 2020,
    volunteers: int = 5000,
    organisations: int = 300,
    opportunities: int = 1500,
    applications: int | None = None,
    letters: str = ALL_LETTERS,
    reserved_org_ids: Iterable[str] = (),
    reserved_names: Iterable[str] = (),
) -> Generated:
    """Create volunteers with vetting records, organisations, opportunities and applications (`officer` recorded
    the checks); the same seed gives the same data."""
    clock = _Clock()
    world = World.start(seed=seed, pool_size=max(500, volunteers + organisations), letters=letters)
    world.used_org_ids.update(reserved_org_ids)
    world.used_names.update(reserved_names)
    clock.lap("postcodes")
    people = volunteer_maker.create(world, volunteers)
    clock.lap("volunteers")
    ranks = vetting_maker.create(world, people, officer)
    clock.lap("vetting")
    orgs = organisation_maker.create(world, organisations)
    clock.lap("organisations")
    opps = opportunity_maker.create(world, orgs, opportunities)
    clock.lap("opportunities")
    target = round(opportunities * APPLICATIONS_PER_OPPORTUNITY) if applications is None else applications
    apps = application_maker.create(world, opps, people, ranks, target)
    clock.lap("applications")
    return Generated(len(people.volunteers), len(orgs), len(opps), len(apps), clock.laps)


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.monotonic()

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.laps[name] = now - self._last
        self._last = now
