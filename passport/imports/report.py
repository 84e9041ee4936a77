"""What an import did, row by row: counts per file, the rows a person must look at, and the notes.

Rows are reported by file and line, with the column and the value that was wrong. The values shown are the
ones that caused the problem and nothing more: never a whole row, so nothing we refuse to import (such as
DBS check data) can leak into the terminal or the report file.
"""

from __future__ import annotations

import csv
import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class Outcome(enum.StrEnum):
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


# Rows with these outcomes were not imported and need a person to look at them.
NEEDS_ATTENTION = (Outcome.DUPLICATE, Outcome.REJECTED)
HEADINGS = {outcome: "duplicates" if outcome == Outcome.DUPLICATE else outcome.value for outcome in Outcome}
SECTION_TITLES = {
    Outcome.REJECTED: "Rejected rows (not imported):",
    Outcome.DUPLICATE: "Duplicates (not imported):",
    Outcome.SKIPPED: "Skipped rows:",
}


def _short(value: str, limit: int = 60) -> str:
    # Control characters out, so a value cannot move the cursor or recolour the terminal.
    value = " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _cell(value: str) -> str:
    """A value for the report file that a spreadsheet will show, not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass(frozen=True)
class Issue:
    reason: str
    column: str = ""
    value: str = ""

    def text(self) -> str:
        return f'{self.reason} ({self.column} "{_short(self.value)}")' if self.column else self.reason


@dataclass(frozen=True)
class Entry:
    file: str
    line: int
    outcome: Outcome
    issues: tuple[Issue, ...]

    def text(self) -> str:
        return f"{self.file} line {self.line}: " + "; ".join(issue.text() for issue in self.issues)


@dataclass
class FileReport:
    name: str
    counts: Counter[Outcome] = field(default_factory=Counter)
    entries: list[Entry] = field(default_factory=list)

    def add(self, line: int, outcome: Outcome, *issues: Issue) -> None:
        self.counts[outcome] += 1
        if issues:
            self.entries.append(Entry(self.name, line, outcome, tuple(issues)))


@dataclass
class ImportReport:
    title: str
    dry_run: bool = False
    files: dict[str, FileReport] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)  # what was read, and how
    notes: list[str] = field(default_factory=list)  # what was deliberately not imported, and other counts

    def file(self, name: str) -> FileReport:
        return self.files.setdefault(name, FileReport(name))

    def count(self, outcome: Outcome) -> int:
        return sum(report.counts[outcome] for report in self.files.values())

    def entries(self, outcome: Outcome | None = None) -> list[Entry]:
        return [
            entry
            for report in self.files.values()
            for entry in sorted(report.entries, key=lambda e: e.line)
            if outcome is None or entry.outcome == outcome
        ]

    @property
    def exit_status(self) -> int:
        """0 when every row was good; 1 when some rows were rejected or flagged as duplicates."""
        return 1 if any(self.count(outcome) for outcome in NEEDS_ATTENTION) else 0

    def render(self) -> str:
        width = max([len(name) for name in self.files] + [4])
        lines = [self.title, *self.preamble, ""]
        lines.append(f"{'file':<{width}}  " + "  ".join(HEADINGS.values()))
        for name, report in self.files.items():
            lines.append(f"{name:<{width}}  " + "  ".join(f"{report.counts[o]:>{len(HEADINGS[o])}}" for o in Outcome))
        if self.notes:
            lines += ["", *self.notes]
        for outcome, title in SECTION_TITLES.items():
            entries = self.entries(outcome)
            if entries:
                lines += ["", title, *(entry.text() for entry in entries)]
        if self.dry_run:
            lines += ["", "Dry run: nothing was saved. Run again without --dry-run to import."]
        return "\n".join(lines) + "\n"

    def write_csv(self, path: Path) -> None:
        """Rows that were not imported, one line per problem, for fixing the export and importing it again."""
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["file", "line", "outcome", "column", "value", "reason"])
            for entry in self.entries():
                for issue in entry.issues:
                    writer.writerow([entry.file, entry.line, entry.outcome.value, issue.column, _cell(issue.value),
                                     issue.reason])


def plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"
