"""docs/import.md is the reference for the columns and the tag table: it must say what the code does."""

import re
from pathlib import Path

from passport.imports import plaincsv
from passport.imports.tags import CAUSE_TAGS, SKILL_TAGS
from passport.imports.teamkinetic.files import OPTIONAL, REQUIRED

DOC = (Path(__file__).resolve().parents[3] / "docs" / "import.md").read_text()


def test_the_tag_table_in_the_docs_is_the_one_the_code_uses():
    documented = {
        (tag, kind, code) for tag, kind, code in re.findall(r"^\| ([a-z &]+) \| (cause|skill) \| `([a-z-]+)`", DOC,
                                                            flags=re.MULTILINE)
    }
    in_code = {(tag, "cause", code) for tag, code in CAUSE_TAGS.items()} | {
        (tag, "skill", code) for tag, code in SKILL_TAGS.items()
    }
    assert documented == in_code


def test_every_teamkinetic_column_we_read_is_documented():
    for file, columns in REQUIRED.items():
        section = DOC.split(f"### {file}")[1].split("\n### ")[0]
        for column in columns + OPTIONAL[file]:
            assert f"`{column}`" in section, f"{column} of {file} is not in its section of docs/import.md"


def test_every_volunteers_csv_column_is_documented():
    section = DOC.split("## A plain CSV of volunteers")[1]
    for column in plaincsv.REQUIRED + plaincsv.OPTIONAL:
        assert f"| `{column}` |" in section
