"""Whether a volunteer may take up an opportunity, with the reasons in plain words.

One function answers this for applying, matching and call-outs. Today it checks what the foundation
knows (age, pauses, paid youth placement ages); vetting checks join it when vetting records exist.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

YOUTH_PLACEMENT_MAX_AGE = 24


@dataclass(frozen=True)
class Requirement:
    """What an opportunity asks of a volunteer."""

    min_age: int = 16
    max_age: int | None = None
    min_dbs_level: str = "none"

    @classmethod
    def of(cls, opportunity: Any) -> "Requirement":
        return cls(
            min_age=opportunity.min_age,
            max_age=YOUTH_PLACEMENT_MAX_AGE if opportunity.paid_youth_placement else None,
            min_dbs_level=opportunity.min_dbs_level,
        )


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    reasons: list[str] = field(default_factory=list)


def eligibility(volunteer: Any, requirement: Requirement, on: dt.date | None = None) -> Eligibility:
    """Yes or no, and why not."""
    day = on or timezone.localdate()
    reasons: list[str] = []
    if volunteer.erased_at is not None:
        return Eligibility(False, ["This account has been deleted"])
    age = volunteer.age(day)
    if age is None:
        reasons.append("We need your date of birth to check the age limit")
    else:
        if age < requirement.min_age:
            reasons.append(f"You need to be {requirement.min_age} or older; you are {age}")
        if requirement.max_age is not None and age > requirement.max_age:
            reasons.append(f"This paid youth placement is for people aged 16 to {requirement.max_age}")
    if volunteer.paused_until is not None and volunteer.paused_until >= day:
        reasons.append(f"You have paused volunteering until {volunteer.paused_until:%-d %B %Y}")
    return Eligibility(not reasons, reasons)
