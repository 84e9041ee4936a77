"""Our controlled lists as concepts: identifiers for the volunteeringdata.io Skill, Cause, Requirement and
Reward schemes, and as Open Referral UK taxonomies and terms.

Codes are stable (see passport.core.taxonomy), so identifiers made from them are stable too: IRIs are
fragments of our concepts document, and Open Referral ids (which must be UUIDs) are UUID v5 of scheme and code,
the same on every deployment.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from passport.core.choices import DbsLevel
from passport.core.taxonomy import CAUSES, SKILLS
from passport.opportunities.models import OpportunityStream

# Fixed for ever: changing it would change every Open Referral id we have published.
NAMESPACE = uuid.UUID("728b6ff4-8dc9-4c45-acb2-840f5ee96844")

VOCAB = "https://id.volunteeringdata.io/schema/"


@dataclass(frozen=True)
class Scheme:
    key: str  # skill, cause, requirement, reward, stream
    name: str
    description: str
    vd_class: str  # the volunteeringdata.io class of its concepts ("" when it has none)


@dataclass(frozen=True)
class Concept:
    scheme: Scheme
    code: str
    label: str

    @property
    def iri(self) -> str:
        return concept_iri(self.scheme.key, self.code)

    @property
    def uuid(self) -> str:
        return str(uuid.uuid5(NAMESPACE, f"{self.scheme.key}/{self.code}"))


SKILL = Scheme("skill", "Volunteer Passport skills",
               "Skills a volunteer can offer and an opportunity can ask for.", "Skill")
CAUSE = Scheme("cause", "Volunteer Passport causes", "Charitable causes an opportunity serves.", "Cause")
REQUIREMENT = Scheme("requirement", "Volunteer Passport requirements",
                     "Checks and conditions a volunteer must meet before starting.", "Requirement")
REWARD = Scheme("reward", "Volunteer Passport rewards", "What a volunteer receives, beyond expenses.", "Reward")
STREAM = Scheme("stream", "Volunteer Passport streams",
                "The streams of the Volunteer Passport: reserve, community support, public service.", "")
SCHEMES = [SKILL, CAUSE, REQUIREMENT, REWARD, STREAM]
SCHEMES_BY_KEY = {s.key: s for s in SCHEMES}

PAID_YOUTH_PLACEMENT = "paid-youth-placement"


def _requirements() -> list[tuple[str, str]]:
    checks = [(f"dbs-{level}", label) for level, label in DbsLevel.choices if level != DbsLevel.NONE]
    return checks + [(f"minimum-age-{age}", f"Aged {age} or over") for age in range(14, 26)]


def all_concepts() -> list[Concept]:
    lists = {
        SKILL: SKILLS,
        CAUSE: CAUSES,
        REQUIREMENT: _requirements(),
        REWARD: [(PAID_YOUTH_PLACEMENT, "Paid youth service placement (age 16 to 24)")],
        STREAM: list(OpportunityStream.choices),
    }
    return [Concept(scheme, code, str(label)) for scheme, items in lists.items() for code, label in items]


def concept_iri(scheme: str, code: str) -> str:
    return f"{settings.SITE_URL}{reverse('opendata:concepts')}#{scheme}-{code}"


def scheme_iri(scheme: str) -> str:
    return f"{settings.SITE_URL}{reverse('opendata:concepts')}#{scheme}"


def scheme_uuid(scheme: str) -> str:
    return str(uuid.uuid5(NAMESPACE, scheme))


def concept(scheme: Scheme, code: str, label: str) -> Concept:
    return Concept(scheme, code, label)


def min_age_requirement(age: int) -> Concept:
    return Concept(REQUIREMENT, f"minimum-age-{age}", f"Aged {age} or over")


def dbs_requirement(level: str) -> Concept | None:
    if level == DbsLevel.NONE:
        return None
    return Concept(REQUIREMENT, f"dbs-{level}", str(DbsLevel(level).label))


def term_by_uuid(term_id: str) -> Concept | None:
    """The concept an Open Referral taxonomy_term id stands for."""
    return next((c for c in all_concepts() if c.uuid == term_id), None)


def scheme_by_uuid(taxonomy_id: str) -> Scheme | None:
    return next((s for s in SCHEMES if scheme_uuid(s.key) == taxonomy_id), None)


def stable_uuid(*parts: object) -> str:
    """A UUID for a record we derive (a location, a schedule) that stays the same between requests."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))
