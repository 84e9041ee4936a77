"""Demo organisations of every type and size, with valid org-id identifiers and their coordinators."""

from dataclasses import dataclass

from passport.accounts.models import Role, User, UserRole
from passport.demo import names
from passport.demo.generate.world import FOCUS_LA, SOURCE, Spot, World, bulk
from passport.organisations import orgid
from passport.organisations.models import IncomeBand as B
from passport.organisations.models import Membership, Organisation
from passport.organisations.models import OrganisationType as T

TYPE_WEIGHTS = {T.REGISTERED_CHARITY: 30, T.CIO: 14, T.COMMUNITY_GROUP: 20, T.FAITH_GROUP: 12, T.COUNCIL: 5,
                T.NHS_BODY: 4, T.SCHOOL: 8, T.SOCIAL_ENTERPRISE: 4, T.OTHER_PUBLIC_BODY: 3}
# Most charities are micro or small (NCVO Almanac); public bodies are large.
BAND_WEIGHTS = {
    T.REGISTERED_CHARITY: {B.MICRO: 40, B.SMALL: 35, B.MEDIUM: 15, B.LARGE: 6, B.MAJOR: 3, B.SUPER_MAJOR: 1},
    T.CIO: {B.MICRO: 45, B.SMALL: 40, B.MEDIUM: 13, B.LARGE: 2},
    T.COMMUNITY_GROUP: {B.MICRO: 80, B.SMALL: 20},
    T.FAITH_GROUP: {B.MICRO: 55, B.SMALL: 35, B.MEDIUM: 10},
    T.COUNCIL: {B.MAJOR: 40, B.SUPER_MAJOR: 60},
    T.NHS_BODY: {B.MAJOR: 20, B.SUPER_MAJOR: 80},
    T.SCHOOL: {B.MEDIUM: 35, B.LARGE: 60, B.MAJOR: 5},
    T.SOCIAL_ENTERPRISE: {B.MICRO: 20, B.SMALL: 45, B.MEDIUM: 30, B.LARGE: 5},
    T.OTHER_PUBLIC_BODY: {B.LARGE: 20, B.MAJOR: 40, B.SUPER_MAJOR: 40},
}
ORG_FOCUS_SHARE = 0.25
OWN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as orgid.generate_own, but from the seeded generator


@dataclass
class OrgInfo:
    organisation: Organisation
    causes: list[str]
    coordinators: list[User]
    place: str  # the neighbourhood or town it is named after


def _org_id(world: World, org_type: str) -> str:
    rng = world.rng
    for _attempt in range(1000):
        if org_type == T.REGISTERED_CHARITY or (org_type == T.FAITH_GROUP and rng.random() < 0.5):
            candidate = f"GB-CHC-{rng.randint(1000000, 1209999)}"
        elif org_type == T.CIO:
            candidate = f"GB-CHC-{rng.randint(1150000, 1209999)}"  # CIOs date from 2013: recent numbers
        elif org_type == T.SOCIAL_ENTERPRISE:
            candidate = f"GB-COH-{rng.randint(7000000, 15999999):08d}"
        elif org_type == T.NHS_BODY:
            candidate = "GB-NHS-R" + "".join(rng.choices("ABCDEFGHJKLMNPQRTVWXY0123456789", k=2))
        elif org_type == T.SCHOOL:
            candidate = f"GB-EDU-{rng.randint(100000, 149999)}"
        elif org_type == T.OTHER_PUBLIC_BODY:
            candidate = f"GB-GOR-PB{rng.randint(1, 9999)}"
        else:  # unregistered community and faith groups get an identifier from our own list
            candidate = f"{orgid.OWN_PREFIX}-" + "".join(rng.choices(OWN_ALPHABET, k=8))
        if candidate not in world.used_org_ids:
            world.used_org_ids.add(orgid.validate(candidate))
            return candidate
    raise RuntimeError(f"Ran out of identifiers for {org_type}")


def _council_code(world: World, name: str) -> str:
    """An identifier for an authority missing from the register: its initials, made unique."""
    letters = "".join(word[0] for word in name.upper().split() if word[0].isalpha()) + "XXXX"
    for tail in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        candidate = f"GB-LAE-{letters[:3]}{tail}"
        if candidate not in world.used_org_ids:
            return candidate
    raise RuntimeError(f"No identifier for {name}")


def _council(world: World) -> tuple[Spot, str, str] | None:
    """A council not registered yet, chosen in proportion to its people, with its real identifier and name."""
    taken = world.used_org_ids
    choices = [(la, len(spots)) for la, spots in world.pool.by_la.items()
               if la != FOCUS_LA and (la not in world.councils or world.councils[la].org_id not in taken)
               and f"{world.area_name(la)} Council" not in world.used_names]
    if not choices:
        return None
    la = world.rng.choices([la for la, _n in choices], weights=[n for _la, n in choices])[0]
    council = world.councils.get(la)
    name = council.name if council else f"{world.area_name(la)} Council"
    org_id = council.org_id if council else _council_code(world, name)
    world.used_org_ids.add(orgid.validate(org_id))
    return world.rng.choice(world.pool.by_la[la]), org_id, name


def _named(world: World, org_type: str, spot: Spot) -> tuple[str, list[str], str, str]:
    area = world.area_name(spot.la_code)
    group = "London" if spot.la_code.startswith("E09") else world.groups.get(spot.la_code) or area
    if org_type == T.NHS_BODY and spot.la_code.startswith("E07"):
        area = group  # NHS trusts serve counties, not districts
    for attempt in range(12):
        place = world.place_name(spot) if attempt < 8 else area
        name, causes, description = names.org_name(world.rng, org_type, place=place, area=area, group=group)
        if attempt == 11:
            name = f"{name} ({spot.postcode.split()[0]})"
        if name not in world.used_names:
            break
    world.used_names.add(name)
    return name, causes, description, place


def _types(world: World, count: int) -> list[str]:
    """Every type at least once (when there is room), the rest in proportion to how common each is."""
    types = list(T)[:count]
    types += world.rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()), k=count - len(types))
    world.rng.shuffle(types)
    return types


def _cover_bands(world: World, infos: list[OrgInfo]) -> None:
    """Make sure every income band occurs: registered charities come in every size."""
    present = {info.organisation.income_band for info in infos}
    flexible = [info for info in infos if info.organisation.org_type == T.REGISTERED_CHARITY]
    counts = {band: sum(info.organisation.income_band == band for info in infos) for band in B}
    for band in B:
        if band in present:
            continue
        for info in flexible:
            old = info.organisation.income_band
            if counts[old] > 1:
                info.organisation.income_band = band
                counts[old] -= 1
                counts[band] += 1
                break


def create(world: World, count: int) -> list[OrgInfo]:
    """Build `count` organisations, each with one or two coordinators, in bulk."""
    rng = world.rng
    infos: list[OrgInfo] = []
    for i, org_type in enumerate(_types(world, count)):
        council = _council(world) if org_type == T.COUNCIL else None
        if org_type == T.COUNCIL and council is None:
            org_type = T.REGISTERED_CHARITY
        if council:
            spot, identifier, name = council
            place = world.area_name(spot.la_code)
            causes, description = ["civic", "community"], f"The local council for {place}."
            world.used_names.add(name)
        else:
            spot = world.pool.home(ORG_FOCUS_SHARE)
            name, causes, description, place = _named(world, org_type, spot)
            identifier = _org_id(world, org_type)
        bands = BAND_WEIGHTS[org_type]
        slug = names.ascii_slug(name, "-")
        organisation = Organisation(
            name=name, org_type=org_type, org_id=identifier,
            income_band=rng.choices(list(bands), weights=list(bands.values()))[0],
            description=description, website=f"https://{slug}.example.org", email=f"volunteering@{slug}.example.org",
            postcode=spot.postcode, easting=spot.easting, northing=spot.northing, la_code=spot.la_code,
            source=SOURCE, source_ref=f"organisation-{i + 1}",
        )
        large = org_type in (T.COUNCIL, T.NHS_BODY, T.OTHER_PUBLIC_BODY)
        coordinators = [world.new_user(names.person(rng, world.fake), rng.uniform(30, 700))
                        for _ in range(2 if large or rng.random() < 0.3 else 1)]
        infos.append(OrgInfo(organisation, causes, coordinators, place))
    _cover_bands(world, infos)
    users = [user for info in infos for user in info.coordinators]
    bulk(User, users)
    bulk(Organisation, [info.organisation for info in infos])
    bulk(Membership, [Membership(organisation=info.organisation, user=user)
                      for info in infos for user in info.coordinators])
    bulk(UserRole, [UserRole(user=user, role=Role.COORDINATOR) for user in users])
    return infos
