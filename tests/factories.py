"""factory-boy factories for every model tests need. Postcodes are real (ONS Postcode Directory)."""

import datetime as dt

import factory
from django.utils import timezone

from passport.accounts.models import User
from passport.core import geo
from passport.core.models import Cause
from passport.core.taxonomy import ALL_SLOTS
from passport.opportunities.models import Application, ApplicationStatus, Opportunity, OpportunityStatus
from passport.organisations.models import IncomeBand, Membership, Organisation, OrganisationType
from passport.volunteers.models import Volunteer

# Real postcodes, a few miles apart in Leeds, and one far away in London.
LEEDS_CENTRE = "LS1 4DY"
LEEDS_HEADINGLEY = "LS6 3HN"
LONDON = "SW1A 1AA"


def place(postcode: str) -> geo.Place:
    return geo.lookup(postcode)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="en_GB")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    class Params:
        at = LEEDS_CENTRE

    user = factory.SubFactory(UserFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = dt.date(1990, 5, 17)
    postcode = factory.LazyAttribute(lambda o: place(o.at).postcode)
    easting = factory.LazyAttribute(lambda o: place(o.at).easting)
    northing = factory.LazyAttribute(lambda o: place(o.at).northing)
    la_code = factory.LazyAttribute(lambda o: place(o.at).la_code)
    max_travel_m = 16093
    availability = ALL_SLOTS
    languages = ["en"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    class Params:
        at = LEEDS_CENTRE

    name = factory.Sequence(lambda n: f"Community Group {n}")
    org_type = OrganisationType.REGISTERED_CHARITY
    org_id = factory.Sequence(lambda n: f"GB-CHC-{1100000 + n}")
    income_band = IncomeBand.SMALL
    postcode = factory.LazyAttribute(lambda o: place(o.at).postcode)
    easting = factory.LazyAttribute(lambda o: place(o.at).easting)
    northing = factory.LazyAttribute(lambda o: place(o.at).northing)
    la_code = factory.LazyAttribute(lambda o: place(o.at).la_code)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opportunity

    class Params:
        at = LEEDS_CENTRE

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Food bank helper {n}")
    description = "Sort donations and pack food parcels with a friendly team."
    cause = factory.LazyFunction(lambda: Cause.objects.get(code="poverty"))
    postcode = factory.LazyAttribute(lambda o: "" if o.remote else place(o.at).postcode)
    easting = factory.LazyAttribute(lambda o: None if o.remote else place(o.at).easting)
    northing = factory.LazyAttribute(lambda o: None if o.remote else place(o.at).northing)
    la_code = factory.LazyAttribute(lambda o: "" if o.remote else place(o.at).la_code)
    remote = False
    places = 3
    weekly_slots = ALL_SLOTS
    status = OpportunityStatus.OPEN
    published_at = factory.LazyFunction(timezone.now)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    opportunity = factory.SubFactory(OpportunityFactory)
    volunteer = factory.SubFactory(VolunteerFactory)
    status = ApplicationStatus.SUBMITTED
    message = "I would love to help."
    submitted_at = factory.LazyFunction(timezone.now)


def born_years_ago(years: int, days: int = 0) -> dt.date:
    """The date of birth of someone who turned `years` old today, minus `days` (negative: turns it later).

    On 29 February in a year whose counterpart is not a leap year, the birthday is taken as 28 February.
    """
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:
        born = today.replace(year=today.year - years, day=28)
    return born - dt.timedelta(days=days)
