"""Demo volunteers: who they are, where they live, when they are free and what they offer."""

import datetime as dt
from dataclasses import dataclass

from passport.accounts.models import Role, User, UserRole
from passport.core.choices import ConsentMethod, Stream
from passport.core.geo import METRES_PER_MILE
from passport.core.models import Cause, Skill
from passport.core.taxonomy import ALL_SLOTS, CAUSES, DAYS, LANGUAGES, PARTS, SKILLS, day_mask, part_mask
from passport.demo import names
from passport.demo.generate.world import SOURCE, World, bulk, weighted_sample
from passport.volunteers.models import StreamConsent, Volunteer, age_on
from passport.volunteers.services import CONSENT_WORDING

# Age bands of people who volunteer formally (weights in %): a bulge after retirement, and some under-18s.
AGE_BANDS = [(16, 17, 4), (18, 24, 12), (25, 34, 14), (35, 44, 15), (45, 54, 16), (55, 64, 17), (65, 74, 15),
             (75, 85, 7)]
TRAVEL_MILES = [1, 2, 3, 5, 10, 15, 20, 25]
TRAVEL_WEIGHTS = [5, 12, 14, 27, 20, 9, 5, 8]
REMOTE_ONLY = 0.08
STREAM_SHARES = {Stream.RESERVE: 0.30, Stream.COMMUNITY: 0.50, Stream.PUBLIC_SERVICE: 0.15}
PAUSED = 0.03
COMMON_SKILLS = {"driving": 5, "befriending": 4, "shopping-errands": 4, "cooking": 3, "admin": 3,
                 "customer-service": 3, "first-aid": 3, "gardening": 3, "manual-handling": 2, "retail": 2,
                 "digital-skills": 2, "event-stewarding": 2, "teaching": 2, "food-hygiene": 2, "diy": 2}
YOUNG_SKILLS = {"sports-coaching", "digital-skills", "marketing", "music", "photography", "web-development",
                "youth-work", "arts-crafts"}
ADULT_ONLY = {"driving": 17, "minibus-driving": 21, "health-care": 21, "counselling": 21, "legal": 21,
              "governance": 18, "hr": 21, "personal-care": 18, "bookkeeping": 18}
COMMON_CAUSES = {"community": 4, "poverty": 3, "older-people": 3, "environment": 3, "health": 3,
                 "children-young-people": 3, "animals": 2, "mental-health": 2, "education": 2}
OTHER_LANGUAGES = [code for code, _label in LANGUAGES if code != "en"]


@dataclass
class Made:
    volunteers: list[Volunteer]
    skills: dict[str, set[str]]  # volunteer id -> skill codes
    reserve: set[str]  # ids of volunteers in the National Volunteer Reserve


def _date_of_birth(world: World) -> dt.date:
    rng, today = world.rng, world.today
    low, high, _w = rng.choices(AGE_BANDS, weights=[w for *_a, w in AGE_BANDS])[0]
    age = rng.randint(low, high)
    # A year before the birthday `age` years ago, plus up to a year (day 28 at most: no 29 February).
    born = dt.date(today.year - age - 1, today.month, min(today.day, 28)) + dt.timedelta(days=rng.randint(1, 364))
    return born


def _availability(world: World, age: int) -> int:
    rng = world.rng
    if rng.random() < 0.05:
        return ALL_SLOTS
    weekdays = sum(day_mask(day) for day in DAYS[:5])
    weekend = day_mask("saturday") | day_mask("sunday")
    if age < 19:  # at school or college
        base = (part_mask("evening") & weekdays) | weekend | (part_mask("afternoon") & day_mask("friday"))
    elif age >= 67 or rng.random() < 0.2:  # retired, or not working full time
        base = (part_mask("morning") | part_mask("afternoon")) & weekdays | (part_mask("morning") & weekend)
    else:  # working: evenings and weekends
        base = (part_mask("evening") & weekdays) | ((part_mask("morning") | part_mask("afternoon")) & weekend)
    keep = rng.uniform(0.25, 0.7)
    mask = sum(1 << bit for bit in range(len(DAYS) * len(PARTS)) if base >> bit & 1 and rng.random() < keep)
    for _ in range(rng.choice([0, 0, 1, 2])):
        mask |= 1 << rng.randrange(len(DAYS) * len(PARTS))
    return mask or (1 << rng.choice([bit for bit in range(21) if base >> bit & 1]))


def _skills(world: World, age: int) -> list[str]:
    codes, weights = [], []
    for code, _label in SKILLS:
        if age < ADULT_ONLY.get(code, 0):
            continue
        codes.append(code)
        weights.append(COMMON_SKILLS.get(code, 1) * (2.5 if age < 25 and code in YOUNG_SKILLS else 1))
    k = world.rng.choices([1, 2, 3, 4, 5], weights=[15, 30, 30, 15, 10])[0]
    return weighted_sample(world.rng, codes, weights, k)


def _causes(world: World) -> list[str]:
    codes = [code for code, _label in CAUSES]
    k = world.rng.choices([1, 2, 3], weights=[35, 40, 25])[0]
    return weighted_sample(world.rng, codes, [COMMON_CAUSES.get(c, 1) for c in codes], k)


def _languages(world: World, name: names.PersonName) -> list[str]:
    languages = ["en"]
    if name.language != "en":
        languages.append(name.language)
    if world.rng.random() < 0.05:
        other = world.rng.choice(OTHER_LANGUAGES)
        if other not in languages:
            languages.append(other)
    return languages


def create(world: World, count: int) -> Made:
    """Build `count` volunteers with their users, skills, causes, consents and roles, in bulk."""
    rng = world.rng
    users, volunteers, consents = [], [], []
    skill_rows, cause_rows = [], []
    skills_of: dict[str, set[str]] = {}
    reserve: set[str] = set()
    valid_skills = set(Skill.objects.values_list("code", flat=True))
    valid_causes = set(Cause.objects.values_list("code", flat=True))
    for i in range(count):
        name = names.person(rng, world.fake)
        joined = rng.uniform(1, 700)
        user = world.new_user(name, joined)
        home = world.pool.home()
        born = _date_of_birth(world)
        age = age_on(born, world.today)
        remote_only = rng.random() < REMOTE_ONLY
        volunteer = Volunteer(
            user=user, first_name=name.first, last_name=name.last, date_of_birth=born,
            # Ofcom keeps 07700 900000 to 900999 for drama, so these numbers never reach a real phone.
            mobile=f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.7 else "",
            postcode=home.postcode, easting=home.easting, northing=home.northing, la_code=home.la_code,
            remote_only=remote_only,
            max_travel_m=round(rng.choices(TRAVEL_MILES, weights=TRAVEL_WEIGHTS)[0] * METRES_PER_MILE),
            availability=_availability(world, age), languages=_languages(world, name),
            paused_until=world.today + dt.timedelta(days=rng.randint(7, 90)) if rng.random() < PAUSED else None,
            source=SOURCE, source_ref=f"volunteer-{i + 1}",
        )
        users.append(user)
        volunteers.append(volunteer)
        skills = [code for code in _skills(world, age) if code in valid_skills]
        skills_of[str(volunteer.id)] = set(skills)
        skill_rows += [Volunteer.skills.through(volunteer_id=volunteer.id, skill_id=code) for code in skills]
        cause_rows += [Volunteer.causes.through(volunteer_id=volunteer.id, cause_id=code)
                       for code in _causes(world) if code in valid_causes]
        for stream, share in STREAM_SHARES.items():
            if rng.random() < share:
                if stream == Stream.RESERVE:
                    reserve.add(str(volunteer.id))
                consents.append(StreamConsent(
                    volunteer=volunteer, stream=stream, method=ConsentMethod.ONLINE,
                    wording=CONSENT_WORDING[stream], given_at=world.ago(joined - rng.uniform(0, min(joined, 60))),
                ))
    bulk(User, users)
    bulk(Volunteer, volunteers)
    bulk(Volunteer.skills.through, skill_rows, 2000)
    bulk(Volunteer.causes.through, cause_rows, 2000)
    bulk(StreamConsent, consents)
    bulk(UserRole, [UserRole(user=user, role=Role.VOLUNTEER) for user in users], 2000)
    return Made(volunteers, skills_of, reserve)
