"""A volunteer's data download holds their hours, milestones and time credits, and nobody else's."""

import json

import pytest

from passport.activity import services
from passport.volunteers.selectors import volunteer_export

pytestmark = pytest.mark.django_db


def test_the_download_holds_hours_milestones_and_the_ledger(log_hours, accepted):
    entry = log_hours(hours="3", description="Packed food parcels")
    services.hours_confirm(entry=entry, actor=accepted.bob)
    log_hours(hours="2", days_ago=2, description="Sorted tins")
    hours = volunteer_export(volunteer=accepted.alice)["hours"]
    assert [(e["hours"], e["status"], e["description"]) for e in hours["entries"]] == [
        ("2.00", "Waiting for the organisation", "Sorted tins"), ("3.00", "Confirmed", "Packed food parcels")]
    assert [m["milestone"] for m in hours["milestones"]] == ["First confirmed volunteering"]
    assert [(c["kind"], c["amount"]) for c in hours["time_credits"]] == [("Earned", "3.00")]
    json.dumps(hours)

    theirs = volunteer_export(volunteer=accepted.charlie)
    assert theirs["hours"] == {"entries": [], "milestones": [], "time_credits": [], "statements": []}
    assert "Packed food parcels" not in json.dumps(theirs)
