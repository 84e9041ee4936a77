"""Registering organisations and managing their coordinators."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from passport.accounts.models import Role, SignInPurpose, User
from passport.accounts.services import role_grant, sign_in_link_issue
from passport.core import events, geo
from passport.notifications import services as notify
from passport.organisations import orgid
from passport.organisations.models import (
    IncomeBand,
    Invitation,
    Membership,
    Organisation,
    OrganisationType,
)

UNREGISTERED_TYPES = {OrganisationType.COMMUNITY_GROUP, OrganisationType.FAITH_GROUP}


def _org_id_for(org_type: str, raw_org_id: str) -> str:
    if not raw_org_id.strip():
        if org_type in UNREGISTERED_TYPES:
            return orgid.generate_own()
        raise ValidationError({"org_id": "Enter your organisation's identifier, like GB-CHC-1234567"})
    try:
        return orgid.validate(raw_org_id)
    except orgid.OrgIdError as error:
        raise ValidationError({"org_id": str(error)}) from None


def _check_contact(*, website: str, email: str) -> None:
    # The public page links to the website, so only http(s) addresses, whoever calls the service.
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            raise ValidationError({"website": "Enter a web address, like https://example.org"}) from None
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": "Enter an email address in the correct format, like name@example.com"}
            ) from None


@transaction.atomic
def organisation_register(
    *,
    actor: User,
    name: str,
    org_type: str,
    org_id: str,
    income_band: str,
    postcode: str,
    description: str = "",
    website: str = "",
    email: str = "",
    source: str = "",
    source_ref: str = "",
) -> Organisation:
    """Register an organisation with the actor as its first coordinator."""
    if not name.strip():
        raise ValidationError({"name": "Enter your organisation's name"})
    if org_type not in OrganisationType.values:
        raise ValidationError({"org_type": "Select the type of organisation"})
    if income_band not in IncomeBand.values:
        raise ValidationError({"income_band": "Select your organisation's annual income"})
    _check_contact(website=website.strip(), email=email.strip())
    identifier = _org_id_for(org_type, org_id)
    if Organisation.objects.filter(org_id=identifier).exists():
        raise ValidationError({"org_id": "An organisation with this identifier is already registered"})
    try:
        place = geo.lookup(postcode)
    except geo.PostcodeError as error:
        raise ValidationError({"postcode": str(error)}) from None
    organisation = Organisation.objects.create(
        name=name.strip(), org_type=org_type, org_id=identifier, income_band=income_band,
        description=description.strip(), website=website.strip(), email=email.strip(),
        postcode=place.postcode, easting=place.easting, northing=place.northing, la_code=place.la_code,
        source=source, source_ref=source_ref,
    )
    Membership.objects.create(organisation=organisation, user=actor)
    role_grant(user=actor, role=Role.COORDINATOR)
    events.record(actor=actor, verb="organisation.registered", subject=organisation, org_id=identifier)
    return organisation


@transaction.atomic
def coordinator_invite(*, organisation: Organisation, actor: User, email: str) -> Invitation:
    """Invite someone by email to coordinate for the organisation; they join when they use the link."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user and Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError({"email": "This person is already a coordinator here"})
    if user is None:
        user = User.objects.create_user(email=email)
    invitation = Invitation.objects.create(organisation=organisation, email=email, invited_by=actor)
    link = sign_in_link_issue(
        user=user, purpose=SignInPurpose.INVITATION, minutes=7 * 24 * 60,
        next_url=f"/organisations/invitations/{invitation.pk}/accept",
    )
    notify.email_send(
        to=email, user=user, template="coordinator_invitation",
        subject=f"Join {organisation.name} on Volunteer Passport",
        body=(
            f"{actor.display_name or actor.email} has invited you to coordinate volunteers for "
            f"{organisation.name} on Volunteer Passport.\n\nUse this link within 7 days to accept:\n{link.url}"
        ),
    )
    events.record(actor=actor, verb="organisation.coordinator_invited", subject=organisation, email=email)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, actor: User) -> Membership:
    """Join the organisation, if the invitation was sent to the actor's email."""
    if (actor.email or "").lower() != invitation.email.lower():
        raise ValidationError("This invitation was sent to a different email address")
    membership, _created = Membership.objects.get_or_create(organisation=invitation.organisation, user=actor)
    if invitation.accepted_at is None:
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        role_grant(user=actor, role=Role.COORDINATOR)
        events.record(actor=actor, verb="organisation.coordinator_joined", subject=invitation.organisation)
    return membership
