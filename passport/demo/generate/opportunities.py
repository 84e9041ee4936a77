"""Demo opportunities in every stream, near their organisations, with weekly patterns or dated shifts."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from passport.core.models import Cause, Skill
from passport.core.taxonomy import ALL_SLOTS, DAYS, PARTS
from passport.demo.generate.organisations import OrgInfo
from passport.demo.generate.world import SOURCE, World, bulk
from passport.demo.templates import FOOTERS, TEMPLATES, Template
from passport.opportunities.models import Opportunity, OpportunityStatus, OpportunityStream, ScheduleType, Shift
from passport.organisations.models import IncomeBand, OrganisationType

STATUS_WEIGHTS = {OpportunityStatus.DRAFT: 7, OpportunityStatus.OPEN: 74, OpportunityStatus.FILLED: 7,
                  OpportunityStatus.CLOSED: 12}
POSTS_BY_BAND = {IncomeBand.MICRO: 1, IncomeBand.SMALL: 2, IncomeBand.MEDIUM: 4, IncomeBand.LARGE: 6,
                 IncomeBand.MAJOR: 8, IncomeBand.SUPER_MAJOR: 10}
YOUTH_PLACEMENT = 0.15  # of templates that can be paid youth placements: about 3% of all opportunities
PAY_PENCE = (755, 1221)  # the 16-17 minimum wage up to the London Living Wage
REMOTE = 0.6  # of templates that can be done remotely: about 10% of all opportunities
START_HOURS = {"morning": (9, 10), "afternoon": (13, 14), "evening": (18, 19)}


@dataclass
class OppInfo:
    opportunity: Opportunity
    owner: OrgInfo
    template: Template


def _fits(template: Template, info: OrgInfo) -> bool:
    org = info.organisation
    if org.org_type not in template.types:
        return False
    if template.name_has:
        return template.name_has in org.name
    # A court, police force or fire service only posts its own kinds of role.
    return org.org_type != OrganisationType.OTHER_PUBLIC_BODY


def _template(world: World, info: OrgInfo, stream: str | None = None, used: set[str] | None = None) -> Template | None:
    fitting = [t for t in TEMPLATES if _fits(t, info) and (stream is None or t.stream == stream)]
    # An organisation repeats a role only once it has posted every kind it could.
    fresh = [t for t in fitting if t.title not in (used or set())]
    fitting = fresh or fitting
    if not fitting:
        return None
    weights = [t.weight * (4 if t.cause in info.causes else 1) for t in fitting]
    return world.rng.choices(fitting, weights=weights)[0]


def _slots(world: World, when: str) -> int:
    """A weekly pattern (bit = day * 3 + part, as core.taxonomy) in the spirit of the template."""
    rng = world.rng

    def bit(day: int, part: str) -> int:
        return 1 << (day * len(PARTS) + PARTS.index(part))

    weekdays = rng.sample(range(5), rng.randint(1, 3))
    if when == "weekday_mornings":
        return sum(bit(d, "morning") for d in weekdays)
    if when == "weekday_daytime":
        return sum(bit(d, "morning") | bit(d, "afternoon") for d in weekdays[:2])
    if when == "evenings":
        return sum(bit(d, "evening") for d in weekdays[:2])
    if when == "weekend":
        return sum(bit(d, p) for d in rng.sample([5, 6], rng.randint(1, 2)) for p in ("morning", "afternoon"))
    if when == "saturday":
        return bit(5, "morning") | (bit(5, "afternoon") if rng.random() < 0.4 else 0)
    if when == "daytime":
        return sum(bit(d, rng.choice(["morning", "afternoon"])) for d in weekdays)
    return sum(1 << b for b in rng.sample(range(len(DAYS) * len(PARTS)), rng.randint(3, 8)))


def _shifts(world: World, opp: Opportunity, mask: int, status: str) -> list[Shift]:
    """Dated shifts on the days and times of `mask`: upcoming for live opportunities, past for closed ones."""
    rng = world.rng
    bits = [b for b in range(21) if mask >> b & 1]
    start = -40 if status == OpportunityStatus.CLOSED else -10
    end = -3 if status == OpportunityStatus.CLOSED else 45
    shifts = []
    for _ in range(rng.randint(2, 6)):
        b = rng.choice(bits)
        day, part = divmod(b, len(PARTS))
        date = world.today + dt.timedelta(days=rng.randint(start, end))
        date += dt.timedelta(days=(day - date.weekday()) % 7)
        hour = rng.choice(START_HOURS[PARTS[part]])
        begins = timezone.make_aware(dt.datetime.combine(date, dt.time(hour)))
        shifts.append(Shift(opportunity=opp, starts_at=begins, ends_at=begins + dt.timedelta(hours=rng.choice([3, 4])),
                            places=opp.places))
    return shifts


def _owners(world: World, orgs: list[OrgInfo], count: int) -> list[OrgInfo]:
    """Every organisation posts at least once (when there is room); bigger ones post more."""
    owners = list(orgs[:count])
    weights = [POSTS_BY_BAND[IncomeBand(info.organisation.income_band)] for info in orgs]
    owners += world.rng.choices(orgs, weights=weights, k=count - len(owners))
    world.rng.shuffle(owners)
    return owners


def _status(world: World, template: Template) -> str:
    status = world.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    if status == OpportunityStatus.FILLED and template.places[0] > 4:
        return OpportunityStatus.OPEN  # big call-outs rarely fill completely
    return status


def create(world: World, orgs: list[OrgInfo], count: int) -> list[OppInfo]:
    """Build `count` opportunities, with their skills and shifts, in bulk."""
    rng = world.rng
    causes = {c.code: c for c in Cause.objects.all()}
    valid_skills = set(Skill.objects.values_list("code", flat=True))
    owners = _owners(world, orgs, count)
    forced = [OpportunityStream.COMMUNITY, OpportunityStream.GENERAL, OpportunityStream.PUBLIC_SERVICE,
              OpportunityStream.RESERVE]
    infos: list[OppInfo] = []
    posted: dict[object, set[str]] = {}
    shifts: list[Shift] = []
    required_rows, desirable_rows = [], []
    for i, owner in enumerate(owners):
        template = None
        if i < len(forced):  # every stream appears, even in a tiny demo
            able = [info for info in orgs if _template(world, info, forced[i])]
            if able:
                owner = rng.choice(able)
                template = _template(world, owner, forced[i])
        used = posted.setdefault(owner.organisation.pk, set())
        template = template or _template(world, owner, used=used)
        if template is None:
            continue
        used.add(template.title)
        org = owner.organisation
        status = _status(world, template)
        places = rng.randint(*template.places)
        if status == OpportunityStatus.FILLED:
            places = min(places, 3)
        youth = template.youth and rng.random() < YOUTH_PLACEMENT
        remote = template.remote_ok and rng.random() < REMOTE
        title = f"{template.title} (paid youth placement)" if youth else template.title
        description = template.text.format(org=org.name, place=owner.place)
        pay = rng.randint(*PAY_PENCE) if youth else None
        if youth:
            description += (f" This is a paid placement for people aged 16 to 24, at £{pay / 100:.2f} an hour, "
                            "with a reference at the end.")
        description += " " + rng.choice(FOOTERS)
        home = world.pool.at(org)
        site = None if remote else (home if rng.random() < 0.65 else world.pool.near(home))
        schedule = {"weekly": ScheduleType.WEEKLY, "shifts": ScheduleType.SHIFTS,
                    "flexible": ScheduleType.FLEXIBLE}[template.schedule]
        mask = _slots(world, template.when)
        published = None
        if status != OpportunityStatus.DRAFT:
            published = world.ago(rng.uniform(30 if status == OpportunityStatus.CLOSED else 0.5, 120))
        closes_on = None
        if status == OpportunityStatus.CLOSED and published:
            closed = (published + dt.timedelta(days=rng.uniform(14, (world.now - published).days - 1))).date()
            closes_on = max(closed, world.today - dt.timedelta(days=75))  # applications stay within 90 days
        elif status == OpportunityStatus.OPEN and rng.random() < 0.35:
            closes_on = world.today + dt.timedelta(days=rng.randint(7, 75))
        opp = Opportunity(
            organisation=org, stream=template.stream, title=title, description=description,
            cause=causes[template.cause], min_dbs_level=template.dbs, min_age=template.min_age, remote=remote,
            postcode=site.postcode if site else "", easting=site.easting if site else None,
            northing=site.northing if site else None, la_code=site.la_code if site else "",
            places=places, schedule_type=schedule,
            weekly_slots=ALL_SLOTS if schedule == ScheduleType.FLEXIBLE else mask,
            paid_youth_placement=youth, hourly_pay_pence=pay, public_service_role=template.role,
            status=status, published_at=published, closes_on=closes_on, created_by=rng.choice(owner.coordinators),
            source=SOURCE, source_ref=f"opportunity-{i + 1}",
        )
        if schedule == ScheduleType.SHIFTS:
            opp_shifts = _shifts(world, opp, mask, status)
            shifts += opp_shifts
            opp.weekly_slots = 0
            for shift in opp_shifts:
                local = timezone.localtime(shift.starts_at)
                part = 0 if local.hour < 12 else 1 if local.hour < 17 else 2
                opp.weekly_slots |= 1 << (local.weekday() * len(PARTS) + part)
        required = [code for code in template.required if code in valid_skills]
        desirable = [code for code in template.desirable if code in valid_skills and rng.random() < 0.7]
        required_rows += [Opportunity.required_skills.through(opportunity_id=opp.id, skill_id=c) for c in required]
        desirable_rows += [Opportunity.desirable_skills.through(opportunity_id=opp.id, skill_id=c)
                           for c in desirable]
        infos.append(OppInfo(opp, owner, template))
    bulk(Opportunity, [info.opportunity for info in infos])
    bulk(Shift, shifts)
    bulk(Opportunity.required_skills.through, required_rows, 2000)
    bulk(Opportunity.desirable_skills.through, desirable_rows, 2000)
    return infos
