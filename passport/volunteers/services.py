"""Writes to volunteers' records. Every function owns its transaction and raises ValidationError
with field names, so pages and the API can point at the field that is wrong."""

import datetime as dt
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from passport.accounts.models import Role, SignInPurpose, User
from passport.accounts.services import role_grant, sign_in_link_issue
from passport.core import events, geo
from passport.core.choices import ConsentMethod, Stream
from passport.core.models import Cause, Skill
from passport.core.taxonomy import LANGUAGE_LABELS
from passport.impact import tally
from passport.notifications import services as notify
from passport.volunteers.models import StreamConsent, Volunteer, age_on

MIN_AGE = 16
METRES_PER_MILE = geo.METRES_PER_MILE

CONSENT_WORDING = {
    Stream.RESERVE: (
        "I agree to join the National Volunteer Reserve: you may contact me by email or text to ask me to help "
        "in an emergency near me. I can say no to any call-out and leave the reserve at any time."
    ),
    Stream.COMMUNITY: (
        "I agree to be offered community support tasks near me, such as shopping, prescriptions or a check-in "
        "call for someone who needs help."
    ),
    Stream.PUBLIC_SERVICE: (
        "I agree to be told about public service roles, such as magistrate, school governor, charity trustee "
        "or special constable."
    ),
}


def _check_age(date_of_birth: dt.date | None, field: str = "date_of_birth") -> None:
    if date_of_birth is None:
        raise ValidationError({field: "Enter your date of birth"})
    today = timezone.localdate()
    if date_of_birth > today:
        raise ValidationError({field: "Date of birth must be in the past"})
    if date_of_birth.year < today.year - 120:
        raise ValidationError({field: "Enter a real date of birth"})
    if age_on(date_of_birth, today) < MIN_AGE:
        raise ValidationError({field: f"You must be {MIN_AGE} or older to register"})


def _place(postcode: str, field: str = "postcode") -> geo.Place:
    try:
        return geo.lookup(postcode)
    except geo.PostcodeError as error:
        raise ValidationError({field: str(error)}) from None


def _codes(model: type[Skill] | type[Cause], codes: Iterable[str], field: str) -> list[Any]:
    codes = list(dict.fromkeys(codes))
    found = list(model.objects.filter(code__in=codes))
    if len(found) != len(codes):
        unknown = sorted(set(codes) - {obj.code for obj in found})
        raise ValidationError({field: f"Select from the list: {', '.join(unknown)} is not one of the options"})
    return found


def _languages(languages: Iterable[str]) -> list[str]:
    languages = list(dict.fromkeys(languages))
    unknown = [code for code in languages if code not in LANGUAGE_LABELS]
    if unknown:
        raise ValidationError({"languages": f"Select languages from the list: {', '.join(unknown)} is not one"})
    return languages


def _set_streams(volunteer: Volunteer, streams: Iterable[str], method: str, recorded_by: User | None) -> None:
    wanted = set(streams)
    bad = wanted - set(Stream.values)
    if bad:
        raise ValidationError({"streams": "Select streams from the list"})
    now = timezone.now()
    live = {c.stream: c for c in volunteer.consents.filter(withdrawn_at__isnull=True)}
    for stream, consent in live.items():
        if stream not in wanted:
            consent.withdrawn_at = now
            consent.save(update_fields=["withdrawn_at", "updated_at"])
    for stream in wanted - set(live):
        StreamConsent.objects.create(
            volunteer=volunteer, stream=stream, method=method, recorded_by=recorded_by,
            wording=CONSENT_WORDING[Stream(stream)], given_at=now,
        )


@transaction.atomic
def volunteer_register(
    *,
    email: str | None,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    postcode: str,
    mobile: str = "",
    max_travel_miles: float = 5,
    remote_only: bool = False,
    availability: int = 0,
    skills: Iterable[str] = (),
    causes: Iterable[str] = (),
    languages: Iterable[str] = ("en",),
    streams: Iterable[str] = (),
    consent_method: str = ConsentMethod.ONLINE,
    recorded_by: User | None = None,
    organisation: Any = None,
    source: str = "",
    source_ref: str = "",
    user: User | None = None,
) -> Volunteer:
    """Register a volunteer and their user account (or add a profile to `user`, a coordinator who signed in);
    validates age, postcode, lists and email."""
    errors: dict[str, str] = {}
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name:
        errors["first_name"] = "Enter your first name"
    if not last_name:
        errors["last_name"] = "Enter your last name"
    email = (email or "").strip().lower() or None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if user is not None:
        if hasattr(user, "volunteer"):
            errors["email"] = "You are already registered as a volunteer"
        elif (user.email or "").lower() != (email or ""):
            errors["email"] = f"You are signed in as {user.email}: sign up with that address, or sign out first"
    elif email and "email" not in errors and User.objects.filter(email__iexact=email).exists():
        errors["email"] = "An account already uses this email address. Sign in instead"
    if email is None and consent_method == ConsentMethod.ONLINE:
        errors["email"] = "Enter your email address"
    if errors:
        raise ValidationError(errors)
    _check_age(date_of_birth)
    place = _place(postcode)
    if not (0 <= max_travel_miles <= 200):
        raise ValidationError({"max_travel_miles": "Distance must be between 0 and 200 miles"})
    skill_objs = _codes(Skill, skills, "skills")
    cause_objs = _codes(Cause, causes, "causes")
    if user is None:
        user = User.objects.create_user(email=email, display_name=f"{first_name} {last_name}")
    elif not user.display_name:
        user.display_name = f"{first_name} {last_name}"
        user.save(update_fields=["display_name"])
    counted = tally.registration_before(None)
    volunteer = Volunteer.objects.create(
        user=user,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        mobile=mobile.strip(),
        postcode=place.postcode,
        easting=place.easting,
        northing=place.northing,
        la_code=place.la_code,
        remote_only=remote_only,
        max_travel_m=round(max_travel_miles * METRES_PER_MILE),
        availability=availability,
        languages=_languages(languages),
        assisted_by=recorded_by if consent_method in (ConsentMethod.PHONE, ConsentMethod.IN_PERSON) else None,
        assisted_organisation=organisation,
        source=source,
        source_ref=source_ref,
    )
    volunteer.skills.set(skill_objs)
    volunteer.causes.set(cause_objs)
    _set_streams(volunteer, streams, consent_method, recorded_by)
    tally.registration_after(counted, volunteer.pk)  # the impact statistics' running count of registrations
    role_grant(user=user, role=Role.VOLUNTEER)
    events.record(actor=recorded_by or user, verb="volunteer.registered", subject=volunteer, method=consent_method)
    if email and consent_method == ConsentMethod.ONLINE:
        notify.email_send(
            to=email, user=user, template="welcome", subject="Welcome to Volunteer Passport",
            body=(
                f"Hello {first_name},\n\nThank you for signing up to volunteer. You can now find opportunities "
                "near you and apply. Next time, sign in with your email address and we will send you a link."
            ),
        )
    return volunteer


def _lock(volunteer: Volunteer) -> None:
    """Hold the volunteer's row until the transaction ends (their hours tally must not race a confirmation)."""
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk").get()


@transaction.atomic
def volunteer_update(
    *,
    volunteer: Volunteer,
    actor: User,
    first_name: str,
    last_name: str,
    mobile: str,
    postcode: str,
    max_travel_miles: float,
    remote_only: bool,
    availability: int,
    skills: Iterable[str],
    causes: Iterable[str],
    languages: Iterable[str],
    streams: Iterable[str],
) -> Volunteer:
    """Change a volunteer's profile; stream consents given or withdrawn are recorded."""
    if not first_name.strip():
        raise ValidationError({"first_name": "Enter your first name"})
    if not last_name.strip():
        raise ValidationError({"last_name": "Enter your last name"})
    place = _place(postcode)
    if not (0 <= max_travel_miles <= 200):
        raise ValidationError({"max_travel_miles": "Distance must be between 0 and 200 miles"})
    volunteer.first_name, volunteer.last_name = first_name.strip(), last_name.strip()
    volunteer.mobile = mobile.strip()
    moved = (place.la_code, place.easting, place.northing) != (volunteer.la_code, volunteer.easting,
                                                               volunteer.northing)
    # The impact statistics' running totals: registrations by place, stream and cause, and, if they move, their
    # confirmed hours.
    _lock(volunteer)
    counted = tally.registration_before(volunteer.pk)
    with tally.recounting(volunteer) if moved else nullcontext():
        volunteer.postcode, volunteer.easting, volunteer.northing = place.postcode, place.easting, place.northing
        volunteer.la_code = place.la_code
        volunteer.max_travel_m = round(max_travel_miles * METRES_PER_MILE)
        volunteer.remote_only = remote_only
        volunteer.availability = availability
        volunteer.languages = _languages(languages)
        volunteer.save()
    volunteer.skills.set(_codes(Skill, skills, "skills"))
    volunteer.causes.set(_codes(Cause, causes, "causes"))
    method = ConsentMethod.ONLINE if actor == volunteer.user else ConsentMethod.PHONE
    _set_streams(volunteer, streams, method, None if actor == volunteer.user else actor)
    tally.registration_after(counted, volunteer.pk)
    volunteer.user.display_name = volunteer.full_name
    volunteer.user.save(update_fields=["display_name"])
    events.record(actor=actor, verb="volunteer.updated", subject=volunteer)
    return volunteer


@transaction.atomic
def volunteer_pause(*, volunteer: Volunteer, until: dt.date | None) -> Volunteer:
    """Stop offers until a date (inclusive); None resumes now."""
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": "The date must be today or in the future"})
    if until is not None and until > timezone.localdate() + dt.timedelta(days=366):
        raise ValidationError({"until": "The date must be within a year from today"})
    volunteer.paused_until = until
    volunteer.save(update_fields=["paused_until", "updated_at"])
    events.record(actor=volunteer.user, verb="volunteer.paused" if until else "volunteer.resumed",
                  subject=volunteer, until=until.isoformat() if until else None)
    return volunteer


@transaction.atomic
def volunteer_erase(*, volunteer: Volunteer, actor: User) -> None:
    """Erase a volunteer's personal data, keeping anonymised facts (area, year of birth band, applications)."""
    user = volunteer.user
    mobile = volunteer.mobile
    birth_year = volunteer.date_of_birth.year if volunteer.date_of_birth else None
    volunteer.first_name = ""
    volunteer.last_name = ""
    # Keep only the decade of birth for age-band statistics.
    volunteer.date_of_birth = dt.date(birth_year - birth_year % 10, 1, 1) if birth_year else None
    volunteer.mobile = ""
    volunteer.languages = []
    # source and source_ref stay: they are the other system's record number, not about the person, and an
    # import of an old export must recognise the erased volunteer instead of registering them again.
    volunteer.erased_at = timezone.now()
    _lock(volunteer)
    counted = tally.registration_before(volunteer.pk)  # erased volunteers no longer count as registered
    with tally.recounting(volunteer):  # without a grid point their hours leave their neighbourhood's figures
        volunteer.postcode = ""
        volunteer.easting = None
        volunteer.northing = None
        volunteer.save()
    volunteer.applications.update(message="", decision_message="")
    volunteer.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    tally.registration_after(counted, volunteer.pk)
    user.email = None
    user.display_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.sign_in_tokens.all().delete()
    user.messages.all().delete()
    if mobile:
        notify.texts_of_number_erase(number=mobile)
    from passport.activity.services import volunteer_hours_erase
    from passport.credentials.services import volunteer_credentials_revoke

    volunteer_hours_erase(volunteer=volunteer)

    volunteer_credentials_revoke(volunteer=volunteer, reason="volunteer_deleted", actor=None)
    events.record(actor=actor if actor != user else None, verb="volunteer.erased", subject=volunteer)


@transaction.atomic
def volunteer_take_over_send(*, volunteer: Volunteer, actor: User, email: str = "", mobile: str = "") -> None:
    """Send a person registered by a coordinator a link to take over their account, by email or text."""
    user = volunteer.user
    email = email.strip().lower()
    if email:
        if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
            raise ValidationError({"email": "Another account already uses this email address"})
        user.email = email
        user.save(update_fields=["email"])
    if mobile.strip():
        volunteer.mobile = mobile.strip()
        volunteer.save(update_fields=["mobile", "updated_at"])
    if not user.email and not volunteer.mobile:
        raise ValidationError({"email": "Enter an email address or a mobile number to send the link to"})
    link = sign_in_link_issue(user=user, purpose=SignInPurpose.TAKE_OVER, minutes=7 * 24 * 60)
    text = (
        f"{actor.display_name or 'Your coordinator'} set up a Volunteer Passport account for you. "
        f"Use this link within 7 days to see it and take it over: {link.url}"
    )
    if user.email:
        notify.email_send(to=user.email, user=user, template="take_over", subject="Your Volunteer Passport account",
                          body=text)
    else:
        notify.sms_send(to=volunteer.mobile, user=user, template="take_over", body=text)
    events.record(actor=actor, verb="volunteer.take_over_sent", subject=volunteer,
                  channel="email" if user.email else "sms")


@transaction.atomic
def volunteer_mark_taken_over(*, volunteer: Volunteer) -> None:
    """Record that the person has signed in to an account a coordinator set up."""
    if volunteer.assisted_by_id and volunteer.taken_over_at is None:
        volunteer.taken_over_at = timezone.now()
        volunteer.save(update_fields=["taken_over_at", "updated_at"])
        events.record(actor=volunteer.user, verb="volunteer.taken_over", subject=volunteer)
