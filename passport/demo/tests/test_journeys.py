"""The demo's journeys run through the real services: a flood called out, filled exactly and stood down; hours logged,
confirmed, badged and stated; and what each persona finds waiting to do live."""

from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Sum

from passport.activity import services as hours_services
from passport.activity.models import CreditEntry, EntryStatus, HoursEntry, LoggedBy, Milestone, MilestoneAward
from passport.activity.tests.test_statement import check
from passport.demo import personas
from passport.demo.tests.test_demo_command import SMALL, run
from passport.notifications.models import InboundMessage, Message, MessageStatus
from passport.opportunities.models import Application, ApplicationStatus
from passport.organisations.models import Organisation
from passport.reserve.models import (
    CallOut,
    CallOutEvent,
    CallOutEventKind,
    CallOutStatus,
    Incident,
    IncidentStatus,
    ReplyChannel,
)
from passport.volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return run(*SMALL)


def otley() -> Incident:
    return Incident.objects.get(title__contains="Otley")


def test_the_flood_at_otley_fills_exactly_fifteen_through_links_and_texts_and_is_stood_down(demo):
    incident = otley()
    assert incident.status == IncidentStatus.STOOD_DOWN
    assert incident.declared_by.email == personas.FIONA.email
    needs = list(incident.needs.all())
    assert sum(n.count for n in needs) == 15
    assert all(n.confirmed == n.count for n in needs)
    assert CallOut.objects.filter(incident=incident, status=CallOutStatus.CONFIRMED).count() == 15
    accepted = Counter(CallOutEvent.objects.filter(callout__incident=incident, kind=CallOutEventKind.ACCEPTED)
                       .values_list("channel", flat=True))
    assert accepted[ReplyChannel.LINK] > 0 and accepted[ReplyChannel.SMS] > 0
    # Later yeses were held on standby, never over-filled; everyone who said yes was told to stand down.
    told = CallOut.objects.filter(incident=incident, status__in=[CallOutStatus.CONFIRMED, CallOutStatus.STANDBY])
    assert CallOutEvent.objects.filter(callout__incident=incident, kind=CallOutEventKind.STOOD_DOWN).count() \
        == told.count() > 15
    stand_downs = Message.objects.filter(template="reserve_stand_down", channel="email")
    assert stand_downs.count() >= told.count()
    # Every alert went through the outbox, and the texts back were received and read.
    alerts = Message.objects.filter(template="reserve_callout")
    assert alerts.exists() and not alerts.exclude(status=MessageStatus.SENT).exists()
    texts = InboundMessage.objects.filter(body__iregex=r"^(yes|no) \d{4}$")
    assert texts.count() >= accepted[ReplyChannel.SMS] and not texts.filter(handled_at__isnull=True).exists()
    assert "the flood at Otley needed 15" in demo and "15 confirmed" in demo


def test_its_after_action_report_reads_on_yesterdays_clock(demo, client_for):
    from passport.accounts.models import User

    incident = otley()
    assert incident.created_at < incident.starts_at < incident.stood_down_at
    fiona = User.objects.get(email=personas.FIONA.email)
    response = client_for(fiona).get(f"/reserve/incidents/{incident.pk}")
    assert response.status_code == 200
    assert "Stood down" in response.content.decode()


def test_kirkstall_is_left_calling_out_for_fiona_to_watch_and_nobody_else_sees_it(demo, client_for):
    from passport.accounts.models import User

    kirkstall = Incident.objects.get(title__contains="Kirkstall")
    assert kirkstall.status == IncidentStatus.OPEN and kirkstall.waves_sent >= 1
    assert kirkstall.next_wave_at is not None
    replied = CallOut.objects.filter(incident=kirkstall).exclude(status=CallOutStatus.ALERTED)
    assert replied.exists() and CallOut.objects.filter(incident=kirkstall, status=CallOutStatus.ALERTED).exists()
    fiona = User.objects.get(email=personas.FIONA.email)
    assert client_for(fiona).get(f"/reserve/incidents/{kirkstall.pk}").status_code == 200
    bernard = User.objects.get(email=personas.BERNARD.email)
    assert client_for(bernard).get(f"/reserve/incidents/{kirkstall.pk}").status_code == 404
    # Aisha lives nearby: her call-out is left for her to answer.
    assert CallOut.objects.get(incident=kirkstall, volunteer__user__email=personas.AISHA.email).status \
        == CallOutStatus.ALERTED


def test_the_confirmed_wait_as_hours_for_the_council_and_hold_a_deployment_badge(demo):
    council = Organisation.objects.get(source_ref="persona-council")
    entries = HoursEntry.objects.filter(logged_by=LoggedBy.CALLOUT)
    assert entries.count() == 15
    assert set(entries.values_list("organisation", flat=True)) == {council.pk}
    assert set(entries.values_list("status", flat=True)) == {EntryStatus.PENDING}
    assert set(entries.values_list("hours", flat=True)) == {Decimal(6)}
    confirmed = set(CallOut.objects.filter(incident=otley(), status=CallOutStatus.CONFIRMED)
                    .values_list("volunteer", flat=True))
    badges = MilestoneAward.objects.filter(milestone=Milestone.RESERVE_DEPLOYMENT)
    assert set(badges.values_list("volunteer", flat=True)) == confirmed
    assert check(badges.first().credential.token).ok
    from passport.accounts.models import User

    rachel = User.objects.get(email=personas.RACHEL.email)
    assert hours_services.hours_confirm(entry=entries.first(), actor=rachel).status == EntryStatus.CONFIRMED


def test_aisha_has_confirmed_hours_two_badges_and_a_statement_and_bernard_confirms_her_saturday_live(demo):
    from passport.accounts.models import User

    aisha = Volunteer.objects.get(user__email=personas.AISHA.email)
    confirmed = aisha.hours_entries.filter(status=EntryStatus.CONFIRMED).aggregate(total=Sum("hours"))["total"]
    assert confirmed == Decimal(48)
    statement = aisha.hours_statements.get()
    assert statement.total_hours == Decimal(48) and check(statement.credential.token).ok
    assert sorted(aisha.milestones.values_list("milestone", flat=True)) == ["first", "hours-10"]
    waiting = aisha.hours_entries.get(status=EntryStatus.PENDING)
    bernard = User.objects.get(email=personas.BERNARD.email)
    assert waiting.organisation.memberships.filter(user=bernard).exists()
    hours_services.hours_confirm(entry=waiting, actor=bernard)
    fifty = aisha.milestones.get(milestone=Milestone.HOURS_50)
    verdict = check(fifty.credential.token)
    assert verdict.ok, verdict.reasons
    assert verdict.credential["credentialSubject"]["achievement"]["name"] == "50 hours volunteered"


def test_generated_hours_are_mostly_confirmed_some_waiting_or_queried_and_keep_the_rules(demo):
    generated = HoursEntry.objects.filter(volunteer__source_ref__startswith="volunteer-")
    statuses = Counter(generated.values_list("status", flat=True))
    assert statuses[EntryStatus.CONFIRMED] > statuses[EntryStatus.PENDING] + statuses[EntryStatus.QUERIED] > 0
    assert CreditEntry.objects.filter(hours_entry__in=generated).count() == statuses[EntryStatus.CONFIRMED]
    days = Counter()
    for volunteer, date, hours in HoursEntry.objects.values_list("volunteer", "date", "hours"):
        days[volunteer, date] += hours
    assert max(days.values()) <= 24
    accepted = set(Application.objects.filter(status=ApplicationStatus.ACCEPTED)
                   .values_list("volunteer", "opportunity"))
    assert set(generated.filter(opportunity__isnull=False).values_list("volunteer", "opportunity")) <= accepted
    assert not generated.filter(status=EntryStatus.CONFIRMED, decided_by__isnull=True).exists()
    assert MilestoneAward.objects.filter(milestone=Milestone.FIRST).exists()


def test_reset_removes_the_journeys_and_runs_them_again(demo):
    first = set(Incident.objects.values_list("pk", flat=True))
    output = run(*SMALL, "--reset")
    assert "Removed demo data" in output
    assert Incident.objects.count() == 2 and not Incident.objects.filter(pk__in=first).exists()
    assert HoursEntry.objects.filter(logged_by=LoggedBy.CALLOUT).count() == 15
    assert InboundMessage.objects.filter(provider_id__startswith="demo-").count() == \
        InboundMessage.objects.filter(provider_id__startswith="demo-", handled_at__isnull=False).count()


def test_the_surgerys_prescription_is_collected_by_one_neighbour_who_alone_saw_the_address(demo, client_for):
    from passport.accounts.models import User
    from passport.core.models import AuditEvent
    from passport.demo import support as demo_support
    from passport.support.models import Alert, AlertStatus, SupportTask, TaskKind, TaskStatus

    task = SupportTask.objects.get(kind=TaskKind.PRESCRIPTION)
    assert task.status == TaskStatus.DONE
    assert task.organisation.name == demo_support.SURGERY["name"]
    assert task.posted_by.email == personas.PRIYA.email
    accepter = task.accepted_by
    assert Alert.objects.get(task=task, status=AlertStatus.ACCEPTED).volunteer == accepter
    shown = AuditEvent.objects.filter(verb="support.person_details_shown", subject_id=str(task.pk))
    assert set(shown.values_list("actor", flat=True)) == {accepter.user_id}
    assert demo_support.alerted_addresses(task) == 0
    entry = accepter.hours_entries.get(organisation=task.organisation)
    assert entry.status == EntryStatus.PENDING
    # Now it is done, not even the accepter's page shows the address; another alerted volunteer never could.
    page = client_for(accepter).get(f"/support/mine/{task.pk}")
    assert task.person_address not in page.content.decode()
    other = Alert.objects.filter(task=task).exclude(volunteer=accepter).first().volunteer
    assert task.person_address not in client_for(other).get(f"/support/mine/{task.pk}").content.decode()
    priya = User.objects.get(email=personas.PRIYA.email)
    assert client_for(priya).get(f"/support/tasks/{task.pk}").status_code == 200
    assert "Support: Kirkstall Brook Surgery" in demo


def test_a_shopping_request_near_aisha_is_left_open_for_her_to_answer(demo):
    from passport.support.models import Alert, SupportTask, TaskKind, TaskStatus

    task = SupportTask.objects.get(kind=TaskKind.SHOPPING)
    assert task.status == TaskStatus.OPEN
    assert Alert.objects.filter(task=task).exists()


WITH_IMPACT = [arg for arg in SMALL if arg != "--no-impact"]


def test_the_impact_statistics_are_refreshed_at_the_end_and_the_demo_carries_on_without_deprivation(
        settings, tmp_path):
    from pathlib import Path

    from django.test import Client

    from passport.impact.models import Area, AreaType, Measure, Statistic

    for name in ("la_all_codes.csv", "la_orgid_to_gss.csv", "lsoa_latlong.csv"):  # every shared file but the IMD
        (tmp_path / name).symlink_to(Path(settings.GEO_DATA_DIR) / name)
    settings.GEO_DATA_DIR = str(tmp_path)
    output = run(*WITH_IMPACT)
    assert "No deprivation file at" in output
    assert not Area.objects.filter(type=AreaType.LSOA, imd_rank__isnull=False).exists()
    assert "Impact:" in output
    hours = Statistic.objects.filter(area_id="E92000001", period="all", measure=Measure.HOURS_CONFIRMED,
                                     dimension="", category="").get()
    assert hours.value > 0
    assert Statistic.objects.filter(area_id="E08000035", measure=Measure.FILL_RATE).exists()
    assert Client().get("/impact/").status_code == 200
    assert "Leeds" in Client().get("/impact/areas/E08000035").content.decode()


def test_the_deprivation_file_is_imported_once_when_it_is_there(settings):
    from pathlib import Path

    from passport.impact.models import Area, AreaType, IndexScore

    if not (Path(settings.GEO_DATA_DIR) / "imd2019_england_lsoa.csv").is_file():
        pytest.skip("the shared IMD 2019 file is not beside the checkout")
    output = run(*WITH_IMPACT)
    assert "Imported deprivation for" in output
    assert Area.objects.filter(type=AreaType.LSOA, imd_rank__isnull=False).count() > 30_000
    assert IndexScore.objects.filter(area_id="E08000035").exists()  # the social infrastructure index, for Leeds
    again = run(*WITH_IMPACT, "--reset")
    assert "Imported deprivation" not in again and "Impact:" in again
