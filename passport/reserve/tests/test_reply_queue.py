"""Replies are stored as they arrive and applied in arrival order, many in one transaction."""

import pytest

from passport.notifications.models import Message
from passport.reserve import services, tasks
from passport.reserve.models import CallOut, CallOutStatus, IncidentNeed, Reply
from passport.reserve.services import NeedSpec, Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_alerted(make_member, declare):
    members = [make_member() for _ in range(5)]
    incident = declare(NeedSpec(role="Sandbagging", count=5))
    services.wave_send(incident_id=incident.pk)
    IncidentNeed.objects.filter(incident=incident).update(count=2)
    by_member = {c.volunteer_id: c for c in CallOut.objects.filter(incident=incident)}
    return incident, [by_member[m.pk] for m in members]


def test_replies_waiting_are_applied_in_the_order_they_arrived(five_alerted):
    incident, callouts = five_alerted
    # Four replies stored by requests that have not applied them yet (they wait for the one applying).
    waiting = [Reply.objects.create(callout=c, accept=True, channel="link") for c in callouts[:4]]
    # The fifth applies everything waiting, oldest first, and finds its own outcome among them.
    assert services.reply_record(callout_id=callouts[4].pk, accept=True, channel="link") is Outcome.STANDBY
    outcomes = [Reply.objects.get(pk=r.pk).outcome for r in waiting]
    assert outcomes == ["confirmed", "confirmed", "standby", "standby"]
    assert IncidentNeed.objects.get(incident=incident).confirmed == 2
    assert [CallOut.objects.get(pk=c.pk).status for c in callouts] == [
        CallOutStatus.CONFIRMED, CallOutStatus.CONFIRMED, CallOutStatus.STANDBY, CallOutStatus.STANDBY,
        CallOutStatus.STANDBY]
    # Those already applied read their outcome: nothing is applied twice.
    assert services.reply_outcome(waiting[0].pk) is Outcome.CONFIRMED
    assert Message.objects.filter(template="reserve_briefing").count() == 2 * 2  # email and text, once each


def test_a_reply_whose_request_stopped_after_storing_it_is_applied_by_the_worker(five_alerted):
    _incident, callouts = five_alerted
    stored = Reply.objects.create(callout=callouts[0], accept=False, channel="sms", inbound_id="text-1")
    tasks.send_due_waves.call()
    stored.refresh_from_db()
    assert stored.outcome == "declined" and stored.applied_at is not None
    assert CallOut.objects.get(pk=callouts[0].pk).status == CallOutStatus.DECLINED
    assert Message.objects.filter(template="reserve_declined", channel="sms").count() == 1
    assert services.replies_apply() == 0  # nothing left waiting


@pytest.mark.parametrize("first, status", [(True, CallOutStatus.CONFIRMED), (False, CallOutStatus.DECLINED)],
                         ids=["yes then yes", "no then yes"])
def test_a_yes_after_an_answer_to_the_same_call_out_changes_nothing(five_alerted, first, status):
    """(A no after a yes is a change of mind: test_withdraw.py.)"""
    _incident, callouts = five_alerted
    Reply.objects.create(callout=callouts[0], accept=first, channel="link")
    assert services.reply_record(callout_id=callouts[0].pk, accept=True, channel="web") is Outcome.ALREADY_ANSWERED
    assert CallOut.objects.get(pk=callouts[0].pk).status == status
    assert list(Reply.objects.order_by("pk").values_list("outcome", flat=True)) == [status, "already_answered"]
