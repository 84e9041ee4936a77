"""Controlled lists: skills, causes, languages, and the weekly availability grid.

The volunteeringdata.io vocabulary (DCMS, beta) defines `Skill`, `Cause` and `Language` concept schemes for
activities and organisations but ships no fixed concepts. These are our concepts in those schemes; each code is
stable (it appears in exports and the API) and each has a fixed bit for the matching engine's bitsets.
"""

from typing import Any

SKILLS: list[tuple[str, str]] = [
    ("first-aid", "First aid"),
    ("driving", "Driving (full UK licence)"),
    ("minibus-driving", "Minibus driving (D1)"),
    ("befriending", "Befriending and listening"),
    ("shopping-errands", "Shopping and errands"),
    ("cooking", "Cooking and food preparation"),
    ("food-hygiene", "Food hygiene"),
    ("gardening", "Gardening and conservation"),
    ("diy", "DIY and practical repairs"),
    ("manual-handling", "Lifting and manual work"),
    ("sandbagging", "Flood response and sandbagging"),
    ("search-rescue", "Search and rescue"),
    ("logistics", "Logistics and warehousing"),
    ("event-stewarding", "Event stewarding"),
    ("admin", "Administration"),
    ("bookkeeping", "Bookkeeping and finance"),
    ("fundraising", "Fundraising"),
    ("marketing", "Marketing and social media"),
    ("it-support", "IT support"),
    ("digital-skills", "Teaching digital skills"),
    ("web-development", "Web and software development"),
    ("data-analysis", "Data analysis"),
    ("legal", "Legal knowledge"),
    ("governance", "Governance and trusteeship"),
    ("teaching", "Teaching and tutoring"),
    ("mentoring", "Mentoring"),
    ("youth-work", "Youth work"),
    ("sports-coaching", "Sports coaching"),
    ("arts-crafts", "Arts and crafts"),
    ("music", "Music"),
    ("translation", "Translation and interpreting"),
    ("bsl", "British Sign Language"),
    ("counselling", "Counselling"),
    ("mental-health", "Mental health support"),
    ("dementia-care", "Dementia awareness"),
    ("personal-care", "Personal care"),
    ("health-care", "Clinical and healthcare"),
    ("vaccination-support", "Vaccination centre support"),
    ("customer-service", "Customer service and reception"),
    ("retail", "Retail and charity shops"),
    ("animal-care", "Animal care"),
    ("photography", "Photography and video"),
    ("public-speaking", "Public speaking"),
    ("project-management", "Project management"),
    ("hr", "Human resources"),
    ("research", "Research"),
]

CAUSES: list[tuple[str, str]] = [
    ("animals", "Animals"),
    ("arts-culture", "Arts and culture"),
    ("children-young-people", "Children and young people"),
    ("community", "Community development"),
    ("disability", "Disability"),
    ("education", "Education and learning"),
    ("emergency-response", "Emergency response"),
    ("environment", "Environment and conservation"),
    ("faith", "Faith and belief"),
    ("health", "Health and social care"),
    ("heritage", "Heritage"),
    ("homelessness", "Homelessness and housing"),
    ("human-rights", "Human rights and justice"),
    ("mental-health", "Mental health"),
    ("older-people", "Older people"),
    ("poverty", "Poverty and food"),
    ("refugees", "Refugees and asylum seekers"),
    ("sport", "Sport and recreation"),
    ("civic", "Civic and public service"),
    ("veterans", "Armed forces and veterans"),
]

# ISO 639-1 codes (and "bfi" for BSL, ISO 639-3) of languages most spoken in the UK (Census 2021).
LANGUAGES: list[tuple[str, str]] = [
    ("en", "English"),
    ("cy", "Welsh"),
    ("gd", "Scottish Gaelic"),
    ("pl", "Polish"),
    ("ro", "Romanian"),
    ("pa", "Punjabi"),
    ("ur", "Urdu"),
    ("pt", "Portuguese"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("bn", "Bengali"),
    ("gu", "Gujarati"),
    ("it", "Italian"),
    ("zh", "Chinese"),
    ("fr", "French"),
    ("lt", "Lithuanian"),
    ("so", "Somali"),
    ("uk", "Ukrainian"),
    ("ta", "Tamil"),
    ("tr", "Turkish"),
    ("bfi", "British Sign Language"),
]
LANGUAGE_LABELS = dict(LANGUAGES)

DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PARTS = ["morning", "afternoon", "evening"]

# The weekly availability grid: bit = day * 3 + part (Monday morning = bit 0, Sunday evening = bit 20).
SLOTS: list[tuple[str, str]] = [
    (f"{day}-{part}", f"{day.capitalize()} {part}") for day in DAYS for part in PARTS
]
SLOT_BITS = {code: i for i, (code, _label) in enumerate(SLOTS)}
ALL_SLOTS = (1 << len(SLOTS)) - 1


def slots_to_mask(codes: list[str] | tuple[str, ...]) -> int:
    mask = 0
    for code in codes:
        mask |= 1 << SLOT_BITS[code]
    return mask


def mask_to_slots(mask: int) -> list[str]:
    return [code for code, bit in SLOT_BITS.items() if mask & (1 << bit)]


def day_mask(day: str) -> int:
    """All three parts of one day."""
    d = DAYS.index(day)
    return 0b111 << (d * 3)


def part_mask(part: str) -> int:
    """The same part of the day on all seven days."""
    p = PARTS.index(part)
    return sum(1 << (d * 3 + p) for d in range(7))


def load_lists(skill_model: Any, cause_model: Any, using: str = "default") -> None:
    """Write the skills and causes above into a database (the data migration and flushed test databases)."""
    for bit, (code, label) in enumerate(SKILLS):
        skill_model.objects.using(using).update_or_create(code=code, defaults={"label": label, "bit": bit})
    for bit, (code, label) in enumerate(CAUSES):
        cause_model.objects.using(using).update_or_create(code=code, defaults={"label": label, "bit": bit})
