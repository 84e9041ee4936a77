"""`passport import volunteers FILE.csv`: our own documented columns."""

import shutil

from passport.core.taxonomy import slots_to_mask
from passport.imports.tests.conftest import DATA, row_counts
from passport.volunteers.models import Volunteer

VOLUNTEERS = DATA / "volunteers.csv"


def test_good_rows_are_imported_with_what_they_offer(run_import):
    result = run_import("volunteers", VOLUNTEERS)

    assert result.counts("volunteers.csv")["imported"] == 3
    priya = Volunteer.objects.get(source="csv", source_ref="V1")
    assert set(priya.skills.values_list("code", flat=True)) == {"first-aid", "driving"}
    assert list(priya.causes.values_list("code", flat=True)) == ["health"]
    assert priya.languages == ["en", "gu"]
    assert priya.availability == slots_to_mask(["monday-evening", "saturday-morning"])
    assert priya.max_travel_m == 16093 and not priya.remote_only
    tom = Volunteer.objects.get(source_ref="V2")
    assert tom.languages == ["en"] and tom.max_travel_m == 8047


def test_bad_rows_are_reported_by_line_with_the_column_and_value(run_import):
    result = run_import("volunteers", VOLUNTEERS)

    reported = result.lines_about("volunteers.csv")
    assert reported[4] == 'Select from the list: juggling is not one of the options (skills "juggling")'
    assert reported[5] == (
        'Select availability from the list: someday-morning is not one of them (availability "someday-morning")'
    )
    assert reported[6] == 'Duplicate of line 2: the same email address (email "priya.shah@example.org")'
    assert result.status == 1


def test_a_row_without_ref_or_email_is_imported_and_found_again(run_import):
    run_import("volunteers", VOLUNTEERS)
    before = row_counts()

    second = run_import("volunteers", VOLUNTEERS)

    nadia = Volunteer.objects.get(first_name="Nadia")
    assert nadia.user.email is None and nadia.remote_only and nadia.source_ref.startswith("auto-")
    assert row_counts() == before
    assert second.counts("volunteers.csv")["unchanged"] == 3


def test_a_changed_row_updates_the_volunteer(run_import, tmp_path):
    path = tmp_path / "volunteers.csv"
    shutil.copy(VOLUNTEERS, path)
    run_import("volunteers", path)
    path.write_text(path.read_text().replace("gardening,environment", "gardening;diy,environment"))

    result = run_import("volunteers", path)

    tom = Volunteer.objects.get(source_ref="V2")
    assert set(tom.skills.values_list("code", flat=True)) == {"gardening", "diy"}
    assert result.counts("volunteers.csv")["updated"] == 1


def test_a_different_date_of_birth_under_the_same_ref_is_refused(run_import, tmp_path):
    path = tmp_path / "volunteers.csv"
    shutil.copy(VOLUNTEERS, path)
    run_import("volunteers", path)
    path.write_text(path.read_text().replace("V2,Tom,Reed,tom.reed@example.org,03/04/1970",
                                             "V2,Tim,Reed,tim.reed@example.org,03/04/1971"))

    result = run_import("volunteers", path)

    assert result.lines_about("volunteers.csv")[3].startswith(
        "The volunteer imported before with this ref has a different date of birth"
    )
    assert Volunteer.objects.get(source_ref="V2").first_name == "Tom"


def test_the_source_option_keeps_references_from_two_systems_apart(run_import):
    run_import("volunteers", VOLUNTEERS, "--source", "leeds-crm")

    assert Volunteer.objects.filter(source="leeds-crm", source_ref="V1").exists()
    assert not Volunteer.objects.filter(source="csv").exists()


def test_headers_match_whatever_their_case_and_spacing(run_import, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        " First Name ,LAST_NAME,Email,Date of birth,Postcode\nAsha,Begum,asha@example.org,1980-02-02,LS1 4DY\n"
    )

    result = run_import("volunteers", path)

    assert result.status == 0
    assert Volunteer.objects.filter(first_name="Asha", last_name="Begum").exists()
