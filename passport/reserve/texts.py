"""What the reserve says to volunteers, by email and text. Kept together so the wording reads as one voice."""

from typing import Any, Protocol

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from passport.reserve.models import CallOut, Incident, IncidentNeed, TravelMode

REPLY_SALT = "passport.reserve.callout-reply"


class Alert(Protocol):
    """What an alert's text needs of its call-out: a CallOut, or a wave's call-out before it is written."""

    @property
    def pk(self) -> Any: ...
    @property
    def need(self) -> IncidentNeed: ...
    @property
    def code(self) -> str: ...


def reply_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=REPLY_SALT)


def reply_token(callout: Alert, answer: str, *, signer: signing.TimestampSigner | None = None) -> str:
    """The signed token of a reply link; `signing.loads(token, salt=REPLY_SALT, max_age=...)` reads it back."""
    return (signer or reply_signer()).sign_object({"c": str(callout.pk), "a": answer})


def reply_link_base() -> str:
    """The reply links' address up to the token. Resolving a URL costs more than signing the token, so a wave
    resolves it once for all its alerts."""
    return settings.SITE_URL + reverse("reserve:reply", args=["-"])[:-1]


def when(incident: Incident) -> str:
    return f"{timezone.localtime(incident.starts_at):%-d %B %Y at %H:%M}, for about {incident.expected_hours} hours"


def away(callout: CallOut) -> str:
    """Like "about 12 minutes away by car": the estimate the wave ranked them by (reserve.ranking)."""
    member = getattr(callout.volunteer, "reserve", None) if callout.volunteer_id else None
    return away_by(callout.travel_minutes, member.travel_mode if member is not None else "")


def away_by(minutes: int, travel_mode: str) -> str:
    mode = TravelMode(travel_mode or TravelMode.DRIVE)
    minutes = max(minutes, 1)
    return f"about {minutes} minute{'s' if minutes != 1 else ''} away {mode.label.lower()}"


class WaveAlerts:
    """A wave's alert texts, by email and by text. What every alert of the wave shares (the incident's words, the
    reply links' address, the signer) is worked out once for the wave, not once for each of its hundred or more."""

    def __init__(self, incident: Incident) -> None:
        self.subject = f"Reserve call-out: {incident.title}"
        self._email_start = (f"The National Volunteer Reserve needs people for {incident.title} near "
                             f"{incident.postcode}, from {when(incident)}. We are asking you as: ")
        self._sms_start = (f"Reserve call-out: {incident.title} near {incident.postcode}, "
                           f"{timezone.localtime(incident.starts_at):%-d %b %H:%M}, as ")
        self._link_base = reply_link_base()
        self._signer = reply_signer()

    def email(self, callout: Alert, *, away_text: str) -> str:
        """`away_text` from away_by."""
        yes, no = (self._link_base + reply_token(callout, answer, signer=self._signer) for answer in ("yes", "no"))
        return (
            f"{self._email_start}{callout.need.role}. We think you are {away_text}.\n\n"
            f"Yes, I can go: {yes}\n\n"
            f"No, not this time: {no}\n\n"
            f"Or text YES {callout.code} or NO {callout.code}. Places go to the first to say yes; "
            "if they are all taken, we will thank you and keep you on standby."
        )

    def sms(self, callout: Alert, *, away_text: str) -> str:
        return f"{self._sms_start}{callout.need.role}, {away_text}. Reply YES {callout.code} or NO {callout.code}."


def briefing(callout: CallOut) -> str:
    incident = callout.incident
    return (f"You are confirmed for {incident.title} as {callout.need.role}, from {when(incident)}, "
            f"near {incident.postcode}. If you can no longer go, text NO {callout.code} or say so on your reserve "
            f"page, so we can give your place to someone else.\n\n{incident.briefing}")


def standby(callout: CallOut) -> str:
    return (f"Thank you for saying yes to {callout.incident.title}. Every place is taken for now, so we have put "
            "you on standby: we will message you if we need you.")


def declined(callout: CallOut) -> str:
    return f"Thank you for letting us know. We will not ask you about {callout.incident.title} again."


def withdrawn(callout: CallOut) -> str:
    return (f"Thank you for letting us know you can no longer go to {callout.incident.title}. We will give your "
            "place to someone else, and will not ask you about this incident again.")


def stood_down(callout: CallOut) -> str:
    return (f"Stand down: {callout.incident.title} is over and you are no longer needed. "
            "Thank you for being ready to help.")
