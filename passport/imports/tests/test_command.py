"""`passport import` as a command: input it cannot read, exit statuses, help, the progress bar."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from passport.imports.management.commands.import_data import Command
from passport.imports.tests.conftest import DATA, TEAMKINETIC, row_counts

ROOT = Path(__file__).resolve().parents[3]


def refused(*args: object) -> CommandError:
    with pytest.raises(CommandError) as caught:
        call_command("import_data", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())
    return caught.value


def test_a_missing_column_is_one_line_naming_the_file_and_the_columns(db):
    error = refused("teamkinetic", DATA / "teamkinetic-missing-column")

    assert str(error) == "Volunteer-data.csv is missing required columns: DOB, POSTCODE"
    assert error.returncode == 2


def test_a_bad_second_file_means_nothing_at_all_is_imported(db, tmp_path):
    shutil.copy(TEAMKINETIC / "Volunteer-data.csv", tmp_path)
    (tmp_path / "Provider-data.csv").write_text('"PROVIDERID","NAME"\n"P1","Leeds Food Aid"\n')
    before = row_counts()

    error = refused("teamkinetic", tmp_path)

    assert str(error) == "Provider-data.csv is missing required columns: POSTCODE"
    assert error.returncode == 2
    assert row_counts() == before


def test_a_file_that_is_not_text_is_refused(db, tmp_path):
    (tmp_path / "Volunteer-data.csv").write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00VOLID,FIRSTNAME")
    before = row_counts()

    error = refused("teamkinetic", tmp_path)

    assert error.returncode == 2
    assert str(error).startswith("Volunteer-data.csv is not a text file")
    assert row_counts() == before


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused(db, tmp_path):
    (tmp_path / "Volunteer-data.csv").write_bytes(b'"VOLID","FIRSTNAME"\n"1","Zo\x81\xeb"\n')

    error = refused("teamkinetic", tmp_path)

    assert error.returncode == 2
    assert str(error) == "Volunteer-data.csv is neither UTF-8 nor Windows-1252 text: export it again as CSV UTF-8"


def test_a_folder_that_does_not_exist_is_refused(db, tmp_path):
    error = refused("teamkinetic", tmp_path / "nowhere")

    assert error.returncode == 2 and "is not a folder" in str(error)


def test_an_export_without_its_volunteer_file_is_refused(db, tmp_path):
    shutil.copy(TEAMKINETIC / "Provider-data.csv", tmp_path)

    error = refused("teamkinetic", tmp_path)

    assert error.returncode == 2 and str(error).startswith("Volunteer-data.csv is missing from")


def test_a_report_into_a_missing_folder_is_refused_before_importing(db, tmp_path):
    before = row_counts()

    error = refused("teamkinetic", TEAMKINETIC, "--report", tmp_path / "no" / "report.csv")

    assert error.returncode == 2
    assert row_counts() == before


def test_the_progress_bar_stays_off_when_output_is_not_a_terminal(run_import, capsys):
    run_import("teamkinetic", DATA / "teamkinetic-cp1252")

    assert "Volunteer-data.csv:" not in capsys.readouterr().err


def test_the_progress_bar_shows_on_a_terminal(db, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    call_command("import_data", "teamkinetic", str(DATA / "teamkinetic-cp1252"), stdout=Terminal())

    assert "Volunteer-data.csv:" in capsys.readouterr().err


def test_the_help_is_written_for_passport_import():
    parser = Command().create_parser("manage.py", "import_data")

    assert parser.format_help().startswith("usage: passport import")
    assert "Exit status: 0" in parser.format_help()


def passport(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/passport.sqlite3")
    return subprocess.run(
        [sys.executable, "-c", "import sys; from passport.cli import main; sys.exit(main())", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


def test_the_passport_command_exits_2_with_one_line_and_no_traceback(tmp_path):
    result = passport("import", "teamkinetic", str(DATA / "teamkinetic-missing-column"), tmp_path=tmp_path)

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "CommandError: Volunteer-data.csv is missing required columns: DOB, POSTCODE"
    ]


def test_each_import_has_its_own_help_under_passport_import(tmp_path):
    result = passport("import", "teamkinetic", "--help", tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: passport import teamkinetic")
    assert "--dry-run" in result.stdout and "--report FILE" in result.stdout
