"""Demo applications: people apply to opportunities within their travel distance, and coordinators answer
them (or don't) on a realistic timeline."""

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from passport.demo.generate.opportunities import OppInfo
from passport.demo.generate.volunteers import Made
from passport.demo.generate.world import World, bulk, weighted_sample
from passport.demo.templates import ACCEPT_MESSAGES, APPLICATION_MESSAGES, DECLINE_MESSAGES
from passport.opportunities.eligibility import YOUTH_PLACEMENT_MAX_AGE
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus
from passport.vetting.validity import REQUIREMENT_RANK
from passport.volunteers.models import Volunteer, age_on

WINDOW_DAYS = 90
CELL_M = 10_000
REMOTE_CANDIDATES = 80
MEDIAN_RESPONSE_DAYS = 3.0
RESPONSE_SPREAD = 1.0  # sigma of the log-normal: a long tail of slow replies
NEVER_ANSWERED = 0.12  # one applicant in eight hears nothing: what reminders are for
ACCEPT = 0.4
SKILLED = 4.0  # people with the skills a role requires are this much likelier to apply
WITHDRAW_WAITING = 0.08
WITHDRAW_ACCEPTED = 0.05


@dataclass
class Plan:
    info: OppInfo
    candidates: list[Volunteer]
    wanted: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    """What deciding who could apply needs to know about a volunteer, read once."""

    volunteer: Volunteer
    easting: int
    northing: int
    reach_sq: int  # square of how far they travel, in metres
    age: int
    rank: int  # of their best current DBS check (passport.vetting.validity)
    availability: int
    joined: dt.datetime


def _people(world: World, made: Made, ranks: dict[str, int]) -> list[Person]:
    return [Person(v, v.easting or 0, v.northing or 0, -1 if v.remote_only else v.max_travel_m ** 2,
                   age_on(v.date_of_birth, world.today), ranks.get(str(v.id), 0), v.availability, v.user.date_joined)
            for v in made.volunteers]


def _grid(people: list[Person]) -> dict[tuple[int, int], list[Person]]:
    grid: dict[tuple[int, int], list[Person]] = defaultdict(list)
    for p in people:
        if p.reach_sq >= 0:
            grid[(p.easting // CELL_M, p.northing // CELL_M)].append(p)
    return grid


def _eligible(people: list[Person], opp: Opportunity, latest: dt.datetime) -> list[Volunteer]:
    """Who could apply, as opportunities.eligibility decides (age limits, a current DBS check at the level asked
    for), who are free when it happens and had joined by then."""
    oldest = YOUTH_PLACEMENT_MAX_AGE if opp.paid_youth_placement else 200
    rank, slots, joined = REQUIREMENT_RANK[opp.min_dbs_level], opp.weekly_slots, latest - dt.timedelta(days=1)
    return [p.volunteer for p in people if opp.min_age <= p.age <= oldest and p.rank >= rank
            and p.availability & slots and p.joined < joined]


def _window(world: World, opp: Opportunity) -> tuple[dt.datetime, dt.datetime]:
    """When people could apply: from publication (at most 90 days ago) to closing or now."""
    assert opp.published_at is not None
    end = world.now
    if opp.closes_on and opp.closes_on < world.today:
        end = min(end, dt.datetime.combine(opp.closes_on, dt.time(17), tzinfo=world.now.tzinfo))
    start = max(opp.published_at, world.ago(WINDOW_DAYS))
    return (start, end) if start < end else (end - dt.timedelta(hours=6), end)


def _plans(world: World, opps: list[OppInfo], people: list[Person]) -> list[Plan]:
    grid = _grid(people)
    reach = 41_000 // CELL_M + 1  # cells to look across: the longest distance anyone travels is 25 miles
    plans = []
    for info in opps:
        opp = info.opportunity
        if opp.status == OpportunityStatus.DRAFT:
            continue
        _start, latest = _window(world, opp)
        if opp.remote:
            nearby = world.rng.sample(people, min(len(people), REMOTE_CANDIDATES * 3))
        else:
            e, n, cx, cy = opp.easting, opp.northing, opp.easting // CELL_M, opp.northing // CELL_M
            nearby = [p for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)
                      for p in grid.get((cx + dx, cy + dy), ())
                      if (p.easting - e) ** 2 + (p.northing - n) ** 2 <= p.reach_sq]
        plans.append(Plan(info, _eligible(nearby, opp, latest)[: REMOTE_CANDIDATES * 5]))
    return plans


def _allocate(world: World, plans: list[Plan], target: int) -> None:
    """Share `target` applications out, more to opportunities with more places, within who is nearby."""
    rng = world.rng
    weights = [(0.5 + rng.random()) * (1 + min(p.info.opportunity.places, 10) / 3) for p in plans]
    total = sum(weights) or 1
    for plan, weight in zip(plans, weights, strict=True):
        wanted = round(target * weight / total)
        if plan.info.opportunity.status == OpportunityStatus.FILLED:
            wanted = max(wanted, plan.info.opportunity.places + rng.randint(0, 2))
        plan.wanted = min(wanted, len(plan.candidates))
    spare = [p for p in plans if p.wanted < len(p.candidates)]
    shortfall = target - sum(p.wanted for p in plans)
    while shortfall > 0 and spare:
        i = rng.randrange(len(spare))
        spare[i].wanted += 1
        shortfall -= 1
        if spare[i].wanted >= len(spare[i].candidates):
            spare[i] = spare[-1]
            spare.pop()


def _answer(world: World, plan: Plan, skills: dict[str, set[str]]) -> list[Application]:
    rng, opp = world.rng, plan.info.opportunity
    start, end = _window(world, opp)
    filled = opp.status == OpportunityStatus.FILLED
    needed = set(plan.info.template.required)
    weights = [SKILLED if needed <= skills.get(str(v.id), set()) else 1.0 for v in plan.candidates]
    rows = []
    for v in weighted_sample(rng, plan.candidates, weights, plan.wanted):
        # Most people apply soon after an opportunity is published.
        submitted = max(start + (end - start) * rng.random() ** 1.6, v.user.date_joined)
        delay = dt.timedelta(days=rng.lognormvariate(math.log(MEDIAN_RESPONSE_DAYS), RESPONSE_SPREAD))
        if filled:  # a filled opportunity answered everyone it accepted
            responded = min(submitted + delay, submitted + (world.now - submitted) * 0.9)
        elif opp.status == OpportunityStatus.CLOSED:  # closing answers everyone still waiting
            responded = min(submitted + delay, max(end, submitted + dt.timedelta(hours=1)))
        elif rng.random() < NEVER_ANSWERED or submitted + delay > world.now:
            responded = None
        else:
            responded = submitted + delay
        rows.append(Application(
            opportunity=opp, volunteer=v, status=ApplicationStatus.SUBMITTED, submitted_at=submitted,
            message=rng.choice(APPLICATION_MESSAGES) if rng.random() < 0.6 else "", first_response_at=responded,
        ))
    accepted = 0
    for app in sorted(rows, key=lambda a: a.first_response_at or world.now + dt.timedelta(days=999)):
        if app.first_response_at is None:
            if rng.random() < WITHDRAW_WAITING:
                app.status = ApplicationStatus.WITHDRAWN
            continue
        take = accepted < opp.places and (filled or rng.random() < ACCEPT)
        app.status = ApplicationStatus.ACCEPTED if take else ApplicationStatus.DECLINED
        app.decided_at = app.first_response_at
        app.decided_by = rng.choice(plan.info.owner.coordinators)
        app.decision_message = rng.choice(ACCEPT_MESSAGES if take else DECLINE_MESSAGES)
        if take:
            accepted += 1
            if not filled and rng.random() < WITHDRAW_ACCEPTED:
                app.status = ApplicationStatus.WITHDRAWN
                accepted -= 1
    if filled and accepted < opp.places:
        opp.status = OpportunityStatus.OPEN  # not enough people nearby to have filled it
    elif opp.status == OpportunityStatus.OPEN and accepted >= opp.places:
        opp.status = OpportunityStatus.FILLED  # as application_decide does when the last place goes
    return rows


def _cover_statuses(world: World, rows: list[Application]) -> None:
    """Every status appears, even in a tiny demo: move applications on open opportunities into missing ones."""
    counts = Counter(a.status for a in rows)
    accepted = Counter(a.opportunity.id for a in rows if a.status == ApplicationStatus.ACCEPTED)
    for status in ApplicationStatus:
        for app in rows if counts[status] == 0 else ():
            opp = app.opportunity
            if opp.status != OpportunityStatus.OPEN or app.status == ApplicationStatus.ACCEPTED \
                    or counts[app.status] < 2:
                continue
            if status == ApplicationStatus.ACCEPTED and accepted[opp.id] + 1 >= opp.places:
                continue  # it would fill the opportunity
            counts[app.status] -= 1
            counts[status] += 1
            app.status = status
            if status == ApplicationStatus.SUBMITTED:
                app.first_response_at = app.decided_at = app.decided_by = None
                app.decision_message = ""
            elif status in (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED):
                app.first_response_at = app.decided_at = min(app.submitted_at + dt.timedelta(hours=20), world.now)
                app.decided_by = opp.created_by
                accepted[opp.id] += status == ApplicationStatus.ACCEPTED
            break


def create(world: World, opps: list[OppInfo], made: Made, ranks: dict[str, int], target: int) -> list[Application]:
    """Build about `target` applications in every status, never accepting more people than there are places."""
    plans = _plans(world, opps, _people(world, made, ranks))
    _allocate(world, plans, target)
    before = {info.opportunity.id: info.opportunity.status for info in opps}
    rows = [app for plan in plans for app in _answer(world, plan, made.skills)]
    _cover_statuses(world, rows)
    bulk(Application, rows)
    changed = [info.opportunity for info in opps if info.opportunity.status != before[info.opportunity.id]]
    Opportunity.objects.bulk_update(changed, ["status"], batch_size=500)
    return rows
