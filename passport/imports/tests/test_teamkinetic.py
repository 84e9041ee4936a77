"""`passport import teamkinetic DIR` against a small export full of the things real exports hold."""

import csv
import datetime as dt
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import ValidationError

from passport.accounts.models import User
from passport.imports import people
from passport.imports.common import IMPORT_USER_EMAIL
from passport.imports.tests.conftest import DATA, TEAMKINETIC, row_counts
from passport.opportunities.models import Opportunity, OpportunityStatus, ScheduleType
from passport.organisations.models import Membership, Organisation, OrganisationType
from passport.volunteers.models import Volunteer
from passport.volunteers.services import volunteer_update
from tests.factories import VolunteerFactory

LONDON = ZoneInfo("Europe/London")
CERTIFICATE_NUMBERS = ("001234567890", "009876543210", "001122334455")
CHECK_EXPIRY_DATES = (dt.date(2026, 9, 1), dt.date(2025, 1, 15), dt.date(2027, 2, 2))
GOOD_VOLUNTEERS = (
    '"VOLID","FIRSTNAME","SURNAME","DOB","POSTCODE","MOBILE","EMAIL"\n'
    '"5001","Amira","Hussain","14/03/1988","LS1 4DY","07700 900123","amira.hussain@example.org"\n'
    '"5002","Ben","Okafor","1975-11-02","LS6 3HN","","ben.okafor@example.org"\n'
)


def by_ref(ref: str) -> Volunteer:
    return Volunteer.objects.select_related("user").get(source="teamkinetic", source_ref=ref)


# -- volunteers -----------------------------------------------------------------------------------------------


def test_every_good_volunteer_row_is_imported(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.counts("Volunteer-data.csv")["imported"] == 4
    amira, ben, chloe, dev = (by_ref(ref) for ref in ("1001", "1002", "1003", "1004"))
    assert (amira.full_name, amira.date_of_birth, amira.postcode) == ("Amira Hussain", dt.date(1988, 3, 14), "LS1 4DY")
    assert amira.user.email == "amira.hussain@example.org" and amira.mobile == "07700900123"
    assert ben.last_name == "O'Connor" and ben.mobile == "" and ben.date_of_birth == dt.date(1975, 11, 2)
    assert chloe.mobile == "07700900456"  # the spreadsheet had dropped its leading zero
    assert dev.postcode == "B1 1BB"
    assert not amira.consents.exists()  # streams are the volunteer's own choice, never imported


def test_each_bad_volunteer_row_is_reported_with_its_line_and_reason(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    reported = result.lines_about("Volunteer-data.csv")
    assert reported[6] == 'Enter a real postcode: we cannot find that one (POSTCODE "XX1 1XX")'
    assert reported[7] == 'Enter your first name (FIRSTNAME "")'
    assert reported[8] == 'Date of birth must be a real date (DOB "31/02/2020")'
    assert reported[9] == 'Enter a real date of birth (DOB "01/01/1900")'
    assert reported[10] == 'You must be 16 or older to register (DOB "14/06/2021")'
    assert reported[11].startswith("Enter an email address in the correct format") and '"test@test"' in reported[11]
    assert reported[12] == 'Enter a postcode (POSTCODE "-")'
    assert reported[17] == "The row has 16 values but the header names 15 columns"
    assert reported[18].startswith("Enter a UK telephone number") and '(MOBILE "12345")' in reported[18]
    assert result.counts("Volunteer-data.csv")["rejected"] == 9
    assert not Volunteer.objects.filter(last_name__in=["Taylor", "Smith", "Jones", "Brown", "Wilson", "Evans"]).exists()


def test_the_rejected_row_reads_exactly_as_the_issue_asks(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert 'Volunteer-data.csv line 6: Enter a real postcode: we cannot find that one (POSTCODE "XX1 1XX")' in (
        result.out.splitlines()
    )


def test_duplicates_within_the_file_are_flagged_and_not_imported(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    reported = result.lines_about("Volunteer-data.csv")
    assert reported[13] == 'Duplicate of line 2: the same email address (EMAIL "AMIRA.HUSSAIN@example.org")'
    assert reported[14] == "Duplicate of line 5: the same name, date of birth and postcode"
    assert reported[15] == 'Duplicate of line 2: the same VOLID (VOLID "1001")'
    assert result.counts("Volunteer-data.csv")["duplicates"] == 3
    assert Volunteer.objects.filter(first_name="Amira").count() == 1
    assert Volunteer.objects.filter(first_name="Dev").count() == 1
    assert not Volunteer.objects.filter(last_name="Else").exists()


def test_rows_that_match_existing_volunteers_are_flagged_not_merged(run_import):
    VolunteerFactory(user__email="dev.patel@example.org", first_name="Devendra", last_name="Patel")
    VolunteerFactory(user__email="c.nwosu@example.com", first_name="Chloe", last_name="Nwosu",
                     date_of_birth=dt.date(1995, 7, 22), at="M1 1AE")

    result = run_import("teamkinetic", TEAMKINETIC)

    reported = result.lines_about("Volunteer-data.csv")
    assert reported[5] == ('Duplicate of an existing account: it uses the same email address '
                           '(EMAIL "dev.patel@example.org")')
    assert reported[4] == "Duplicate of an existing volunteer with the same name, date of birth and postcode"
    assert not Volunteer.objects.filter(source="teamkinetic", source_ref__in=["1003", "1004"]).exists()
    assert Volunteer.objects.filter(first_name="Chloe").count() == 1


def test_volunteers_teamkinetic_marks_deleted_are_skipped(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.lines_about("Volunteer-data.csv")[16] == (
        'Skipped: TeamKinetic marks this volunteer as deleted (STATUS "Deleted")'
    )
    assert not Volunteer.objects.filter(last_name="Martin").exists()


# -- what is never imported -------------------------------------------------------------------------------------


def test_no_criminal_record_data_is_stored_anywhere_or_printed(run_import, tmp_path):
    report = tmp_path / "rejected.csv"
    result = run_import("teamkinetic", TEAMKINETIC, "--report", report)

    for model in apps.get_models():
        for obj in model.objects.all():
            for field in model._meta.concrete_fields:
                value = field.value_from_object(obj)
                assert value not in CHECK_EXPIRY_DATES, f"{model._meta.label}.{field.name} holds a check expiry date"
                for number in CERTIFICATE_NUMBERS:
                    assert number not in str(value), f"{model._meta.label}.{field.name} holds a certificate number"
    for text in (result.out, result.err, report.read_text()):
        assert not any(number in text for number in CERTIFICATE_NUMBERS)


def test_it_counts_the_rows_that_carried_dbs_data_and_hours(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert "3 rows carried DBS check data, which was not imported: vetting officers must record checks." in result.out
    assert "3 rows carried volunteering hours (TOTALVOLHOURS), which were not imported" in result.out


# -- organisations, opportunities and sessions -------------------------------------------------------------------


def test_providers_become_organisations_registered_by_the_import_user(run_import):
    run_import("teamkinetic", TEAMKINETIC)

    food_bank = Organisation.objects.get(source="teamkinetic", source_ref="P1")
    assert food_bank.name == "Leeds Community Food Bank"  # found under the header " Name "
    assert (food_bank.org_type, food_bank.org_id) == (OrganisationType.REGISTERED_CHARITY, "GB-CHC-1123456")
    assert food_bank.website == "https://www.leedsfoodbank.example.org"
    neighbours = Organisation.objects.get(source="teamkinetic", source_ref="P2")
    assert neighbours.org_type == OrganisationType.COMMUNITY_GROUP and neighbours.org_id.startswith("GB-VPS-")
    importer = User.objects.get(email=IMPORT_USER_EMAIL)
    assert not importer.is_active and not importer.has_usable_password()
    assert set(Membership.objects.values_list("user__email", flat=True)) == {IMPORT_USER_EMAIL}


def test_providers_with_one_charity_number_become_one_organisation(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.lines_about("Provider-data.csv")[5].startswith("Duplicate of line 2: the same charity number")
    assert Organisation.objects.filter(org_id="GB-CHC-1123456").count() == 1
    hamper_driver = Opportunity.objects.get(source_ref="O7")  # offered by P4, the duplicate of P1
    assert hamper_driver.organisation.source_ref == "P1"


def test_bad_providers_are_reported_and_their_opportunities_too(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    providers = result.lines_about("Provider-data.csv")
    assert providers[4].endswith('(CHARITYNUMBER "12AB")') and "GB-CHC-1234567" in providers[4]
    assert providers[6] == 'Enter a real postcode: we cannot find that one (POSTCODE "XX1 1XX")'
    opportunities = result.lines_about("Opportunity-data.csv")
    assert opportunities[6] == 'Its provider was not imported (see Provider-data.csv line 4) (PROVIDERID "P3")'
    assert opportunities[7].startswith("Its provider is not in Provider-data.csv")
    assert opportunities[8] == 'Enter a title (NAME ""); Enter a description (DESCRIPTION "TBC")'
    assert opportunities[10] == 'Enter a real postcode: we cannot find that one (POSTALCODE "XX1 1XX")'
    assert opportunities[11] == 'Duplicate of line 2: the same PLACEMENTID (PLACEMENTID "O1")'
    assert not Organisation.objects.filter(source_ref__in=["P3", "P5"]).exists()


def test_opportunities_take_their_cause_skills_place_and_status_from_the_export(run_import):
    run_import("teamkinetic", TEAMKINETIC)

    warehouse = Opportunity.objects.get(source="teamkinetic", source_ref="O1")
    assert (warehouse.status, warehouse.cause_id, warehouse.postcode) == (OpportunityStatus.OPEN, "poverty", "LS1 4DY")
    assert list(warehouse.desirable_skills.values_list("code", flat=True)) == ["driving"]
    assert not warehouse.required_skills.exists()
    assert warehouse.schedule_type == ScheduleType.FLEXIBLE
    befriender = Opportunity.objects.get(source_ref="O2")
    assert befriender.remote and befriender.postcode == "" and befriender.cause_id == "older-people"
    assert befriender.description == "Call an older person each week.\nFull training given."
    assert Opportunity.objects.get(source_ref="O3").status == OpportunityStatus.DRAFT  # AUTHORISED false
    ended = Opportunity.objects.get(source_ref="O7")
    assert ended.status == OpportunityStatus.DRAFT and ended.closes_on == dt.date(2019, 12, 31)


def test_sessions_become_the_shifts_of_their_opportunity(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    hampers = Opportunity.objects.get(source_ref="O3")
    assert hampers.schedule_type == ScheduleType.SHIFTS
    assert list(hampers.shifts.values_list("starts_at", "ends_at")) == [
        (dt.datetime(2035, 12, 13, 9, 0, tzinfo=LONDON), dt.datetime(2035, 12, 13, 12, 30, tzinfo=LONDON)),
        (dt.datetime(2035, 12, 13, 13, 0, tzinfo=LONDON), dt.datetime(2035, 12, 13, 16, 0, tzinfo=LONDON)),
    ]
    sessions = result.lines_about("Session-data.csv")
    assert sessions[4] == 'The session must end after it starts (ENDDATE "14/12/2035 09:00:00")'
    assert sessions[5] == 'Its opportunity was not imported (see Opportunity-data.csv line 6) (PLACEMENTID "O4")'
    assert sessions[6] == 'Its opportunity is not in Opportunity-data.csv (PLACEMENTID "O99")'
    assert sessions[7].startswith('Start date must be a real date (STARTDATE "31/02/2035 09:00")')
    assert result.counts("Session-data.csv") == {
        "imported": 2, "updated": 0, "unchanged": 0, "skipped": 0, "duplicates": 0, "rejected": 4
    }


def test_unknown_tags_are_ignored_and_counted(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert "2 tags matched none of our causes or skills and were ignored: Forklift (1), Christmas (1)." in result.out


def test_a_quoted_value_over_two_lines_keeps_later_line_numbers_right(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    # O2's description runs over lines 3 and 4, so O4 is on line 6 of the file.
    assert "P3" in result.lines_about("Opportunity-data.csv")[6]


# -- running twice, dry runs, savepoints ---------------------------------------------------------------------


def test_a_second_run_changes_nothing_and_reports_rows_unchanged(run_import):
    run_import("teamkinetic", TEAMKINETIC)
    before = row_counts()

    second = run_import("teamkinetic", TEAMKINETIC)

    assert row_counts() == before
    assert second.counts("Volunteer-data.csv") == {
        "imported": 0, "updated": 0, "unchanged": 4, "skipped": 1, "duplicates": 3, "rejected": 9
    }
    assert second.counts("Provider-data.csv")["unchanged"] == 2
    assert second.counts("Opportunity-data.csv")["unchanged"] == 4
    assert second.counts("Session-data.csv")["unchanged"] == 2


def test_a_changed_row_updates_what_was_imported(run_import, export_copy):
    run_import("teamkinetic", export_copy)
    volunteers = export_copy / "Volunteer-data.csv"
    volunteers.write_text(volunteers.read_text().replace("07700 900123", "07700 900999"))
    sessions = export_copy / "Session-data.csv"
    sessions.write_text(sessions.read_text().replace("13/12/2035 12:30:00", "13/12/2035 12:00:00"))

    result = run_import("teamkinetic", export_copy)

    assert by_ref("1001").mobile == "07700900999"
    assert result.counts("Volunteer-data.csv")["updated"] == 1
    hampers = Opportunity.objects.get(source_ref="O3")
    assert hampers.shifts.first().ends_at == dt.datetime(2035, 12, 13, 12, 0, tzinfo=LONDON)
    assert result.counts("Session-data.csv")["updated"] == 2


def test_a_record_changed_in_volunteer_passport_is_not_overwritten(run_import, export_copy):
    run_import("teamkinetic", export_copy)
    amira = by_ref("1001")
    volunteer_update(
        volunteer=amira, actor=amira.user, first_name="Amira", last_name="Hussain", mobile="07700 900555",
        postcode="LS1 4DY", max_travel_miles=5, remote_only=False, availability=0, skills=[], causes=[],
        languages=["en"], streams=[],
    )
    volunteers = export_copy / "Volunteer-data.csv"
    volunteers.write_text(volunteers.read_text().replace("07700 900123", "07700 900999"))

    result = run_import("teamkinetic", export_copy)

    assert by_ref("1001").mobile == "07700 900555"
    assert result.lines_about("Volunteer-data.csv")[2].startswith("Changed in Volunteer Passport since it was imported")
    assert result.counts("Volunteer-data.csv")["skipped"] == 2


def test_a_dry_run_writes_nothing_but_reports_what_would_happen(run_import):
    before = row_counts()

    result = run_import("teamkinetic", TEAMKINETIC, "--dry-run")

    assert row_counts() == before
    assert result.counts("Volunteer-data.csv")["imported"] == 4
    assert "Dry run: nothing was saved." in result.out
    assert result.status == 1


def test_a_row_that_fails_half_way_leaves_nothing_behind(run_import, monkeypatch):
    real_register = people.volunteer_register

    def register_then_fail(**kwargs):
        volunteer = real_register(**kwargs)
        if volunteer.first_name == "Ben":
            raise ValidationError({"postcode": "Something went wrong after saving"})
        return volunteer

    monkeypatch.setattr(people, "volunteer_register", register_then_fail)

    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.lines_about("Volunteer-data.csv")[3] == 'Something went wrong after saving (POSTCODE "LS6 3HN")'
    assert not Volunteer.objects.filter(first_name="Ben").exists()
    assert not User.objects.filter(email="ben.oconnor@example.org").exists()
    assert by_ref("1003").first_name == "Chloe"


# -- files, encodings and exit statuses --------------------------------------------------------------------------


def test_it_says_which_files_it_found(run_import):
    result = run_import("teamkinetic", DATA / "teamkinetic-cp1252")

    assert "Found: Volunteer-data.csv. Not found: Provider-data.csv, Opportunity-data.csv, Session-data.csv." in (
        result.out
    )


def test_a_windows_1252_file_is_read_and_the_report_says_so(run_import):
    result = run_import("teamkinetic", DATA / "teamkinetic-cp1252")

    assert "Volunteer-data.csv is not UTF-8: it was read as Windows-1252 (cp1252)." in result.out
    assert by_ref("2001").full_name == "Zoë Brontë"
    assert by_ref("2002").last_name == "O’Neill"
    assert result.status == 0


def test_an_export_of_good_rows_exits_0_and_so_does_running_it_again(run_import, tmp_path):
    (tmp_path / "Volunteer-data.csv").write_text(GOOD_VOLUNTEERS, encoding="utf-8-sig")

    first, second = run_import("teamkinetic", tmp_path), run_import("teamkinetic", tmp_path)

    assert (first.status, second.status) == (0, 0)
    assert first.counts("Volunteer-data.csv")["imported"] == 2
    assert second.counts("Volunteer-data.csv")["unchanged"] == 2


def test_an_export_with_bad_rows_exits_1_having_imported_the_good_ones(run_import):
    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.status == 1
    assert Volunteer.objects.filter(source="teamkinetic").count() == 4


def test_the_report_option_writes_the_rows_not_imported_to_a_csv(run_import, tmp_path):
    report = tmp_path / "rejected.csv"

    run_import("teamkinetic", TEAMKINETIC, "--report", report)

    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert {
        "file": "Volunteer-data.csv", "line": "6", "outcome": "rejected", "column": "POSTCODE", "value": "XX1 1XX",
        "reason": "Enter a real postcode: we cannot find that one",
    } in rows
    assert {(row["file"], row["line"], row["outcome"]) for row in rows} >= {
        ("Volunteer-data.csv", "13", "duplicate"), ("Session-data.csv", "6", "rejected"),
    }


def test_a_one_off_opportunity_without_sessions_gets_one_shift_from_its_dates(run_import, export_copy):
    (export_copy / "Session-data.csv").unlink()

    run_import("teamkinetic", export_copy)

    hampers = Opportunity.objects.get(source_ref="O3")
    assert list(hampers.shifts.values_list("starts_at", "ends_at")) == [
        (dt.datetime(2035, 12, 13, 9, 0, tzinfo=LONDON), dt.datetime(2035, 12, 13, 16, 0, tzinfo=LONDON)),
    ]


def test_a_person_who_asked_to_be_erased_is_not_imported_again(run_import):
    VolunteerFactory(first_name="", last_name="", source="teamkinetic", source_ref="1001",
                     erased_at=dt.datetime(2025, 1, 1, tzinfo=LONDON))

    result = run_import("teamkinetic", TEAMKINETIC)

    assert result.lines_about("Volunteer-data.csv")[2] == "Skipped: this person asked for their data to be erased"
    assert not Volunteer.objects.filter(first_name="Amira").exists()
