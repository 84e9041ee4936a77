"""Removing demo data: every row the generator or the personas made, and nothing else."""

from django.db import transaction
from django.db.models import Q, QuerySet

from passport.accounts.models import User
from passport.demo.generate.world import SOURCE
from passport.demo.personas import PERSONAS
from passport.notifications.models import Message
from passport.opportunities.models import Application, Opportunity
from passport.organisations.models import Membership, Organisation
from passport.volunteers.models import Volunteer

CHUNK = 5000


@transaction.atomic
def wipe() -> dict[str, int]:
    """Delete demo rows, children before parents (a volunteer protects its user); how many of each went."""
    volunteers = Volunteer.objects.filter(source=SOURCE)
    organisations = Organisation.objects.filter(source=SOURCE)
    user_ids = (
        set(volunteers.values_list("user_id", flat=True))
        | set(Membership.objects.filter(organisation__in=organisations).values_list("user_id", flat=True))
        | set(User.objects.filter(email__in=[p.email for p in PERSONAS]).values_list("pk", flat=True))
    )
    removed = {
        "applications": _gone(Application.objects.filter(
            Q(opportunity__organisation__in=organisations) | Q(volunteer__in=volunteers)
        )),
        # Shifts and skill links go with their opportunity; memberships and invitations with their organisation.
        "opportunities": _gone(Opportunity.objects.filter(Q(organisation__in=organisations) | Q(source=SOURCE))),
        "organisations": _gone(organisations),
        "volunteers": _gone(volunteers),
    }
    # The demo's emails would otherwise pile up in the outbox, one set per reset.
    ids = sorted(user_ids)
    removed["users"] = 0
    for start in range(0, len(ids), CHUNK):  # SQLite limits how many values one query may carry
        chunk = ids[start : start + CHUNK]
        Message.objects.filter(user_id__in=chunk).delete()
        removed["users"] += _gone(User.objects.filter(pk__in=chunk))
    return removed


def _gone(queryset: QuerySet) -> int:
    """Delete and count rows of the queryset's own model (not the rows that cascade with them)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0)
