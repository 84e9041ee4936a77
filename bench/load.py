"""Synthetic, realistically shaped rows for the search benchmark, loaded in bulk.

Everything sits at real English postcodes (ONS Postcode Directory), sampled uniformly from the postcode
list, so density follows where people live. Each table draws from its own seeded generator, so a load is
the same every time for the same seed and sizes. Ids are UUIDs generated in ascending order, so inserting
them appends to the primary key index instead of splitting pages at random.

Rows stream from generators into `executemany` inside one transaction per table (SQLite) or `COPY` (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.core.management.base import CommandError
from django.db import models, transaction

from bench.database import ALIAS, BenchDatabase
from passport.accounts.models import Role, User, UserRole
from passport.core.choices import ConsentMethod, DbsLevel, Stream
from passport.core.taxonomy import CAUSES, SKILLS
from passport.opportunities.models import (
    Opportunity,
    OpportunityStatus,
    OpportunityStream,
    PublicServiceRole,
    ScheduleType,
)
from passport.organisations.models import IncomeBand, Organisation, OrganisationType
from passport.volunteers.models import StreamConsent, Volunteer

# Change when the generated rows change, so an older load is not reused.
LOADER_VERSION = "1"
BATCH = 20_000

Postcode = tuple[str, int, int, str]
Say = Callable[[str], None]

FIRST_NAMES = "Amelia Olivia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Aisha Zara Priya " \
    "Oliver George Noah Arthur Muhammad Leo Harry Oscar Archie Henry Jack Theo Arjun Kwame Tomasz".split()
LAST_NAMES = "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson " \
    "Thompson Wright Walker White Edwards Hughes Green Hall Khan Patel Ali Begum Kowalski Okafor Murphy".split()
DESCRIPTION = (
    "Help us support people in the local community. You will work alongside a friendly team, with training "
    "and a named contact for questions. Travel expenses are paid. We welcome people of every background and "
    "will make reasonable adjustments; tell us what you need."
)
CONSENT_WORDING = "I agree to be contacted about volunteering in this stream. I can withdraw at any time."


@dataclass(frozen=True)
class Sizes:
    opportunities: int
    volunteers: int

    @property
    def organisations(self) -> int:
        return max(1, self.opportunities // 10)


def loaded_tables() -> list[str]:
    """Every table the loader fills (the ones to empty before loading again)."""
    return [model._meta.db_table for model in _MODELS]


def england(postcodes: list[Postcode]) -> list[Postcode]:
    return [p for p in postcodes if p[3].startswith("E")]


def load(db: BenchDatabase, sizes: Sizes, seed: int, postcodes: list[Postcode], say: Say) -> dict[str, int]:
    """Fill the benchmark database; returns the rows written per table."""
    if not postcodes:
        raise CommandError("no English postcodes found in the ONS postcode package")
    writer = _Writer(db, seed)
    counts: dict[str, int] = {}

    def write(model: type[models.Model], columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        started = time.perf_counter()
        n = writer.write(model, columns, rows)
        counts[model._meta.db_table] = n
        say(f"  {model._meta.db_table:<40} {n:>10,} rows  {time.perf_counter() - started:6.1f} s")

    rng = writer.rng
    org_ids = _ids(rng("organisation ids"), sizes.organisations)
    user_ids = _ids(rng("user ids"), sizes.volunteers)
    volunteer_ids = _ids(rng("volunteer ids"), sizes.volunteers)
    opportunity_ids = _ids(rng("opportunity ids"), sizes.opportunities)
    stamp = writer.stamps

    write(Organisation, ["id", "created_at", "updated_at", "name", "org_type", "org_id", "income_band",
                         "postcode", "easting", "northing", "la_code"],
          _organisations(rng("organisations"), org_ids, postcodes, stamp))
    write(User, ["id", "password", "email", "display_name", "date_joined"], _users(rng("users"), user_ids, stamp))
    write(UserRole, ["user", "role", "granted_at"], ((u, Role.VOLUNTEER.value, stamp()) for u in user_ids))
    write(Volunteer, ["id", "created_at", "updated_at", "user", "first_name", "last_name", "date_of_birth",
                      "postcode", "easting", "northing", "la_code", "remote_only", "max_travel_m", "availability",
                      "languages"],
          _volunteers(rng("volunteers"), volunteer_ids, user_ids, postcodes, stamp))
    write(Volunteer.skills.through, ["volunteer", "skill"], _pairs(rng("volunteer skills"), volunteer_ids, (1, 5)))
    write(Volunteer.causes.through, ["volunteer", "cause"],
          _pairs(rng("volunteer causes"), volunteer_ids, (0, 3), CAUSES))
    write(StreamConsent, ["id", "created_at", "updated_at", "volunteer", "stream", "method", "wording", "given_at"],
          _consents(rng("consents"), volunteer_ids, stamp))
    write(Opportunity, ["id", "created_at", "updated_at", "organisation", "stream", "title", "description", "cause",
                        "min_dbs_level", "min_age", "remote", "postcode", "easting", "northing", "la_code", "places",
                        "schedule_type", "weekly_slots", "public_service_role", "status", "published_at",
                        "closes_on"],
          _opportunities(rng("opportunities"), opportunity_ids, org_ids, postcodes, stamp))
    write(Opportunity.required_skills.through, ["opportunity", "skill"],
          _pairs(rng("required skills"), opportunity_ids, (0, 2)))
    write(Opportunity.desirable_skills.through, ["opportunity", "skill"],
          _pairs(rng("desirable skills"), opportunity_ids, (0, 3)))
    return counts


_MODELS: list[type[models.Model]] = [
    Organisation, User, UserRole, Volunteer, Volunteer.skills.through, Volunteer.causes.through, StreamConsent,
    Opportunity, Opportunity.required_skills.through, Opportunity.desirable_skills.through,
]


class _Writer:
    def __init__(self, db: BenchDatabase, seed: int) -> None:
        self.db = db
        self.seed = seed
        self.vendor = db.vendor
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        r = self.rng("timestamps")
        # A pool of timestamps in the database's own text form (Django stores UTC without offset in SQLite).
        fmt = "%Y-%m-%d %H:%M:%S" if self.vendor == "sqlite" else "%Y-%m-%d %H:%M:%S+00"
        self._stamps = [(now - dt.timedelta(seconds=r.randrange(730 * 86400))).strftime(fmt) for _ in range(4096)]
        self._stamp_rng = self.rng("stamp choice")

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{purpose}")

    def stamps(self) -> str:
        return self._stamps[self._stamp_rng.randrange(len(self._stamps))]

    def write(self, model: type[models.Model], fields: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
        table = model._meta.db_table
        columns, tail = _complete(model, fields)
        full: Iterator[tuple[Any, ...]] = (row + tail for row in rows) if tail else iter(rows)
        raw = self.db.raw()
        n = 0
        with transaction.atomic(using=ALIAS):
            if self.vendor == "sqlite":
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                cursor = raw.cursor()
                while batch := list(islice(full, BATCH)):
                    cursor.executemany(sql, batch)
                    n += len(batch)
            else:
                with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
                        n += 1
        return n


def _complete(model: type[models.Model], names: list[str]) -> tuple[list[str], tuple[Any, ...]]:
    """The columns to write: the generated ones, then every other column at the value Django would insert.

    Fails loudly when a column has no such value (a new required field the loader must learn about)."""
    given: list[str] = [str(model._meta.get_field(name).column) for name in names]  # type: ignore[union-attr]
    rest: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.column in given or getattr(field, "db_returning", False):
            continue
        value = field.get_default()
        if isinstance(value, list | dict):
            value = json.dumps(value)
        if (value is None and not field.null) or not isinstance(value, bool | int | str | None):
            raise CommandError(
                f"the benchmark loader has no value for {model.__name__}.{field.name}: teach bench/load.py"
            )
        rest.append(str(field.column))
        values.append(value)
    return given + rest, tuple(values)


def _ids(rng: random.Random, n: int) -> list[str]:
    """n distinct version-4 UUIDs as 32 hex digits (Django's SQLite form; PostgreSQL reads it too), ascending."""
    ids: set[str] = set()
    while len(ids) < n:
        v = rng.getrandbits(128)
        v = (v & ~(0xF000 << 64)) | (0x4000 << 64)  # version 4
        v = (v & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
        ids.add(f"{v:032x}")
    return sorted(ids)


def _weights(n: int) -> list[float]:
    """Zipf-like popularity: some skills and causes are far commoner than others."""
    return [1 / (rank + 1) ** 0.8 for rank in range(n)]


def _pairs(
    rng: random.Random, owner_ids: list[str], how_many: tuple[int, int], vocabulary: list[tuple[str, str]] = SKILLS
) -> Iterator[tuple[str, str]]:
    codes = [code for code, _label in vocabulary]
    order = codes[:]
    rng.shuffle(order)  # which codes are popular is itself random
    weights = _weights(len(order))
    low, high = how_many
    for owner in owner_ids:
        k = rng.randint(low, high)
        if k:
            for code in sorted(set(rng.choices(order, weights, k=k))):
                yield owner, code


def _bits(rng: random.Random, n: int) -> int:
    mask = 0
    for bit in rng.sample(range(21), n):
        mask |= 1 << bit
    return mask


def _organisations(
    rng: random.Random, ids: list[str], postcodes: list[Postcode], stamp: Callable[[], str]
) -> Iterator[tuple[Any, ...]]:
    types = OrganisationType.values
    bands, band_weights = IncomeBand.values, [40, 30, 18, 8, 3, 1]
    for i, oid in enumerate(ids):
        pc, e, n, la = rng.choice(postcodes)
        t = stamp()
        yield (oid, t, t, f"Bench organisation {i + 1}", rng.choice(types), f"XI-BENCH-{i + 1:07d}",
               rng.choices(bands, band_weights)[0], pc, e, n, la)


def _users(rng: random.Random, ids: list[str], stamp: Callable[[], str]) -> Iterator[tuple[Any, ...]]:
    for i, uid in enumerate(ids):
        # A password starting with "!" is Django's unusable password: these accounts sign in by email link.
        yield (uid, "!bench", f"volunteer{i + 1}@bench.invalid", f"{rng.choice(FIRST_NAMES)} {i + 1}", stamp())


def _volunteers(
    rng: random.Random, ids: list[str], user_ids: list[str], postcodes: list[Postcode], stamp: Callable[[], str]
) -> Iterator[tuple[Any, ...]]:
    travel = [1609, 3219, 8047, 16093, 32187]
    languages = ['["en"]'] * 8 + ['["en", "pl"]', '["en", "ur"]', '["en", "cy"]', '["pa", "en"]']
    for vid, uid in zip(ids, user_ids, strict=True):
        pc, e, n, la = rng.choice(postcodes)
        t = stamp()
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 58))
        yield (vid, t, t, uid, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), born.isoformat(), pc, e, n, la,
               rng.random() < 0.03, rng.choice(travel), _bits(rng, rng.randint(1, 9)), rng.choice(languages))


def _consents(rng: random.Random, volunteer_ids: list[str], stamp: Callable[[], str]) -> Iterator[tuple[Any, ...]]:
    likelihood = {Stream.COMMUNITY.value: 0.6, Stream.RESERVE.value: 0.3, Stream.PUBLIC_SERVICE.value: 0.15}
    chosen = [(vid, stream) for vid in volunteer_ids for stream, p in likelihood.items() if rng.random() < p]
    for cid, (vid, stream) in zip(_ids(rng, len(chosen)), chosen, strict=True):
        t = stamp()
        yield (cid, t, t, vid, stream, ConsentMethod.ONLINE.value, CONSENT_WORDING, t)


def _opportunities(
    rng: random.Random, ids: list[str], org_ids: list[str], postcodes: list[Postcode], stamp: Callable[[], str]
) -> Iterator[tuple[Any, ...]]:
    streams = OpportunityStream.values
    stream_weights = [10, 30, 10, 50]
    statuses = OpportunityStatus.values  # draft, open, filled, closed
    status_weights = [5, 85, 5, 5]
    causes = [code for code, _label in CAUSES]
    dbs, dbs_weights = DbsLevel.values, [50, 20, 5, 20, 5]
    schedules = ScheduleType.values
    skill_labels = [label for _code, label in SKILLS]
    for i, oid in enumerate(ids):
        stream = rng.choices(streams, stream_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        remote = rng.random() < 0.04
        pc, e, n, la = ("", None, None, "") if remote else rng.choice(postcodes)
        t = stamp()
        role = rng.choice(PublicServiceRole.values[1:]) if stream == OpportunityStream.PUBLIC_SERVICE else ""
        closes = None
        if rng.random() < 0.3:
            closes = (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
        yield (oid, t, t, rng.choice(org_ids), stream, f"{rng.choice(skill_labels)} volunteer {i + 1}", DESCRIPTION,
               rng.choice(causes), rng.choices(dbs, dbs_weights)[0], rng.choice((16, 16, 18)), remote, pc, e, n, la,
               rng.randint(1, 10), rng.choice(schedules), _bits(rng, rng.randint(2, 12)), role, status,
               None if status == OpportunityStatus.DRAFT else t, closes)
