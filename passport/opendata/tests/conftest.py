import datetime as dt

import pytest
from django.utils import timezone

from passport.core.models import Skill
from passport.core.taxonomy import slots_to_mask
from passport.opportunities.models import OpportunityStatus, ScheduleType, Shift
from tests import factories


@pytest.fixture
def varied(personas):
    """Open opportunities of every shape the formats must carry, and some that must never appear."""
    first_aid, driving, befriending = (Skill.objects.get(code=c) for c in ("first-aid", "driving", "befriending"))
    weekly = personas.opportunity
    weekly.weekly_slots = slots_to_mask(["monday-morning", "wednesday-morning", "saturday-evening"])
    weekly.min_dbs_level = "enhanced"
    weekly.save()
    weekly.required_skills.set([first_aid])
    weekly.desirable_skills.set([driving])
    remote = factories.OpportunityFactory(organisation=personas.daves_org, title="Phone befriender", remote=True,
                                          stream="community", paid_youth_placement=True, hourly_pay_pence=1100,
                                          closes_on=timezone.localdate() + dt.timedelta(days=30))
    remote.required_skills.set([befriending])
    shifts = factories.OpportunityFactory(organisation=personas.bobs_org, title="Flood reserve sandbagger",
                                          schedule_type=ScheduleType.SHIFTS, stream="reserve",
                                          at=factories.LONDON)
    today = timezone.localdate()
    thursday = today + dt.timedelta(days=(3 - today.weekday()) % 7 or 7)  # the next Thursday, not today
    start = timezone.make_aware(dt.datetime.combine(thursday, dt.time(10, 0)))
    Shift.objects.create(opportunity=shifts, starts_at=start, ends_at=start + dt.timedelta(hours=4), places=2)
    Shift.objects.create(opportunity=shifts, starts_at=start - dt.timedelta(days=10),
                         ends_at=start - dt.timedelta(days=10, hours=-4))  # past: not listed
    flexible = factories.OpportunityFactory(organisation=personas.daves_org, title="Garden helper",
                                            schedule_type=ScheduleType.FLEXIBLE, at=factories.LEEDS_HEADINGLEY)
    hidden = [
        factories.OpportunityFactory(organisation=personas.bobs_org, title="Draft role", status=OpportunityStatus.DRAFT,
                                     published_at=None),
        factories.OpportunityFactory(organisation=personas.bobs_org, title="Filled role",
                                     status=OpportunityStatus.FILLED),
        factories.OpportunityFactory(organisation=personas.bobs_org, title="Closed role",
                                     status=OpportunityStatus.CLOSED),
        factories.OpportunityFactory(organisation=personas.bobs_org, title="Past closing date",
                                     closes_on=timezone.localdate() - dt.timedelta(days=1)),
    ]
    return {"weekly": weekly, "remote": remote, "shifts": shifts, "flexible": flexible, "hidden": hidden}


# What must never be published: coordinators' and volunteers' details from the personas.
PERSONAL = ["bob@example.org", "Bob Brown", "dave@example.org", "Dave Dean", "alice@example.org", "Alice",
            "Adams", "charlie@example.org", "I would love to help."]
