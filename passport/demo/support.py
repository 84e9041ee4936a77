"""Community support in the demo, through the real services: a GP surgery's social prescriber asks for a prescription
to be collected for a patient in Kirkstall; a volunteer nearby says yes by the link in their email, sees the
patient's address on their own page (nobody else ever does), collects it and marks it done. A second request, for
shopping near Headingley, is left open for Aisha to answer in the browser."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone

from passport.accounts.models import User
from passport.activity.statement import hours_text
from passport.core.choices import ConsentMethod, Stream
from passport.demo.generate.world import SOURCE
from passport.demo.reserve import _flush, _site_client
from passport.notifications.models import Message
from passport.organisations.models import IncomeBand, Organisation, OrganisationType
from passport.organisations.services import organisation_register
from passport.support import services as support
from passport.support.models import Alert, SupportTask, TaskKind
from passport.vetting.models import CheckLevel, DbsCheck, IdentityCheck, IdentityMethod, Outcome, Workforce
from passport.volunteers.models import StreamConsent, Volunteer
from passport.volunteers.services import CONSENT_WORDING

SURGERY = {"name": "Kirkstall Brook Surgery", "org_id": "GB-NHS-Y1K2B", "postcode": "LS5 3AJ"}
PATIENT = {"name": "Margaret Holroyd", "address": "Flat 2, 41 Brookfield View, Leeds", "postcode": "LS5 3AH",
           "phone": "0113 496 0715"}  # Ofcom keeps 0113 496 0xxx for drama: never a real line
SHOPPING = {"postcode": "LS6 3HN", "name": "Derek Oyelaran", "address": "9 Cardigan Mews, Leeds",
            "phone": "0113 496 0388"}
YES_LINK = re.compile(r"Yes, I can help: (\S+)")


@dataclass
class Errand:
    task: SupportTask
    open_task: SupportTask
    alerted: int
    accepter: Volunteer
    hours_entry: Any

    def line(self) -> str:
        return (f"Support: {self.task.organisation.name} asked for a {self.task.get_kind_display().lower()} near "
                f"{self.task.district}; {self.alerted} volunteers were alerted (no name or address in any alert), "
                f"{self.accepter.first_name} said yes by the link in their email, saw the address on their own page, "
                f"and marked it done: {hours_text(self.hours_entry.hours)} hour(s) wait for the surgery to confirm. A "
                f"shopping "
                f"request near {self.open_task.district} is open for Aisha and others to answer.")


def surgery(*, referrer: User) -> Organisation:
    """The GP surgery, with its social prescriber as coordinator (she posts tasks for patients)."""
    return organisation_register(
        actor=referrer, name=SURGERY["name"], org_type=OrganisationType.NHS_BODY, org_id=SURGERY["org_id"],
        income_band=IncomeBand.LARGE, postcode=SURGERY["postcode"], source=SOURCE, source_ref="persona-surgery",
        description="A GP surgery in Kirkstall. Our social prescriber links patients with help in the community.",
    )


def neighbours(*, officer: User, volunteers: list[Volunteer]) -> None:
    """Most reserve members around Kirkstall help their neighbours too: community consent and a basic DBS check."""
    today = timezone.localdate()
    chosen = [v for i, v in enumerate(volunteers) if i % 10 < 7]
    StreamConsent.objects.bulk_create([
        StreamConsent(volunteer=v, stream=Stream.COMMUNITY, method=ConsentMethod.ONLINE,
                      wording=CONSENT_WORDING[Stream.COMMUNITY], given_at=v.user.date_joined) for v in chosen])
    IdentityCheck.objects.bulk_create([
        IdentityCheck(volunteer=v, method=IdentityMethod.DOCUMENTS_IN_PERSON, officer=officer,
                      checked_on=today - dt.timedelta(days=200 + i)) for i, v in enumerate(chosen)])
    DbsCheck.objects.bulk_create([
        DbsCheck(volunteer=v, level=CheckLevel.BASIC, workforce=Workforce.OTHER, outcome=Outcome.SUITABLE,
                 issued_on=today - dt.timedelta(days=180 + i), certificate_number=f"00{987650000 + i:010d}",
                 officer=officer, decided_at=timezone.now() - dt.timedelta(days=170 + i))
        for i, v in enumerate(chosen)])


def _accept_by_link(alert: Alert) -> None:
    email = Message.objects.get(pk=alert.email_message_id)
    url = YES_LINK.search(email.body).group(1)
    response = _site_client().post(urlparse(url).path)
    if response.status_code != 200:
        raise RuntimeError(f"The support reply link answered {response.status_code}")


def _own_page(volunteer: Volunteer, task: SupportTask) -> str:
    """The accepter opens their page for the task, as they would to find the address (shown and audited)."""
    client = _site_client()
    client.force_login(volunteer.user)
    response = client.get(f"/support/mine/{task.pk}")
    if response.status_code != 200:
        raise RuntimeError(f"The accepter's page answered {response.status_code}")
    return response.content.decode()


@transaction.atomic
def errand(*, referrer: User, organisation: Organisation, avoid: tuple[Any, ...] = ()) -> Errand:
    """The prescription collected and done; the shopping request left open."""
    now = timezone.now()
    task = support.task_post(
        actor=referrer, organisation=organisation, kind=TaskKind.PRESCRIPTION, postcode=PATIENT["postcode"],
        window_start=now, window_end=now + dt.timedelta(hours=5),
        notes="Repeat prescription, ready at the chemist on the parade after 10am. Please ring the bell and wait: "
              "it takes a minute or two to get to the door.",
        person_name=PATIENT["name"], person_address=PATIENT["address"], person_phone=PATIENT["phone"],
    )
    alerted = support.alerts_send(task_id=task.pk)
    _flush()
    alerts = list(Alert.objects.filter(task=task).exclude(volunteer_id__in=avoid).select_related("volunteer__user")
                  .order_by("distance_m", "volunteer__source_ref"))
    if not alerts:
        raise RuntimeError("Nobody near Kirkstall could be alerted for the prescription")
    _accept_by_link(alerts[0])
    accepter = alerts[0].volunteer
    if PATIENT["address"] not in _own_page(accepter, task):
        raise RuntimeError("The accepter's page did not show the address")
    done = support.task_complete(actor=accepter.user, task_id=task.pk)
    _flush()
    entry = accepter.hours_entries.filter(organisation=organisation).order_by("-created_at").first()
    open_task = support.task_post(
        actor=referrer, organisation=organisation, kind=TaskKind.SHOPPING, postcode=SHOPPING["postcode"],
        window_start=now + dt.timedelta(hours=1), window_end=now + dt.timedelta(days=1, hours=6),
        notes="A small weekly shop from the supermarket on the high street; the list and the money are ready.",
        person_name=SHOPPING["name"], person_address=SHOPPING["address"], person_phone=SHOPPING["phone"],
    )
    support.alerts_send(task_id=open_task.pk)
    _flush()
    return Errand(task=done, open_task=open_task, alerted=alerted, accepter=accepter, hours_entry=entry)


def alerted_addresses(task: SupportTask) -> int:
    """How many messages sent about the task carried the person's address (there should be none)."""
    return Message.objects.filter(body__contains=task.person_address).count()

