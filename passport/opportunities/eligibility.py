"""Whether a volunteer may take up an opportunity, with the reasons in plain words.

One function answers this for applying, matching and call-outs. Today it checks what the foundation
knows (age, pauses, paid youth placement ages); vetting checks join it when vetting records exist.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from passport.core.choices import DbsLevel

YOUTH_PLACEMENT_MAX_AGE = 24


@dataclass(frozen=True)
class Requirement:
    """What an opportunity asks of a volunteer."""

    min_age: int = 16
    max_age: int | None = None
    min_dbs_level: str = "none"
    workforce: str = ""

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
    if requirement.min_dbs_level != DbsLevel.NONE:
        reasons += _vetting_reasons(volunteer, requirement, day)
    return Eligibility(not reasons, reasons)


def _vetting_reasons(volunteer: Any, requirement: Requirement, day: dt.date) -> list[str]:
    """A current check at or above the level asked for makes the volunteer eligible at once: no re-vetting."""
    from passport.vetting import selectors, validity

    needed = DbsLevel(requirement.min_dbs_level).label
    for attestation in selectors.attestations(volunteer, on=day):
        facts = validity.CheckFacts(attestation.level, attestation.workforce, day, "suitable")
        if validity.covers(facts, requirement.min_dbs_level, requirement.workforce):
            return []
    expired = selectors.latest_expiry(volunteer, requirement.min_dbs_level, requirement.workforce)
    if expired is not None and expired < day:
        return [f"This role needs an {needed}; yours expired on {expired:%-d %B %Y}. "
                "Ask a vetting officer to renew it"]
    return [f"This role needs an {needed}, and you do not have a current one. "
            "A vetting officer can record it once it is done"]
