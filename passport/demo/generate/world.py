"""What every generator shares: the seeded randomness, the clock, real postcodes to put things at, and names
of places."""

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from faker import Faker

from passport.accounts.models import User
from passport.core import geo
from passport.core.models import LocalAuthority
from passport.demo import areas, towns
from passport.demo.names import PersonName, clean_area_name, email_for, neighbourhood

ALL_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"
SOURCE = "demo"

# Leeds, where the personas live: a share of everything is placed there so that the people you sign in as
# have plenty near them. The rest of England is sampled uniformly by postcode, roughly by population.
FOCUS_LA = "E08000035"
FOCUS_NAME = "Leeds"
FOCUS_SHARE = 0.2


@dataclass(frozen=True)
class Spot:
    postcode: str
    easting: int
    northing: int
    la_code: str


class Pool:
    """Real English postcodes sampled uniformly, plus a sample from the focus authority."""

    def __init__(self, rng: random.Random, size: int, focus_size: int, letters: str = ALL_LETTERS):
        self.rng = rng
        samples: list[tuple[int, list[tuple[str, int, int, str]]]] = []
        focus: list[tuple[str, int, int, str]] = []
        # One letter at a time keeps memory to one letter's rows beyond geo's own cache.
        for letter in letters:
            english = [row for row in geo.all_postcodes(letter) if row[3].startswith("E")]
            if not english:
                continue
            samples.append((len(english), rng.sample(english, min(size, len(english)))))
            in_focus = [row for row in english if row[3] == FOCUS_LA]
            focus.extend(rng.sample(in_focus, min(focus_size, len(in_focus))))
        if not samples:
            raise RuntimeError(f"No English postcodes found under the letters {letters!r}")
        # How many of the draws each letter gets, in proportion to its English postcodes.
        per_letter = Counter(rng.choices(range(len(samples)), weights=[n for n, _ in samples], k=size))
        rows = [row for i, (_n, sample) in enumerate(samples) for row in sample[: per_letter[i]]]
        rng.shuffle(rows)
        self.spots = [Spot(*row) for row in rows]
        self.focus = [Spot(*row) for row in rng.sample(focus, min(focus_size, len(focus)))]
        self.by_la: dict[str, list[Spot]] = defaultdict(list)
        for spot in self.spots + self.focus:
            self.by_la[spot.la_code].append(spot)
        self._next = 0

    def home(self, focus_share: float = FOCUS_SHARE) -> Spot:
        """The next place to put someone: in the focus authority with probability `focus_share`."""
        if self.focus and self.rng.random() < focus_share:
            return self.rng.choice(self.focus)
        spot = self.spots[self._next % len(self.spots)]
        self._next += 1
        return spot

    def near(self, spot: Spot) -> Spot:
        """Another sampled postcode in the same local authority (or the same one if there is none)."""
        return self.rng.choice(self.by_la.get(spot.la_code) or [spot])

    @staticmethod
    def at(place: Any) -> Spot:
        """The spot of anything with a postcode and grid reference (an organisation, a volunteer)."""
        return Spot(place.postcode, place.easting, place.northing, place.la_code)


@dataclass
class World:
    rng: random.Random
    fake: Faker
    now: dt.datetime
    pool: Pool
    la_names: dict[str, str]
    groups: dict[str, str]
    councils: dict[str, areas.Council]
    used_org_ids: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    users: int = 0

    @property
    def today(self) -> dt.date:
        return timezone.localtime(self.now).date()

    @classmethod
    def start(cls, *, seed: int, pool_size: int, letters: str = ALL_LETTERS) -> "World":
        rng = random.Random(seed)
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        pool = Pool(rng, pool_size, max(200, int(pool_size * FOCUS_SHARE)), letters)
        la_names = dict(LocalAuthority.objects.values_list("code", "name"))
        councils = areas.councils()
        for code, council in councils.items():
            # Without the ONS names file, the council register still names most areas.
            la_names.setdefault(code, council.name.removesuffix(" Council").removesuffix(" City"))
        if not LocalAuthority.objects.exists():
            for code, town in towns.town_names_by_authority(letters).items():
                la_names.setdefault(code, town)
        from passport.organisations.models import Organisation

        return cls(
            rng=rng, fake=fake, now=timezone.now(), pool=pool, la_names=la_names, groups=areas.area_groups(),
            councils=councils, used_org_ids=set(Organisation.objects.values_list("org_id", flat=True)),
            used_names=set(Organisation.objects.values_list("name", flat=True)),
        )

    def area_name(self, la_code: str) -> str:
        return clean_area_name(self.la_names.get(la_code, la_code))

    def place_name(self, spot: Spot) -> str:
        """The neighbourhood in the focus city, otherwise the town or district."""
        if spot.la_code == FOCUS_LA:
            return neighbourhood(self.rng, spot.postcode, FOCUS_NAME)
        return self.area_name(spot.la_code)

    def ago(self, days: float) -> dt.datetime:
        return self.now - dt.timedelta(days=days)

    def new_user(self, name: PersonName, joined_days_ago: float) -> User:
        """An unsaved User with a unique demo address (first.last.N@example.org) and no password."""
        self.users += 1
        return User(
            email=email_for(name, self.users), display_name=f"{name.first} {name.last}",
            password=make_password(None), date_joined=self.ago(joined_days_ago),
        )


def weighted_sample(rng: random.Random, items: list, weights: list[float], k: int) -> list:
    """k distinct items, each drawn with probability proportional to its weight (Efraimidis-Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), item) for item, w in zip(items, weights, strict=True) if w > 0),
                   key=lambda pair: pair[0], reverse=True)
    return [item for _key, item in keyed[:k]]


def bulk(model: type, rows: list, batch_size: int = 1000) -> None:
    model.objects.bulk_create(rows, batch_size=batch_size)
