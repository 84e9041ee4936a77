"""A volunteer's data download holds their reserve settings and call-outs, without codes that still answer."""

import json

import pytest

from passport.reserve import services
from passport.reserve.models import CallOut
from passport.reserve.services import NeedSpec
from passport.volunteers.selectors import volunteer_export

pytestmark = pytest.mark.django_db


def test_the_download_holds_standby_and_call_outs_but_no_reply_code(make_member, declare, personas):
    alice = make_member(first_name="Alice")
    incident = declare(NeedSpec(role="Sandbagging", count=1))
    services.wave_send(incident_id=incident.pk)
    later = make_member(first_name="Late")  # joined after the wave: never called
    callout = CallOut.objects.get(volunteer=alice)
    reserve = volunteer_export(volunteer=alice)["reserve"]
    assert reserve["membership"]["standby"] == "Available now"
    [mine] = reserve["callouts"]
    assert (mine["incident"], mine["role"], mine["wave"], mine["status"]) == (
        "Flooding on the Aire", "Sandbagging", 1, "No reply yet")
    assert callout.code not in [str(value) for value in mine.values()] and "code" not in mine
    json.dumps(reserve)

    assert volunteer_export(volunteer=later)["reserve"]["callouts"] == []
    assert volunteer_export(volunteer=personas.charlie)["reserve"] == {"membership": None, "callouts": []}
