"""Free-text tags from other systems onto our cause and skill codes, where the meaning is obviously the same.

The table is deliberately small: a tag that could mean two things is left out, and counted as unknown, rather
than guessed. docs/import.md shows this table; a test checks every code exists in core.taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from passport.imports.values import split_list

CAUSE_TAGS: dict[str, str] = {
    "animals": "animals",
    "animal welfare": "animals",
    "arts": "arts-culture",
    "arts and culture": "arts-culture",
    "culture": "arts-culture",
    "children": "children-young-people",
    "young people": "children-young-people",
    "children and young people": "children-young-people",
    "youth": "children-young-people",
    "community": "community",
    "disability": "disability",
    "education": "education",
    "emergency": "emergency-response",
    "emergency response": "emergency-response",
    "environment": "environment",
    "conservation": "environment",
    "faith": "faith",
    "health": "health",
    "health and social care": "health",
    "social care": "health",
    "heritage": "heritage",
    "homelessness": "homelessness",
    "housing": "homelessness",
    "human rights": "human-rights",
    "mental health": "mental-health",
    "older people": "older-people",
    "elderly": "older-people",
    "poverty": "poverty",
    "food bank": "poverty",
    "foodbank": "poverty",
    "refugees": "refugees",
    "asylum seekers": "refugees",
    "sport": "sport",
    "sports": "sport",
    "veterans": "veterans",
    "armed forces": "veterans",
}

SKILL_TAGS: dict[str, str] = {
    "first aid": "first-aid",
    "driving": "driving",
    "befriending": "befriending",
    "shopping": "shopping-errands",
    "cooking": "cooking",
    "gardening": "gardening",
    "diy": "diy",
    "admin": "admin",
    "administration": "admin",
    "fundraising": "fundraising",
    "marketing": "marketing",
    "social media": "marketing",
    "it support": "it-support",
    "teaching": "teaching",
    "tutoring": "teaching",
    "mentoring": "mentoring",
    "youth work": "youth-work",
    "coaching": "sports-coaching",
    "crafts": "arts-crafts",
    "music": "music",
    "translation": "translation",
    "interpreting": "translation",
    "counselling": "counselling",
    "dementia": "dementia-care",
    "retail": "retail",
    "charity shop": "retail",
    "stewarding": "event-stewarding",
    "photography": "photography",
    "research": "research",
}

# The one cause every opportunity needs, when no tag names one.
DEFAULT_CAUSE = "community"


def normalise_tag(tag: str) -> str:
    return " ".join(re.sub(r"&", " and ", tag.lower()).split())


@dataclass
class Tags:
    causes: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def cause(self) -> str:
        """The first cause tagged; an opportunity has exactly one."""
        return self.causes[0] if self.causes else DEFAULT_CAUSE


def map_tags(raw: str) -> Tags:
    """Tags written in one cell, separated by commas, semicolons or bars."""
    tags = Tags()
    for tag in split_list(raw, ",;|"):
        key = normalise_tag(tag)
        if key in CAUSE_TAGS:
            tags.causes.append(CAUSE_TAGS[key])
        elif key in SKILL_TAGS:
            tags.skills.append(SKILL_TAGS[key])
        else:
            tags.unknown.append(tag)
    tags.causes = list(dict.fromkeys(tags.causes))
    tags.skills = list(dict.fromkeys(tags.skills))
    return tags
