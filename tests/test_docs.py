"""Commands and docs are code: every setting read is documented, and the README's commands exist."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
CONFIG_DOC = (ROOT / "docs" / "configuration.md").read_text()


def documented_names() -> set[str]:
    return set(re.findall(r"^\| `([A-Z_]+)` \|", CONFIG_DOC, flags=re.MULTILINE))


def test_every_setting_the_settings_module_reads_is_documented():
    missing = set(settings.SETTINGS_READ) - documented_names()
    assert not missing, f"Document these in docs/configuration.md: {sorted(missing)}"


def test_no_setting_is_documented_that_the_code_does_not_read():
    stale = documented_names() - set(settings.SETTINGS_READ)
    assert not stale, f"docs/configuration.md lists settings nothing reads: {sorted(stale)}"


def test_no_module_reads_the_environment_behind_the_settings_back():
    allowed = {"settings.py", "cli.py", "wsgi.py", "manage.py"}
    offenders = []
    for path in (ROOT / "passport").rglob("*.py"):
        if path.name in allowed or "tests" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, f"Read settings through passport.settings.env(): {offenders}"


def test_the_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def test_every_make_target_the_readme_names_exists():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.MULTILINE))
    named = set(re.findall(r"`make ([a-z-]+)`", (ROOT / "README.md").read_text()))
    assert named <= targets, f"README names make targets that do not exist: {sorted(named - targets)}"
