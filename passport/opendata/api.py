"""GET /api/v1/open/opportunities: open opportunities as volunteeringdata.io JSON-LD, a page at a time."""

import datetime as dt
import re
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, field_validator, model_validator
from pydantic_core import PydanticCustomError

from passport.api.schemas import CAUSE_CODES, SKILL_CODES, Problem
from passport.opendata import selectors, volunteeringdata
from passport.opportunities.models import OpportunityStream

router = Router(tags=["Open data"])

GSS_CODE = re.compile(r"^[EWSN][0-9]{8}$")


class OpenParams(BaseModel):
    """Filters of the open opportunities feed. Blank parameters count as not given."""

    area: str | None = Field(None, description="A local authority's GSS code, like E08000035 for Leeds")
    updated_since: dt.datetime | None = Field(
        None, description="Only opportunities changed at or after this time (ISO 8601, like 2026-11-01T00:00:00Z)"
    )
    cause: str | None = Field(None, description="A cause code, like poverty")
    skill: str | None = Field(None, description="A skill code, like first-aid")
    stream: str | None = Field(None, description=f"One of {', '.join(OpportunityStream.values)}")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=100)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("area")
    @classmethod
    def _gss(cls, value: str | None) -> str | None:
        if value is not None and not GSS_CODE.match(value.strip().upper()):
            raise PydanticCustomError("passport_area", "Area must be a local authority code, like E08000035")
        return value.strip().upper() if value else None

    @field_validator("updated_since", mode="wrap")
    @classmethod
    def _when(cls, value: Any, handler: Any) -> dt.datetime | None:
        try:
            parsed = handler(value)
        except ValueError:
            raise PydanticCustomError(
                "passport_updated_since", "Updated since must be a date and time, like 2026-11-01T00:00:00Z"
            ) from None
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed

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

    @field_validator("stream")
    @classmethod
    def _known_stream(cls, value: str | None) -> str | None:
        if value is not None and value not in OpportunityStream.values:
            raise PydanticCustomError("passport_stream", "Select a stream from the list, like community")
        return value


class OpenPage(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    results: list[dict[str, Any]] = Field(
        description="Each a volunteeringdata.io Activity as a complete JSON-LD document (with its @context)"
    )


@router.get(
    "/open/opportunities",
    response={200: OpenPage, 422: Problem},
    summary="List open opportunities as volunteeringdata.io JSON-LD",
    url_name="open-opportunities",
)
def open_opportunities(request: HttpRequest, params: Query[OpenParams]) -> dict:
    """Every open opportunity, oldest change first, so a harvester can ask again with `updated_since` set to
    the newest time it has seen. No personal data: no coordinator names, emails or phone numbers."""
    flt = selectors.OpenFilter(area=params.area or "", updated_since=params.updated_since, cause=params.cause or "",
                               skill=params.skill or "", stream=params.stream or "")
    qs = selectors.open_opportunities(flt)
    count = qs.count()
    offset = (params.page - 1) * params.page_size
    page = list(qs[offset:offset + params.page_size]) if offset < count else []
    following = None
    if offset + params.page_size < count:
        query = request.GET.copy()
        query["page"] = str(params.page + 1)
        following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "next": following,
        "results": [volunteeringdata.single(o) for o in page],
    }
