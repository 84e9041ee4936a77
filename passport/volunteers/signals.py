"""A person signing in to an account a coordinator set up has taken it over."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in)
def mark_taken_over(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from passport.volunteers.models import Volunteer
    from passport.volunteers.services import volunteer_mark_taken_over

    volunteer = Volunteer.objects.filter(user=user, assisted_by__isnull=False, taken_over_at__isnull=True).first()
    if volunteer is not None:
        volunteer_mark_taken_over(volunteer=volunteer)
