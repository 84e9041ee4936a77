"""The named people you sign in as in the demo, made with the real services, and their sign-in links."""

import datetime as dt
import math
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from passport.accounts.models import Role, User
from passport.accounts.services import role_grant, sign_in_link_issue
from passport.core.choices import DbsLevel, Stream
from passport.core.taxonomy import slots_to_mask
from passport.demo import areas
from passport.demo import support as demo_support
from passport.demo.generate.world import FOCUS_LA, SOURCE
from passport.opportunities import services as opportunity_services
from passport.opportunities.eligibility import Requirement, eligibility
from passport.opportunities.models import (
    Application,
    Opportunity,
    OpportunityStatus,
    OpportunityStream,
    PublicServiceRole,
    ScheduleType,
)
from passport.organisations.models import IncomeBand, Organisation, OrganisationType
from passport.organisations.services import coordinator_invite, invitation_accept, organisation_register
from passport.vetting import services as vetting_services
from passport.vetting.models import CheckLevel, IdentityMethod, Outcome, QualificationKind, Workforce
from passport.volunteers.models import Volunteer
from passport.volunteers.services import volunteer_register

LINK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Persona:
    role: str  # as printed beside the link
    first: str
    last: str
    email: str
    grants: tuple[str, ...] = ()
    next_url: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


AISHA = Persona("Volunteer in Leeds", "Aisha", "Khan", "aisha@example.org")
BERNARD = Persona("Coordinator, Harehills Food Bank", "Bernard", "Okafor", "bernard@example.org")
RACHEL = Persona("Coordinator, Leeds City Council", "Rachel", "Thornton", "rachel@example.org")
DAVID = Persona("Vetting officer", "David", "Mensah", "david@example.org", (Role.VETTING_OFFICER,))
FIONA = Persona("Reserve controller (Leeds council)", "Fiona", "Campbell", "fiona@example.org",
                (Role.RESERVE_CONTROLLER,), "/reserve/incidents/")
PRIYA = Persona("Social prescriber, GP surgery", "Priya", "Shah", "priya@example.org", (), "/support/tasks/")
PERSONAS = [
    AISHA,
    BERNARD,
    RACHEL,
    DAVID,
    FIONA,
    PRIYA,
    Persona("Analyst", "Tom", "Hughes", "tom@example.org", (Role.ANALYST,)),
    # Django admin takes an authenticated staff session, so the administrator's link goes straight there.
    Persona("Administrator (opens /admin/)", "Sam", "Patel", "sam@example.org", (Role.ADMINISTRATOR,), "/admin/"),
]
MARKER_EMAIL = AISHA.email  # if Aisha exists, the demo data is there

FOOD_BANK = {"name": "Harehills Food Bank", "org_id": "GB-CHC-1187346", "postcode": "LS8 5BR"}
COUNCIL_GSS, COUNCIL_FALLBACK = FOCUS_LA, areas.Council("GB-LAE-LDS", "Leeds City Council")
COUNCIL_POSTCODE = "LS1 1UR"


def exists() -> bool:
    return User.objects.filter(email=MARKER_EMAIL).exists()


def council() -> areas.Council:
    return areas.councils().get(COUNCIL_GSS, COUNCIL_FALLBACK)


def reserved() -> tuple[set[str], set[str]]:
    """Identifiers and names the generator must leave for the personas' organisations."""
    leeds = council()
    return ({FOOD_BANK["org_id"], leeds.org_id, demo_support.SURGERY["org_id"]},
            {FOOD_BANK["name"], leeds.name, demo_support.SURGERY["name"]})


def _user(persona: Persona) -> User:
    admin = Role.ADMINISTRATOR in persona.grants
    user = User.objects.create_user(email=persona.email, display_name=persona.name, is_staff=admin,
                                    is_superuser=admin)
    for role in persona.grants:
        role_grant(user=user, role=role)
    return user


def _backdate(app: Application, *, days_ago: float, answered_after: float | None = None) -> None:
    submitted = timezone.now() - dt.timedelta(days=days_ago)
    fields: dict = {"submitted_at": submitted}
    if app.first_response_at is not None and answered_after is not None:
        fields["first_response_at"] = fields["decided_at"] = submitted + dt.timedelta(days=answered_after)
    Application.objects.filter(pk=app.pk).update(**fields)


def _apply(opp: Opportunity, volunteer: Volunteer, *, days_ago: float, decide_by: User | None = None,
           accept: bool = False, answered_after: float = 2, withdraw: bool = False, message: str = "") -> None:
    app = opportunity_services.application_submit(opportunity=opp, volunteer=volunteer, message=message)
    if decide_by is not None:
        app = opportunity_services.application_decide(application=app, actor=decide_by, accept=accept)
    if withdraw:
        app = opportunity_services.application_withdraw(application=app, volunteer=volunteer)
    _backdate(app, days_ago=days_ago, answered_after=answered_after)


def _opportunities(bernard: User, rachel: User, food_bank: Organisation, leeds: Organisation) -> dict:
    now = timezone.localtime()
    save = opportunity_services.opportunity_save
    common = {"publish": True, "source": SOURCE}
    opps = {
        "sorting": save(
            actor=bernard, organisation=food_bank, title="Food bank volunteer: sorting and packing",
            description=("Sort donations, check dates and pack food parcels for families in Harehills. No experience "
                         "needed; you will work alongside our friendly Tuesday, Thursday and Saturday teams."),
            cause="poverty", desirable_skills=["manual-handling", "food-hygiene"], postcode=food_bank.postcode,
            places=6, weekly_slots=slots_to_mask(["tuesday-morning", "thursday-morning", "saturday-morning"]),
            source_ref="persona-sorting", **common),
        "drivers": save(
            actor=bernard, organisation=food_bank, stream=OpportunityStream.COMMUNITY,
            title="Delivery driver for emergency food parcels",
            description=("Deliver food parcels in your own car to families who cannot get to us. We pay 45p a mile."),
            cause="poverty", required_skills=["driving"], min_dbs_level=DbsLevel.BASIC, min_age=21,
            postcode=food_bank.postcode, places=3,
            weekly_slots=slots_to_mask(["thursday-afternoon", "friday-morning"]),
            source_ref="persona-drivers", **common),
        "treasurer": save(
            actor=bernard, organisation=food_bank, stream=OpportunityStream.PUBLIC_SERVICE,
            title="Treasurer (trustee)", public_service_role=PublicServiceRole.TRUSTEE,
            description="Be our treasurer: keep the books, present the accounts and help us apply for grants.",
            cause="civic", desirable_skills=["bookkeeping", "governance"], min_age=18, remote=True, places=1,
            weekly_slots=slots_to_mask(["wednesday-evening"]), source_ref="persona-treasurer", **common),
        "rest_centre": save(
            actor=rachel, organisation=leeds, stream=OpportunityStream.RESERVE,
            title="Emergency rest centre volunteer",
            description=("Help run a rest centre for people evacuated from their homes in a flood or fire: "
                         "registration, hot drinks, bedding and a calm presence."),
            cause="emergency-response", desirable_skills=["first-aid", "customer-service"],
            min_dbs_level=DbsLevel.BASIC, min_age=18, postcode=COUNCIL_POSTCODE, places=25,
            schedule_type=ScheduleType.SHIFTS,
            shifts=[(now.replace(hour=h, minute=0, second=0, microsecond=0) + dt.timedelta(days=d),
                     now.replace(hour=h, minute=0, second=0, microsecond=0) + dt.timedelta(days=d, hours=4))
                    for d, h in ((6, 9), (6, 13), (13, 9), (20, 18))],
            source_ref="persona-rest-centre", **common),
        "library": save(
            actor=rachel, organisation=leeds, title="Library home delivery volunteer",
            description="Choose and deliver library books to readers who cannot get to the library.",
            cause="older-people", required_skills=["driving"], min_dbs_level=DbsLevel.ENHANCED, min_age=18,
            postcode=COUNCIL_POSTCODE, places=6, weekly_slots=slots_to_mask(["monday-afternoon"]),
            source_ref="persona-library", **common),
    }
    for days, opp in zip((35, 28, 21, 14, 40), opps.values(), strict=True):
        Opportunity.objects.filter(pk=opp.pk).update(published_at=timezone.now() - dt.timedelta(days=days))
    return opps


def _neighbours(food_bank: Organisation, seed: int) -> list[Volunteer]:
    """Generated volunteers nearest the food bank, who apply to it."""
    people = list(Volunteer.objects.filter(source=SOURCE, la_code=FOCUS_LA, paused_until__isnull=True,
                                           remote_only=False).select_related("user").order_by("source_ref"))
    random.Random(seed).shuffle(people)
    people.sort(key=lambda v: math.hypot(v.easting - food_bank.easting, v.northing - food_bank.northing))
    return people[:30]


def _waiting_list(opps: dict, bernard: User, food_bank: Organisation, seed: int) -> None:
    """Bernard's applicants: some answered, some waiting, two waiting long enough to be reminded about."""
    plan = [("sorting", 1, None), ("sorting", 4, None), ("sorting", 9, None), ("sorting", 13, None),
            ("sorting", 25, True), ("sorting", 20, True), ("sorting", 16, False), ("drivers", 6, None),
            ("drivers", 11, None), ("drivers", 18, True)]
    people = iter(_neighbours(food_bank, seed))
    for key, days_ago, accept in plan:
        for volunteer in people:
            try:
                _apply(opps[key], volunteer, days_ago=days_ago, decide_by=bernard if accept is not None else None,
                       accept=bool(accept), answered_after=1.5)
                break
            except opportunity_services.NotEligible:
                continue  # too young to drive for us: try the next neighbour


@transaction.atomic
def people() -> dict[str, User]:
    """The personas' accounts and roles, except Aisha's (she registers as a volunteer), by email."""
    return {persona.email: User.objects.filter(email=persona.email).first() or _user(persona)
            for persona in PERSONAS if persona is not AISHA}


@transaction.atomic
def create(*, users: dict[str, User], seed: int = 2020) -> None:
    """Create the personas' two organisations and their opportunities, register Aisha, and make applications in
    every state (Aisha's own, and Bernard's waiting list)."""
    bernard, rachel = users[BERNARD.email], users[RACHEL.email]
    food_bank = organisation_register(
        actor=bernard, name=FOOD_BANK["name"], org_type=OrganisationType.REGISTERED_CHARITY,
        org_id=FOOD_BANK["org_id"], income_band=IncomeBand.MICRO, postcode=FOOD_BANK["postcode"],
        description="A volunteer-run food bank giving emergency food and a warm welcome in Harehills since 2012.",
        email="hello@harehills-food-bank.example.org", source=SOURCE, source_ref="persona-food-bank",
    )
    leeds_council = council()
    leeds = organisation_register(
        actor=rachel, name=leeds_council.name, org_type=OrganisationType.COUNCIL, org_id=leeds_council.org_id,
        income_band=IncomeBand.SUPER_MAJOR, postcode=COUNCIL_POSTCODE, source=SOURCE, source_ref="persona-council",
        description="The council for Leeds: its volunteering team runs libraries, warm spaces and emergency support.",
    )
    # Fiona plans emergencies for the council, so the council confirms the hours of the reserve she calls out.
    invitation = coordinator_invite(organisation=leeds, actor=rachel, email=FIONA.email)
    invitation_accept(invitation=invitation, actor=users[FIONA.email])
    demo_support.surgery(referrer=users[PRIYA.email])
    opps = _opportunities(bernard, rachel, food_bank, leeds)
    aisha = volunteer_register(
        email=AISHA.email, first_name=AISHA.first, last_name=AISHA.last, date_of_birth=dt.date(1994, 3, 18),
        postcode="LS6 3HN", mobile="07700 900123", max_travel_miles=5,
        availability=slots_to_mask(["tuesday-morning", "thursday-morning", "wednesday-evening", "saturday-morning",
                                    "saturday-afternoon", "sunday-afternoon"]),
        skills=["first-aid", "befriending", "translation", "digital-skills"],
        causes=["poverty", "refugees", "community"], languages=["en", "ur", "pa"],
        streams=[Stream.COMMUNITY, Stream.RESERVE], source=SOURCE, source_ref="persona-aisha",
    )
    # She joined over a year ago: her account, consents and checks are older than her applications.
    joined = timezone.now() - dt.timedelta(days=440)
    User.objects.filter(pk=aisha.user_id).update(date_joined=joined)
    Volunteer.objects.filter(pk=aisha.pk).update(created_at=joined)
    aisha.consents.update(given_at=joined)
    when = timezone.localdate()
    vetting_services.identity_record(officer=users[DAVID.email], volunteer=aisha,
                                     method=IdentityMethod.GOV_UK_ONE_LOGIN, checked_on=when - dt.timedelta(days=430))
    vetting_services.dbs_check_record(
        officer=users[DAVID.email], volunteer=aisha, level=CheckLevel.ENHANCED, workforce=Workforce.ADULT,
        certificate_number="001234567890", issued_on=when - dt.timedelta(days=420), outcome=Outcome.SUITABLE,
    )
    # She did the reserve induction, so she is on standby for incidents near Headingley.
    vetting_services.qualification_record(officer=users[DAVID.email], volunteer=aisha,
                                          kind=QualificationKind.RESERVE_INDUCTION,
                                          issued_on=when - dt.timedelta(days=300), expires_on=None)
    # Aisha's applications, one in each state.
    _apply(opps["sorting"], aisha, days_ago=2, message="I live in Headingley and I'm free on Saturday mornings.")
    _apply(opps["rest_centre"], aisha, days_ago=12, decide_by=rachel, accept=True, answered_after=1.5)
    _apply(opps["treasurer"], aisha, days_ago=19, decide_by=bernard, accept=False, answered_after=4)
    _apply(opps["library"], aisha, days_ago=30, withdraw=True)
    nearby = (Opportunity.objects.filter(source=SOURCE, la_code=FOCUS_LA, status=OpportunityStatus.OPEN,
                                         created_by__isnull=False)
              .exclude(organisation__in=[food_bank, leeds]).order_by("source_ref"))
    elsewhere = next((o for o in nearby if eligibility(aisha, Requirement.of(o)).ok), None)
    if elsewhere is not None:
        _apply(elsewhere, aisha, days_ago=8, decide_by=elsewhere.created_by, accept=True, answered_after=3)
    _waiting_list(opps, bernard, food_bank, seed)


def links() -> list[tuple[Persona, str]]:
    """A fresh single-use sign-in link for each persona that exists (each call makes new ones)."""
    found = {user.email: user for user in User.objects.filter(email__in=[p.email for p in PERSONAS])}
    return [
        (persona, sign_in_link_issue(user=found[persona.email], minutes=LINK_MINUTES, next_url=persona.next_url).url)
        for persona in PERSONAS if persona.email in found
    ]
