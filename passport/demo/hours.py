"""Hours in the demo: months of volunteering logged and mostly confirmed, the milestones it reached, and the
personas' own hours made through the real services (Aisha's confirmed hours, badges and statement; one entry of
hers waiting for Bernard, whose confirmation takes her past 50 hours).

Generated hours are written in bulk, like the rest of the generated data (passport/demo/generate); milestones are
issued by `activity.services.milestones_award`, so every badge is a real signed credential (for the volunteers of the
city the personas live in; see `generate`).
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from passport.accounts.models import User
from passport.activity import services as hours_services
from passport.activity.models import CreditEntry, CreditKind, EntryStatus, HoursEntry, LoggedBy, MilestoneAward
from passport.demo.generate.world import FOCUS_LA, SOURCE
from passport.opportunities.models import Application, ApplicationStatus, Opportunity
from passport.organisations.models import Membership, Organisation
from passport.volunteers.models import Volunteer

SESSION_HOURS = [Decimal(h) for h in ("1.5", "2", "2", "2.5", "3", "3", "3", "3.5", "4", "4", "5", "6.5")]
SESSIONS_A_WEEK = (0.1, 0.6)  # each accepted volunteer's rate, drawn between these
LONG_STANDING = 0.12  # also helped the organisation informally for months before they applied
RECENT_DAYS = 14  # entries this fresh are often still waiting for the organisation
QUERIES = ["Could you check the date? Our sign-in sheet has you down for the day before.",
           "We had you finishing at 1pm that day: could you check the hours?",
           "Was this the Saturday session or the Sunday one?"]
INFORMAL = ["Helped set up and clear away at the coffee morning", "Covered a shift at short notice",
            "Sorted donations in the store room", "Helped with the summer fun day", "Leafleted the estate"]


@dataclass
class Made:
    entries: int
    confirmed: int
    pending: int
    queried: int
    milestones: int
    volunteers: int


def _coordinators() -> dict[Any, Any]:
    """Each organisation's first coordinator, who decides on its hours."""
    found: dict[Any, Any] = {}
    for org_id, user_id in Membership.objects.order_by("created_at").values_list("organisation_id", "user_id"):
        found.setdefault(org_id, user_id)
    return found


@transaction.atomic
def generate(*, seed: int, exclude_organisations: list[Organisation]) -> Made:
    """A few thousand entries for generated volunteers accepted by generated organisations, then their milestones."""
    rng = random.Random(seed + 13)
    now = timezone.now()
    today = timezone.localdate()
    oldest = today - dt.timedelta(days=hours_services.MAX_AGE_DAYS - 5)
    deciders = _coordinators()
    accepted = (Application.objects.filter(status=ApplicationStatus.ACCEPTED, volunteer__source=SOURCE,
                                           volunteer__erased_at__isnull=True, opportunity__organisation__source=SOURCE)
                .exclude(opportunity__organisation__in=exclude_organisations)
                .order_by("volunteer__source_ref", "opportunity__source_ref")
                .values_list("volunteer_id", "opportunity_id", "opportunity__organisation_id", "decided_at",
                             "submitted_at"))
    day_totals: dict[tuple[Any, dt.date], Decimal] = defaultdict(Decimal)
    entries: list[HoursEntry] = []

    def add(volunteer_id: Any, organisation_id: Any, opportunity_id: Any, day: dt.date, description: str) -> None:
        hours = rng.choice(SESSION_HOURS)
        if day_totals[volunteer_id, day] + hours > hours_services.DAY_LIMIT or organisation_id not in deciders:
            return
        day_totals[volunteer_id, day] += hours
        age = (today - day).days
        roll = rng.random()
        if age <= RECENT_DAYS:
            status = (EntryStatus.PENDING if roll < 0.5 else EntryStatus.QUERIED if roll < 0.55
                      else EntryStatus.CONFIRMED)
        else:
            status = (EntryStatus.CONFIRMED if roll < 0.93 else EntryStatus.PENDING if roll < 0.96
                      else EntryStatus.QUERIED if roll < 0.98 else EntryStatus.REJECTED)
        by_organisation = rng.random() < 0.15
        decided = status in (EntryStatus.CONFIRMED, EntryStatus.REJECTED)
        entries.append(HoursEntry(
            volunteer_id=volunteer_id, organisation_id=organisation_id, opportunity_id=opportunity_id, date=day,
            hours=hours, description=description, status=status,
            logged_by=LoggedBy.ORGANISATION if by_organisation else LoggedBy.VOLUNTEER,
            logged_by_user_id=deciders[organisation_id] if by_organisation else None,
            message=rng.choice(QUERIES) if status == EntryStatus.QUERIED else "",
            decided_at=min(now, timezone.make_aware(dt.datetime.combine(day, dt.time(18)))
                           + dt.timedelta(days=rng.uniform(0.5, 9))) if decided else None,
            decided_by_id=deciders[organisation_id] if decided else None,
        ))

    titles = dict(Opportunity.objects.filter(source=SOURCE).values_list("pk", "title"))
    for volunteer_id, opportunity_id, organisation_id, decided_at, submitted_at in accepted:
        start = max(timezone.localdate(decided_at or submitted_at) + dt.timedelta(days=1), oldest)
        span = (today - start).days
        if span <= 0:
            continue
        rate = rng.uniform(*SESSIONS_A_WEEK)
        for _ in range(round(span / 7 * rate)):
            add(volunteer_id, organisation_id, opportunity_id, start + dt.timedelta(days=rng.randrange(span)),
                titles.get(opportunity_id, "Volunteering"))
        if rng.random() < LONG_STANDING:
            before = (start - oldest).days
            for _ in range(rng.randint(4, 20) if before > 14 else 0):
                add(volunteer_id, organisation_id, None, oldest + dt.timedelta(days=rng.randrange(before)),
                    rng.choice(INFORMAL))
    HoursEntry.objects.bulk_create(entries, batch_size=1000)
    confirmed = [e for e in entries if e.status == EntryStatus.CONFIRMED]
    CreditEntry.objects.bulk_create([
        CreditEntry(volunteer_id=e.volunteer_id, kind=CreditKind.EARN, amount=e.hours, hours_entry=e,
                    organisation_id=e.organisation_id, reason="Confirmed hours", recorded_by_id=e.decided_by_id)
        for e in confirmed], batch_size=1000)
    # Signing a badge takes a few milliseconds, so only the volunteers of the city the personas live in get theirs
    # now; everyone else's arrive, all at once, the next time an organisation confirms hours of theirs.
    people = {e.volunteer_id for e in confirmed}
    awarded = 0
    for volunteer in Volunteer.objects.filter(la_code=FOCUS_LA, source=SOURCE).order_by("source_ref"):
        if volunteer.pk in people:
            awarded += len(hours_services.milestones_award(volunteer=volunteer, actor=None))
    return Made(entries=len(entries), confirmed=len(confirmed),
                pending=sum(e.status == EntryStatus.PENDING for e in entries),
                queried=sum(e.status == EntryStatus.QUERIED for e in entries), milestones=awarded,
                volunteers=len({e.volunteer_id for e in entries}))


# Aisha's year: hosting the council's warm space every few weeks (informal help, which the council confirms), and
# one Saturday at Harehills Food Bank still waiting for Bernard.
AISHA_SESSIONS = 16
AISHA_HOURS = Decimal("3")
AISHA_PENDING = Decimal("3")


@transaction.atomic
def personas(*, aisha: Volunteer, rachel: User, bernard: User, council: Organisation,
             food_bank: Organisation) -> dict[str, Any]:
    """Aisha's confirmed hours, badges and statement, her entry waiting for Bernard, and his volunteers' entries."""
    today = timezone.localdate()
    for session in range(AISHA_SESSIONS):
        day = today - dt.timedelta(days=330 - session * 21)
        entry = hours_services.hours_log(volunteer=aisha, organisation=council, date=day, hours=AISHA_HOURS,
                                         description="Hosted the warm space at the library: tea, chat and "
                                                     "help with phones and forms", actor=aisha.user)
        hours_services.hours_confirm(entry=entry, actor=rachel)
    last_saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7 or 7)
    waiting = hours_services.hours_log(
        volunteer=aisha, organisation=food_bank, date=last_saturday, hours=AISHA_PENDING, actor=aisha.user,
        description="Helped sort and pack the Christmas appeal donations",
    )
    statement = hours_services.statement_issue(volunteer=aisha, actor=aisha.user)
    # Bernard's accepted volunteers log their recent sessions too, so his list has more than Aisha's to confirm.
    for application in (Application.objects.filter(opportunity__organisation=food_bank,
                                                   status=ApplicationStatus.ACCEPTED)
                        .exclude(volunteer=aisha).select_related("opportunity", "volunteer__user")
                        .order_by("decided_at")):
        day = max(timezone.localdate(application.decided_at) + dt.timedelta(days=2), today - dt.timedelta(days=6))
        if day < today:
            hours_services.hours_log(volunteer=application.volunteer, organisation=food_bank,
                                     opportunity=application.opportunity, date=day, hours=Decimal("2.5"),
                                     description=application.opportunity.title, actor=application.volunteer.user)
    return {"waiting": waiting, "statement": statement,
            "badges": list(MilestoneAward.objects.filter(volunteer=aisha).values_list("milestone", flat=True))}


def pending_for(organisation: Organisation) -> int:
    return HoursEntry.objects.filter(Q(status=EntryStatus.PENDING) | Q(status=EntryStatus.DISPUTED),
                                     organisation=organisation).count()
