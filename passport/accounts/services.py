"""Sign-in by emailed link, and role grants."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from passport.accounts.models import Role, SignInPurpose, SignInToken, User, UserRole
from passport.notifications import services as notify


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _is_local_path(url: str) -> bool:
    """A path on this site; not "//host" or "/\\host", which browsers read as another site."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


@dataclass(frozen=True)
class IssuedLink:
    token: SignInToken
    url: str


def _issue(user: User, purpose: str, next_url: str, minutes: int) -> IssuedLink:
    secret = secrets.token_urlsafe(32)
    token = SignInToken.objects.create(
        user=user,
        token_hash=_hash(secret),
        purpose=purpose,
        next_url=next_url if _is_local_path(next_url) else "",
        expires_at=timezone.now() + timedelta(minutes=minutes),
    )
    return IssuedLink(token=token, url=f"{settings.SITE_URL}{reverse('accounts:use-link', args=[secret])}")


@transaction.atomic
def sign_in_link_issue(
    *, user: User, purpose: str = SignInPurpose.SIGN_IN, next_url: str = "", minutes: int | None = None
) -> IssuedLink:
    """Create a single-use link for `user` without sending it (for the demo's persona links and invitations)."""
    return _issue(user, purpose, next_url, minutes or settings.SIGN_IN_LINK_MINUTES)


@transaction.atomic
def sign_in_link_request(*, email: str, next_url: str = "") -> bool:
    """Email a sign-in link if the address has an account. Returns whether one was sent.

    The caller shows the same page either way, so nobody can learn who has an account.
    Past the hourly limit nothing more is sent, silently: an error would tell a stranger that the address
    has an account.
    """
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return False
    hour_ago = timezone.now() - timedelta(hours=1)
    if SignInToken.objects.filter(user=user, created_at__gte=hour_ago).count() >= settings.SIGN_IN_LINKS_PER_HOUR:
        return False
    link = _issue(user, SignInPurpose.SIGN_IN, next_url, settings.SIGN_IN_LINK_MINUTES)
    notify.email_send(
        to=user.email or "",
        user=user,
        template="sign_in_link",
        subject="Your Volunteer Passport sign-in link",
        body=(
            f"Use this link to sign in to Volunteer Passport:\n\n{link.url}\n\n"
            f"It works once and expires in {settings.SIGN_IN_LINK_MINUTES} minutes. "
            "If you did not ask to sign in, you can ignore this email."
        ),
    )
    return True


class LinkProblem(Exception):
    """The link is unknown, used or expired; the message says which, in words for the user."""


@transaction.atomic
def sign_in_link_use(*, secret: str) -> SignInToken:
    """Mark a link used and return it; the view then logs its user in. Each link works once."""
    token = SignInToken.objects.select_for_update().select_related("user").filter(token_hash=_hash(secret)).first()
    if token is None or not token.user.is_active:
        raise LinkProblem("This sign-in link is not valid. Ask for a new one.")
    if token.used_at is not None:
        raise LinkProblem("This sign-in link has already been used. Ask for a new one.")
    if token.expires_at < timezone.now():
        raise LinkProblem("This sign-in link has expired. Ask for a new one.")
    # Conditional update: if two requests race, only one of them marks it used.
    updated = SignInToken.objects.filter(pk=token.pk, used_at__isnull=True).update(used_at=timezone.now())
    if updated != 1:
        raise LinkProblem("This sign-in link has already been used. Ask for a new one.")
    return token


def sign_in_link_peek(*, secret: str) -> SignInToken | None:
    """The unused, unexpired token for this secret, without using it."""
    return (
        SignInToken.objects.select_related("user")
        .filter(token_hash=_hash(secret), used_at__isnull=True, expires_at__gte=timezone.now())
        .first()
    )


@transaction.atomic
def role_grant(*, user: User, role: Role | str) -> None:
    """Give a user a role (idempotent)."""
    UserRole.objects.get_or_create(user=user, role=role)
    if hasattr(user, "_role_cache"):
        del user._role_cache
