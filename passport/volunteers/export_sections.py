"""What other apps hold about a volunteer, for their data download: a small registry.

The volunteers app cannot know every app built on it, so each app that holds personal data about volunteers
registers a section in its AppConfig.ready():

    from passport.volunteers import export_sections
    export_sections.register("hours", hours_of_volunteer)

A section takes the volunteer and returns plain JSON-ready data about them alone: never another person's
details, never a secret (signing keys, reply codes or links still usable).
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from passport.volunteers.models import Volunteer

Section = Callable[["Volunteer"], Any]

_sections: dict[str, Section] = {}


def register(name: str, build: Section) -> Section:
    """Add (or replace) the section called `name`; returns the builder, so it works as a decorator's body."""
    _sections[name] = build
    return build


def iso(value: Any) -> str | None:
    """A date or time as ISO 8601 for the download; None stays None."""
    return value.isoformat() if value else None


def sections() -> list[tuple[str, Section]]:
    """The registered sections, by name (a stable order for the download)."""
    return sorted(_sections.items())
