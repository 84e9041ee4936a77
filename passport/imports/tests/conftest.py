"""Running `passport import` as a test would: through call_command, catching the exit status."""

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

DATA = Path(__file__).parent / "data"
TEAMKINETIC = DATA / "teamkinetic"
OUTCOMES = ("imported", "updated", "unchanged", "skipped", "duplicates", "rejected")


@dataclass
class Result:
    status: int
    out: str
    err: str

    def counts(self, file: str) -> dict[str, int]:
        """The summary line for one file, as {"imported": 4, ...}."""
        match = re.search(rf"^{re.escape(file)}\s+((?:\d+\s+){{5}}\d+)$", self.out, flags=re.MULTILINE)
        assert match, f"No summary line for {file} in:\n{self.out}"
        return dict(zip(OUTCOMES, map(int, match[1].split()), strict=True))

    def lines_about(self, file: str) -> dict[int, str]:
        """Reported rows of one file: {line number: the text after it}."""
        found = re.findall(rf"^{re.escape(file)} line (\d+): (.*)$", self.out, flags=re.MULTILINE)
        return {int(line): text for line, text in found}


@pytest.fixture
def run_import(db):
    def run(*args: object) -> Result:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_data", *map(str, args), stdout=out, stderr=err)
            status = 0
        except SystemExit as exit_:
            status = int(exit_.code or 0)
        return Result(status, out.getvalue(), err.getvalue())

    return run


@pytest.fixture
def export_copy(tmp_path) -> Path:
    """A copy of the TeamKinetic fixture export that a test may change."""
    target = tmp_path / "export"
    shutil.copytree(TEAMKINETIC, target)
    return target


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}
