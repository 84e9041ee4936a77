"""What the reserve says to volunteers, by email and text. Kept together so the wording reads as one voice."""

from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.urls import reverse

from passport.reserve.models import CallOut, Incident, IncidentNeed, TravelMode

REPLY_SALT = "passport.reserve.callout-reply"


class Alert(Protocol):
    """What an alert's text needs of its call-out: a CallOut, or a wave's call-out before it is written."""

    @property
    def pk(self) -> Any: ...
    @property
    def incident(self) -> Incident: ...
    @property
    def need(self) -> IncidentNeed: ...
    @property
    def code(self) -> str: ...


def reply_token(callout: Alert, answer: str) -> str:
    return signing.dumps({"c": str(callout.pk), "a": answer}, salt=REPLY_SALT)


def reply_link_base() -> str:
    """The reply links' address up to the token. Resolving a URL costs more than signing the token, so a wave
    resolves it once for all its alerts."""
    return settings.SITE_URL + reverse("reserve:reply", args=["-"])[:-1]


def reply_url(callout: Alert, answer: str, *, base: str | None = None) -> str:
    return (base or reply_link_base()) + reply_token(callout, answer)


def when(incident: Incident) -> str:
    return f"{incident.starts_at:%-d %B %Y at %H:%M}, for about {incident.expected_hours} hours"


def away(callout: CallOut) -> str:
    """Like "about 12 minutes away by car": the estimate the wave ranked them by (reserve.ranking)."""
    member = getattr(callout.volunteer, "reserve", None) if callout.volunteer_id else None
    return away_by(callout.travel_minutes, member.travel_mode if member is not None else "")


def away_by(minutes: int, travel_mode: str) -> str:
    mode = TravelMode(travel_mode or TravelMode.DRIVE)
    minutes = max(minutes, 1)
    return f"about {minutes} minute{'s' if minutes != 1 else ''} away {mode.label.lower()}"


def alert_subject(callout: Alert) -> str:
    return f"Reserve call-out: {callout.incident.title}"


def alert_email(callout: Alert, *, away_text: str, link_base: str | None = None) -> str:
    """`away_text` from away_by; `link_base`, when given, saves a wave resolving the link again."""
    incident = callout.incident
    base = link_base or reply_link_base()
    return (
        f"The National Volunteer Reserve needs people for {incident.title} near {incident.postcode}, "
        f"from {when(incident)}. We are asking you as: {callout.need.role}. "
        f"We think you are {away_text}.\n\n"
        f"Yes, I can go: {reply_url(callout, 'yes', base=base)}\n\n"
        f"No, not this time: {reply_url(callout, 'no', base=base)}\n\n"
        f"Or text YES {callout.code} or NO {callout.code}. Places go to the first to say yes; "
        "if they are all taken, we will thank you and keep you on standby."
    )


def alert_sms(callout: Alert, *, away_text: str) -> str:
    incident = callout.incident
    return (f"Reserve call-out: {incident.title} near {incident.postcode}, {incident.starts_at:%-d %b %H:%M}, "
            f"as {callout.need.role}, {away_text}. Reply YES {callout.code} or NO {callout.code}.")


def briefing(callout: CallOut) -> str:
    incident = callout.incident
    return (f"You are confirmed for {incident.title} as {callout.need.role}, from {when(incident)}, "
            f"near {incident.postcode}.\n\n{incident.briefing}")


def standby(callout: CallOut) -> str:
    return (f"Thank you for saying yes to {callout.incident.title}. Every place is taken for now, so we have put "
            "you on standby: we will message you if we need you.")


def declined(callout: CallOut) -> str:
    return f"Thank you for letting us know. We will not ask you about {callout.incident.title} again."


def stood_down(callout: CallOut) -> str:
    return (f"Stand down: {callout.incident.title} is over and you are no longer needed. "
            "Thank you for being ready to help.")
