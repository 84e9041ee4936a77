"""The National Volunteer Reserve in the demo, run through the real services.

Members on standby live around Otley, a market town on the River Wharfe in Leeds that flooded three times at the end
of 2015 and again in 2019 and 2020 (Telegraph & Argus, 11 February 2020, cited in README.md). Yesterday's flood
there is called out in waves, answered by email links and texts, filled exactly and stood down; a second incident,
at Kirkstall, is left calling out for the controller to watch live.
"""

import datetime as dt
import heapq
import math
import random
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone
from faker import Faker

from passport.accounts.models import Role, User, UserRole
from passport.core import geo
from passport.core.choices import ConsentMethod, Stream
from passport.core.models import Skill
from passport.demo import names
from passport.demo.generate.world import SOURCE
from passport.notifications import services as notifications
from passport.notifications.models import Message
from passport.reserve import services as reserve
from passport.reserve.models import (
    CallOut,
    CallOutEvent,
    CallOutEventKind,
    CallOutStatus,
    Incident,
    ReserveMember,
    Severity,
)
from passport.vetting.models import Qualification, QualificationKind
from passport.volunteers.models import StreamConsent, Volunteer
from passport.volunteers.services import CONSENT_WORDING

OTLEY = "LS21 3AN"
KIRKSTALL = "LS5 3AB"
# Members on standby within MEMBERS_KM of each town, besides the generated reserve members who live there.
MEMBERS = {"otley": (OTLEY, 60), "kirkstall": (KIRKSTALL, 25)}
MEMBERS_KM = 6
FIRST_AIDERS = 0.35
NEEDED = [reserve.NeedSpec(role="Filling and placing sandbags", count=12),
          reserve.NeedSpec(role="First aider at the rest centre", count=3, qualification=QualificationKind.FIRST_AID)]
# How the alerted answer: yes, no, or not at all; answers come a few minutes to an hour after the alert.
YES, NO = 0.4, 0.25
BY_TEXT = 0.5  # of those with a mobile
REPLY_MINUTES = 14
OUR_NUMBER = "07700 900000"
TEXT_ID_PREFIX = "demo-"  # the provider's id of each simulated text back, so `--reset` can find them
YES_LINK = re.compile(r"Yes, I can go: (\S+)")
NO_LINK = re.compile(r"No, not this time: (\S+)")


@dataclass
class Journey:
    incident: Incident
    open_incident: Incident
    needed: int = 0
    waves: int = 0
    alerted: int = 0
    by_link: int = 0
    by_text: int = 0
    declined: int = 0
    confirmed: int = 0
    standby: int = 0
    told: int = 0
    messages_sent: int = 0
    reply_times: dict[Any, dt.datetime] = field(default_factory=dict)

    def line(self) -> str:
        return (f"Reserve: the flood at Otley needed {self.needed}; {self.waves} wave(s) alerted {self.alerted:,} "
                f"people ({self.messages_sent:,} emails and texts in all, through the outbox); {self.by_link} answered "
                f"by link and {self.by_text} by text, {self.declined} said no; {self.confirmed} confirmed, "
                f"{self.standby} on standby; stood down and {self.told} told. Kirkstall is still calling out "
                f"({self.open_incident.waves_sent} wave sent) for the controller to watch.")


@transaction.atomic
def members(*, seed: int, officer: User) -> int:
    """Reserve members on standby at real postcodes around Otley and Kirkstall: consented, inducted, some first
    aiders."""
    rng = random.Random(seed + 21)
    fake = Faker("en_GB")
    fake.seed_instance(seed + 21)
    towns = []
    for town, (postcode, count) in MEMBERS.items():
        centre = geo.lookup(postcode)
        around = [row for row in geo.all_postcodes("L")
                  if math.hypot(row[1] - centre.easting, row[2] - centre.northing) <= MEMBERS_KM * 1000]
        towns += [(town, i, around) for i in range(count)]
    today = timezone.localdate()
    skills = set(Skill.objects.filter(code__in=["sandbagging", "first-aid", "manual-handling"])
                 .values_list("code", flat=True))
    users, volunteers, consents, training, skill_rows = [], [], [], [], []
    for n, (town, i, around) in enumerate(towns):
        name = names.person(rng, fake)
        postcode, easting, northing, la_code = rng.choice(around)
        joined = timezone.now() - dt.timedelta(days=rng.uniform(60, 900))
        user = User(email=names.email_for(name, 900001 + n), display_name=f"{name.first} {name.last}",
                    password=make_password(None), date_joined=joined)
        volunteer = Volunteer(
            user=user, first_name=name.first, last_name=name.last,
            date_of_birth=dt.date(today.year - rng.randint(19, 70), rng.randint(1, 12), rng.randint(1, 28)),
            mobile=f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.8 else "",
            postcode=postcode, easting=easting, northing=northing, la_code=la_code,
            max_travel_m=round(rng.choice([5, 10, 15]) * geo.METRES_PER_MILE), availability=(1 << 21) - 1,
            languages=["en"], source=SOURCE, source_ref=f"reserve-{town}-{i + 1}",
        )
        users.append(user)
        volunteers.append(volunteer)
        consents.append(StreamConsent(volunteer=volunteer, stream=Stream.RESERVE, method=ConsentMethod.ONLINE,
                                      wording=CONSENT_WORDING[Stream.RESERVE], given_at=joined))
        inducted = today - dt.timedelta(days=rng.randint(20, 600))
        training.append(Qualification(volunteer=volunteer, kind=QualificationKind.RESERVE_INDUCTION,
                                      issued_on=inducted, recorded_by=officer))
        codes = ["sandbagging", "manual-handling"]
        if rng.random() < FIRST_AIDERS:
            codes.append("first-aid")
            training.append(Qualification(volunteer=volunteer, kind=QualificationKind.FIRST_AID,
                                          issued_on=inducted, expires_on=inducted + dt.timedelta(days=3 * 365),
                                          recorded_by=officer))
        skill_rows += [Volunteer.skills.through(volunteer_id=volunteer.id, skill_id=c) for c in codes if c in skills]
    User.objects.bulk_create(users)
    Volunteer.objects.bulk_create(volunteers)
    UserRole.objects.bulk_create([UserRole(user=user, role=Role.VOLUNTEER) for user in users])
    StreamConsent.objects.bulk_create(consents)
    Qualification.objects.bulk_create(training)
    Volunteer.skills.through.objects.bulk_create(skill_rows)
    ReserveMember.objects.bulk_create([ReserveMember(volunteer=v) for v in volunteers])
    return len(volunteers)


def _flush() -> int:
    """Send what the services queued, as the worker would (the outbox channel keeps them for people to read)."""
    return notifications.messages_send_due(limit=10_000)["sent"]


def _site_client() -> Client:
    site = urlparse(settings.SITE_URL)
    return Client(SERVER_NAME=site.hostname or "testserver", secure=site.scheme == "https")


def _answer_by_link(client: Client, callout: CallOut, accept: bool) -> None:
    """Press the button behind the link in the email the volunteer was sent, as they would."""
    email = Message.objects.get(pk=callout.email_message_id)
    url = (YES_LINK if accept else NO_LINK).search(email.body).group(1)
    response = client.post(urlparse(url).path)
    if response.status_code != 200:
        raise RuntimeError(f"The reply link answered {response.status_code}")


def _answer_by_text(callout: CallOut, accept: bool, at: dt.datetime) -> None:
    """A text back to our number, as the provider would pass it on."""
    notifications.inbound_sms_receive(
        provider_id=f"{TEXT_ID_PREFIX}{callout.pk}", source_number=callout.volunteer.mobile,
        destination_number=OUR_NUMBER, body=f"{'YES' if accept else 'no'} {callout.code}", received_at=at,
    )


def _plan(rng: random.Random, callouts: list[CallOut], at: dt.datetime, queue: list, skip: set[Any]) -> None:
    """Decide who answers, how and when (seeded, so the same every time)."""
    for callout in callouts:
        roll = rng.random()
        if callout.volunteer_id in skip or roll >= YES + NO:
            continue  # no answer
        accept = roll < YES
        by_text = bool(callout.volunteer.mobile) and rng.random() < BY_TEXT
        when = at + dt.timedelta(minutes=1 + rng.expovariate(1 / REPLY_MINUTES))
        heapq.heappush(queue, (when, str(callout.pk), accept, by_text))


def _alerted(incident: Incident, wave: int) -> list[CallOut]:
    return list(CallOut.objects.filter(incident=incident, wave=wave).select_related("volunteer")
                .order_by("distance_m", "volunteer__source_ref"))


def _answer(journey: Journey, client: Client, queue: list) -> None:
    when, callout_id, accept, by_text = heapq.heappop(queue)
    callout = CallOut.objects.select_related("volunteer").get(pk=callout_id)
    if by_text:
        _answer_by_text(callout, accept, when)
        journey.by_text += 1
    else:
        _answer_by_link(client, callout, accept)
        journey.by_link += 1
    journey.reply_times[callout.pk] = when


@transaction.atomic
def flood(*, controller: User, seed: int, avoid: tuple[Any, ...] = ()) -> Journey:
    """Yesterday's flood at Otley, from declaration to stand-down, and an open incident at Kirkstall (all or
    nothing: the services' own transactions nest inside this one)."""
    rng = random.Random(seed + 34)
    client = _site_client()
    messages_before = Message.objects.count()
    declared = timezone.localtime().replace(hour=6, minute=40, second=0, microsecond=0) - dt.timedelta(days=1)
    incident = reserve.incident_declare(
        actor=controller, title="Flooding: River Wharfe at Otley", postcode=OTLEY, radius_m=8000,
        severity=Severity.AMBER, starts_at=declared + dt.timedelta(minutes=50), expected_hours=6,
        briefing=("Report to the council's flood team at the Otley depot, with boots and waterproofs. Sandbaggers "
                  "work in pairs; first aiders go to the rest centre. Ask for Fiona."),
        needs=NEEDED,
        now=declared,
    )
    journey = Journey(incident=incident, open_incident=incident, needed=sum(n.count for n in NEEDED))
    wave_times: dict[int, dt.datetime] = {}
    queue: list = []
    stood_down = declared + dt.timedelta(hours=7, minutes=35)
    for _ in range(200):  # waves and answers in time order, until the answers are in or the flood is over
        incident.refresh_from_db()
        next_answer = queue[0][0] if queue and queue[0][0] < stood_down else None
        next_wave = incident.next_wave_at if incident.next_wave_at and incident.next_wave_at < stood_down else None
        if next_wave is not None and (next_answer is None or next_wave <= next_answer):
            at = next_wave
            if reserve.wave_send(incident_id=incident.pk, now=at):
                incident.refresh_from_db()
                wave_times[incident.waves_sent] = at
                _plan(rng, _alerted(incident, incident.waves_sent), at, queue, set(avoid))
                _flush()
            continue
        if next_answer is None:
            break
        _answer(journey, client, queue)
        _flush()
    journey.told = reserve.incident_stand_down(actor=controller, incident_id=incident.pk)
    _flush()
    journey.messages_sent = Message.objects.count() - messages_before
    _backdate(incident, declared, wave_times, journey.reply_times, stood_down)
    counts = dict(CallOut.objects.filter(incident=incident).values_list("status").annotate(n=Count("pk")))
    journey.incident.refresh_from_db()
    journey.waves = journey.incident.waves_sent
    journey.alerted = sum(counts.values())
    journey.confirmed = counts.get(CallOutStatus.CONFIRMED, 0)
    journey.standby = counts.get(CallOutStatus.STANDBY, 0)
    journey.declined = counts.get(CallOutStatus.DECLINED, 0)
    journey.open_incident = _kirkstall(controller=controller, rng=rng, client=client, avoid=avoid)
    return journey


def _backdate(incident: Incident, declared: dt.datetime, wave_times: dict[int, dt.datetime],
              replies: dict[Any, dt.datetime], stood_down: dt.datetime) -> None:
    """Put the incident's record on yesterday's clock the waves ran on, so its after-action report reads true."""
    Incident.objects.filter(pk=incident.pk).update(created_at=declared, stood_down_at=stood_down,
                                                   updated_at=stood_down)
    events = CallOutEvent.objects.filter(callout__incident=incident)
    for wave, at in wave_times.items():
        CallOut.objects.filter(incident=incident, wave=wave).update(created_at=at)
        events.filter(callout__wave=wave, kind=CallOutEventKind.ALERTED).update(at=at)
    for callout_id, at in replies.items():
        CallOut.objects.filter(pk=callout_id).update(replied_at=at, updated_at=at)
        events.filter(callout_id=callout_id).exclude(kind__in=[CallOutEventKind.ALERTED, CallOutEventKind.STOOD_DOWN]) \
            .update(at=at)
    events.filter(kind=CallOutEventKind.STOOD_DOWN).update(at=stood_down)


KIRKSTALL_NEEDED = {"Moving furniture and belongings upstairs": 8, "Door-knocking with flood warnings": 4}


def _kirkstall(*, controller: User, rng: random.Random, client: Client, avoid: tuple[Any, ...]) -> Incident:
    """A flood warning on the Aire at Kirkstall: the first wave out and a few answers in, the rest left live."""
    incident = reserve.incident_declare(
        actor=controller, title="Flood warning: River Aire at Kirkstall", postcode=KIRKSTALL, radius_m=5000,
        severity=Severity.AMBER, starts_at=timezone.now() + dt.timedelta(hours=2), expected_hours=4,
        briefing="Meet the council's flood team on Kirkstall Road. Bring boots, waterproofs and a torch.",
        needs=[reserve.NeedSpec(role=role, count=count) for role, count in KIRKSTALL_NEEDED.items()],
    )
    reserve.wave_send(incident_id=incident.pk)
    _flush()
    alerted = [c for c in _alerted(incident, 1) if c.volunteer_id not in avoid]
    for callout, accept in zip(alerted[:6], [True, True, False, True, True, False], strict=False):
        if callout.volunteer.mobile and rng.random() < BY_TEXT:
            _answer_by_text(callout, accept, timezone.now())
        else:
            _answer_by_link(client, callout, accept)
    _flush()
    incident.refresh_from_db()
    return incident
