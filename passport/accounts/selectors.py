from django.urls import reverse

from passport.accounts.models import Role, User


def home_url_for(user: User) -> str:
    """Where a person lands after signing in: the page for the main thing they do."""
    if hasattr(user, "volunteer"):
        return reverse("volunteers:home")
    if user.memberships.exists():
        return reverse("organisations:mine")
    if user.is_staff or user.has_role(Role.ADMINISTRATOR):
        return "/admin/"
    return reverse("core:home")
