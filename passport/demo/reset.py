"""Removing demo data: every row the generator or the personas made, and nothing else."""

from django.db import transaction
from django.db.models import Q, QuerySet

from passport.accounts.models import User
from passport.activity.models import CreditEntry
from passport.demo import reserve as demo_reserve
from passport.demo.generate.world import SOURCE
from passport.demo.personas import PERSONAS
from passport.notifications.models import InboundMessage, Message
from passport.opportunities.models import Application, Opportunity
from passport.organisations.models import Membership, Organisation
from passport.reserve.models import HandledText, Incident
from passport.support.models import SupportTask
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
    persona_users = User.objects.filter(email__in=[p.email for p in PERSONAS])
    # Incidents and support tasks keep who made them (PROTECT); credit rows keep their hours entry (PROTECT): they
    # go first.
    removed_first = {
        "reserve incidents": _gone(Incident.objects.filter(declared_by__in=persona_users)),
        "support tasks": _gone(SupportTask.objects.filter(
            Q(posted_by__in=persona_users) | Q(organisation__in=organisations))),
        "time-credit rows": _gone(CreditEntry.objects.filter(
            Q(volunteer__in=volunteers) | Q(hours_entry__organisation__in=organisations))),
    }
    removed = {
        **removed_first,
        "applications": _gone(Application.objects.filter(
            Q(opportunity__organisation__in=organisations) | Q(volunteer__in=volunteers)
        )),
        # Shifts and skill links go with their opportunity; memberships and invitations with their organisation.
        "opportunities": _gone(Opportunity.objects.filter(Q(organisation__in=organisations) | Q(source=SOURCE))),
        "organisations": _gone(organisations),
        "volunteers": _gone(volunteers),
    }
    # The demo's simulated texts back, and the emails, would otherwise pile up, one set per reset.
    InboundMessage.objects.filter(provider_id__startswith=demo_reserve.TEXT_ID_PREFIX).delete()
    HandledText.objects.filter(inbound_id__startswith=demo_reserve.TEXT_ID_PREFIX).delete()
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
