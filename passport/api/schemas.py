"""What the API reads and writes. Input schemas validate with GOV.UK wording; output schemas read model
attributes directly, so routers hand them querysets and never build dictionaries by hand."""

import datetime as dt
import math
from typing import Any, Literal
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema
from pydantic import BaseModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from passport.core import geo
from passport.core.taxonomy import CAUSES, DAYS, PARTS, SKILLS, day_mask, mask_to_slots, part_mask
from passport.opportunities.models import OpportunityStream
from passport.opportunities.selectors import SearchQuery

SKILL_CODES = frozenset(code for code, _label in SKILLS)
CAUSE_CODES = frozenset(code for code, _label in CAUSES)

Day = Literal[tuple(DAYS)]  # type: ignore[valid-type]
Part = Literal[tuple(PARTS)]  # type: ignore[valid-type]


def _absolute(context: Any, path: str) -> str:
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


# Input: plain pydantic models, since ninja's Schema reads attributes of ORM objects, which input is not. ------


class SearchParams(BaseModel):
    """Query parameters of the public search. Blank parameters count as not given, as an HTML form sends them."""

    postcode: str | None = Field(None, description="Where to search from, like LS1 4DY", max_length=20)
    radius_miles: float = Field(10, gt=0, le=100, description="How far from the postcode, in miles")
    stream: str | None = Field(None, description=f"One of {', '.join(OpportunityStream.values)}")
    cause: str | None = Field(None, description="A cause code, like poverty")
    skill: str | None = Field(None, description="A skill code, like first-aid")
    day: Day | None = Field(None, description="Only opportunities on this day of the week")
    time: Part | None = Field(None, description="Only opportunities at this time of day")
    remote: Literal["include", "exclude", "only"] = Field("include", description="Remote opportunities")
    page: int = Field(1, ge=1)
    page_size: int = Field(20, ge=1, le=100)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("postcode")
    @classmethod
    def _real_postcode(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return geo.lookup(value).postcode
        except geo.PostcodeError as error:
            raise PydanticCustomError("passport_postcode", str(error)) from None

    @field_validator("stream")
    @classmethod
    def _known_stream(cls, value: str | None) -> str | None:
        if value is not None and value not in OpportunityStream.values:
            raise PydanticCustomError("passport_stream", "Select a stream from the list, like community")
        return value

    @field_validator("cause")
    @classmethod
    def _known_cause(cls, value: str | None) -> str | None:
        if value is not None and value not in CAUSE_CODES:
            raise PydanticCustomError("passport_cause", "Select a cause from the list, like poverty")
        return value

    @field_validator("skill")
    @classmethod
    def _known_skill(cls, value: str | None) -> str | None:
        if value is not None and value not in SKILL_CODES:
            raise PydanticCustomError("passport_skill", "Select a skill from the list, like first-aid")
        return value

    def slots_mask(self) -> int:
        """The weekly grid cells asked for: a whole day, a time on every day, or that time on that day."""
        mask = 0
        if self.day:
            mask = day_mask(self.day)
        if self.time:
            mask = mask & part_mask(self.time) if mask else part_mask(self.time)
        return mask

    def to_query(self) -> SearchQuery:
        place = geo.lookup(self.postcode) if self.postcode else None
        return SearchQuery(
            easting=place.easting if place else None,
            northing=place.northing if place else None,
            radius_m=round(self.radius_miles * geo.METRES_PER_MILE),
            stream=self.stream or "",
            cause=self.cause or "",
            skill=self.skill or "",
            slots_mask=self.slots_mask(),
            remote=self.remote,
        )


class ApplicationIn(BaseModel):
    message: str = Field("", max_length=2000, description="Why you would like to help (optional)")


class DecisionIn(BaseModel):
    decision: Literal["accept", "decline"]
    message: str = Field("", max_length=2000, description="A message to the volunteer (optional)")


# Output -----------------------------------------------------------------------------------------------------


class CodeLabel(Schema):
    code: str
    label: str


class OrganisationRef(Schema):
    id: UUID
    name: str


class OpportunitySummary(Schema):
    id: UUID
    title: str
    organisation: OrganisationRef
    stream: str
    cause: CodeLabel
    remote: bool
    postcode: str
    distance_miles: float | None = Field(None, description="From the searched postcode; null when remote")
    places: int
    min_age: int
    min_dbs_level: str
    paid_youth_placement: bool
    required_skills: list[str] = Field(description="Codes of the skills a volunteer must have")
    url: str = Field(description="The opportunity's page on the website")

    @staticmethod
    def resolve_distance_miles(obj: Any) -> float | None:
        d2 = getattr(obj, "distance_m2", None)
        if d2 is None or obj.remote:
            return None
        return round(math.sqrt(d2) / geo.METRES_PER_MILE, 1)

    @staticmethod
    def resolve_required_skills(obj: Any) -> list[str]:
        return [skill.code for skill in obj.required_skills.all()]

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, reverse("opportunities:detail", args=[obj.pk]))


class SearchPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    results: list[OpportunitySummary]


class ShiftOut(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    places: int


class OrganisationOut(Schema):
    id: UUID
    name: str
    description: str
    website: str


class OpportunityDetail(Schema):
    id: UUID
    title: str
    description: str
    status: str
    organisation: OrganisationOut
    stream: str
    cause: CodeLabel
    remote: bool
    postcode: str
    places: int
    min_age: int
    min_dbs_level: str
    paid_youth_placement: bool
    hourly_pay_pence: int | None
    public_service_role: str
    schedule_type: str
    weekly_slots: list[str] = Field(description="Slot codes, like monday-morning")
    shifts: list[ShiftOut]
    required_skills: list[CodeLabel]
    desirable_skills: list[CodeLabel]
    closes_on: dt.date | None
    published_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_weekly_slots(obj: Any) -> list[str]:
        return mask_to_slots(obj.weekly_slots)

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, reverse("opportunities:detail", args=[obj.pk]))


class ProfileOut(Schema):
    id: UUID
    email: str | None
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    mobile: str
    postcode: str
    remote_only: bool
    max_travel_miles: float
    availability: list[str] = Field(description="Slot codes, like monday-morning")
    skills: list[str]
    causes: list[str]
    languages: list[str]
    paused_until: dt.date | None

    @staticmethod
    def resolve_email(obj: Any) -> str | None:
        return obj.user.email

    @staticmethod
    def resolve_max_travel_miles(obj: Any) -> float:
        return round(obj.max_travel_m / geo.METRES_PER_MILE, 1)

    @staticmethod
    def resolve_availability(obj: Any) -> list[str]:
        return mask_to_slots(obj.availability)

    @staticmethod
    def resolve_skills(obj: Any) -> list[str]:
        return sorted(s.code for s in obj.skills.all())

    @staticmethod
    def resolve_causes(obj: Any) -> list[str]:
        return sorted(c.code for c in obj.causes.all())


class OpportunityRef(Schema):
    id: UUID
    title: str
    organisation: OrganisationRef
    url: str

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, reverse("opportunities:detail", args=[obj.pk]))


class MyApplication(Schema):
    id: UUID
    opportunity: OpportunityRef
    status: str
    message: str
    submitted_at: dt.datetime
    first_response_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_message: str


class ApplicantVolunteer(Schema):
    """What a coordinator sees of an applicant: never date of birth, email, mobile or postcode."""

    first_name: str
    last_name: str
    skills: list[str]

    @staticmethod
    def resolve_skills(obj: Any) -> list[str]:
        return sorted(s.code for s in obj.skills.all())


class Applicant(Schema):
    id: UUID
    opportunity_id: UUID
    volunteer: ApplicantVolunteer
    status: str
    message: str
    submitted_at: dt.datetime
    first_response_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_message: str


class MyOrganisation(Schema):
    id: UUID
    name: str
    org_type: str
    org_id: str
    income_band: str
    postcode: str


class ManagedOpportunity(Schema):
    id: UUID
    title: str
    status: str
    stream: str
    places: int
    remote: bool
    postcode: str
    published_at: dt.datetime | None
    closes_on: dt.date | None
    url: str

    @staticmethod
    def resolve_url(obj: Any, context: Any) -> str:
        return _absolute(context, reverse("opportunities:detail", args=[obj.pk]))


class Problem(Schema):
    """An RFC 9457 problem; `errors` says which field is at fault."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str
    errors: list[dict[str, str | None]] = Field(examples=[[{"field": "query.postcode",
                                                            "message": "Enter a real postcode, like SW1A 1AA"}]])
