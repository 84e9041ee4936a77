"""A volunteer's data download holds their vetting records and credentials, and nobody else's."""

import json

from passport.credentials import services
from passport.volunteers.selectors import volunteer_export


def test_the_download_holds_vetting_and_the_passport_issued(vetted_alice, personas):
    issued = services.passport_issue(volunteer=vetted_alice, actor=vetted_alice.user)
    data = volunteer_export(volunteer=vetted_alice)
    assert [c["method"] for c in data["vetting"]["identity_checks"]] == ["Documents checked in person"]
    [dbs] = data["vetting"]["dbs_checks"]
    assert (dbs["level"], dbs["certificate_number"], dbs["outcome"]) == ("Enhanced", "001234567890", "Suitable")
    [credential] = data["credentials"]["issued"]
    assert credential["id"] == str(issued.pk) and credential["kind"] == "Volunteer Passport"
    assert data["credentials"]["passport_number"]
    json.dumps(data)

    theirs = json.dumps(volunteer_export(volunteer=personas.charlie))
    for mine in ("001234567890", str(issued.pk), data["credentials"]["passport_number"]):
        assert mine not in theirs
    assert volunteer_export(volunteer=personas.charlie)["vetting"]["dbs_checks"] == []
