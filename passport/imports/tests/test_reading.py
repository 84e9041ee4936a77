"""Reading files and values: encodings, headers, line numbers, dates, placeholders, phones, tags."""

import datetime as dt

import pytest

from passport.core.taxonomy import CAUSES, SKILLS
from passport.imports.csvfiles import FileRejected, read_table
from passport.imports.report import ImportReport, Issue, Outcome
from passport.imports.tags import CAUSE_TAGS, SKILL_TAGS, map_tags
from passport.imports.teamkinetic import is_dbs_column, load, org_identity
from passport.imports.teamkinetic.files import drop_never_imported
from passport.imports.tests.conftest import TEAMKINETIC
from passport.imports.values import ValueProblem, clean, parse_bool, parse_date, parse_datetime, parse_phone


def write(tmp_path, data: bytes):
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    return path


def test_a_byte_order_mark_does_not_hide_the_first_column(tmp_path):
    table = read_table(write(tmp_path, '\ufeff"VOLID","NAME"\r\n"1","Zoë"\r\n'.encode()), required=["VOLID"])

    assert table.encoding == "utf-8"
    assert table.rows[0].values == {"volid": "1", "name": "Zoë"}


def test_line_numbers_count_blank_lines_and_values_over_several_lines(tmp_path):
    data = b'ID,NOTE\n1,"one\ntwo"\n\n2,three\n'

    table = read_table(write(tmp_path, data), required=["ID"])

    assert [(row.line, row.get("id")) for row in table.rows] == [(2, "1"), (5, "2")]


def test_an_unclosed_quote_refuses_the_file_rather_than_swallowing_rows(tmp_path):
    with pytest.raises(FileRejected, match="file.csv is not a CSV file we can read"):
        read_table(write(tmp_path, b'ID,NOTE\n1,"never closed\n2,two\n'), required=["ID"])


def test_a_column_named_twice_refuses_the_file(tmp_path):
    with pytest.raises(FileRejected, match="has the column email twice"):
        read_table(write(tmp_path, b"ID,Email,email\n1,a,b\n"), required=["ID"])


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(FileRejected, match="is empty"):
        read_table(write(tmp_path, b"\n\n"), required=["ID"])


def test_rows_shorter_than_the_header_read_the_missing_values_as_empty(tmp_path):
    table = read_table(write(tmp_path, b"ID,NAME,MOBILE\n1,Amira\n"), required=["ID"])

    assert table.rows[0].values == {"id": "1", "name": "Amira", "mobile": ""} and not table.rows[0].error


@pytest.mark.parametrize("raw", ["2024-03-01", "01/03/2024", "1/3/2024", "01/03/2024 00:00:00"])
def test_dates_are_read_in_both_forms_teamkinetic_writes(raw):
    assert parse_date(raw, "Start date") == dt.date(2024, 3, 1)


def test_date_and_time_are_read_with_or_without_seconds():
    assert parse_datetime("2024-03-01T09:30:00", "Start date") == (dt.datetime(2024, 3, 1, 9, 30), True)
    assert parse_datetime("01/03/2024 09:30", "Start date") == (dt.datetime(2024, 3, 1, 9, 30), True)
    assert parse_datetime("01/03/2024", "Start date") == (dt.datetime(2024, 3, 1), False)


@pytest.mark.parametrize("raw", ["31/02/2020", "2020-02-31", "00/00/0000"])
def test_an_impossible_date_is_refused_as_not_real(raw):
    with pytest.raises(ValueProblem, match="^Date of birth must be a real date$"):
        parse_date(raw, "Date of birth")


def test_a_date_in_another_shape_says_which_shapes_work():
    with pytest.raises(ValueProblem, match="as dd/mm/yyyy or yyyy-mm-dd"):
        parse_date("March 1st", "Date of birth")


@pytest.mark.parametrize("raw", ["N/A", "n/a", "-", "TBC", " tbc ", "NULL", "unknown", ""])
def test_placeholders_count_as_empty(raw):
    assert clean(raw) == ""
    assert parse_date(raw, "Date of birth") is None


def test_real_values_are_not_mistaken_for_placeholders():
    assert clean(" Na Li ") == "Na Li"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("07700 900123", "07700900123"), ("+44 7700 900123", "07700900123"), ("7700900123", "07700900123"),
     ("0113 496 0000", "01134960000"), ("N/A", "")],
)
def test_phone_numbers_are_kept_in_national_form(raw, expected):
    assert parse_phone(raw) == expected


def test_a_phone_number_that_is_too_short_is_refused():
    with pytest.raises(ValueProblem, match="Enter a UK telephone number"):
        parse_phone("12345")


def test_yes_and_no_words_are_understood_and_others_are_not():
    assert [parse_bool(v) for v in ("true", "Yes", "1", "false", "No", "0", "maybe")] == [
        True, True, True, False, False, False, None,
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1123456", ("registered_charity", "GB-CHC-1123456")), ("SC012345", ("registered_charity", "GB-SC-SC012345")),
     ("N/A", ("community_group", "")), ("0", ("community_group", "")), ("", ("community_group", ""))],
)
def test_charity_numbers_become_org_ids(raw, expected):
    assert org_identity(raw) == expected


@pytest.mark.parametrize("column", ["criminalcheck", "criminalcheckenhanced", "criminalchecknumber", "checkexpires"])
def test_every_dbs_check_column_is_recognised_so_it_can_be_dropped(column):
    assert is_dbs_column(column)


def test_every_tag_maps_to_a_code_that_exists():
    assert set(CAUSE_TAGS.values()) <= {code for code, _label in CAUSES}
    assert set(SKILL_TAGS.values()) <= {code for code, _label in SKILLS}


def test_tags_are_split_matched_without_regard_to_case_and_unknown_ones_kept_aside():
    tags = map_tags("Food Bank, Arts & Culture; DRIVING|Forklift")

    assert (tags.causes, tags.skills, tags.unknown) == (["poverty", "arts-culture"], ["driving"], ["Forklift"])
    assert tags.cause == "poverty"
    assert map_tags("").cause == "community"


def test_the_report_file_never_hands_a_spreadsheet_a_formula(tmp_path):
    report = ImportReport(title="test")
    report.file("Volunteer-data.csv").add(3, Outcome.REJECTED, Issue("Enter your first name", "FIRSTNAME", "=1+1"))
    path = tmp_path / "report.csv"

    report.write_csv(path)

    assert "Volunteer-data.csv,3,rejected,FIRSTNAME,'=1+1,Enter your first name" in path.read_text()


def test_values_shown_on_the_terminal_lose_their_control_characters():
    issue = Issue("Enter a postcode", "POSTCODE", "\x1b[31mLS1\n4DY")

    assert issue.text() == 'Enter a postcode (POSTCODE "[31mLS1 4DY")'


def test_dbs_and_hours_columns_are_forgotten_as_soon_as_a_file_is_read():
    table = load(TEAMKINETIC)["Volunteer-data.csv"]

    assert drop_never_imported(table) == (3, 3)
    assert not any(is_dbs_column(key) or key == "totalvolhours" for row in table.rows for key in row.values)
    assert all(row.values["volid"] for row in table.rows)
