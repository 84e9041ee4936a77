"""The checks `make lint` runs are part of the suite, so `make test` and CI fail when one breaks: layering is
enforced (the import contracts in pyproject.toml), not hoped for."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [
    ["lint-imports"],
    ["ruff", "check", "passport", "tests", "bench"],
    ["mypy"],
], ids=lambda command: command[0])
def test_the_check_passes(command):
    # Each tool reads its settings from pyproject.toml.
    done = subprocess.run([str(BIN / command[0]), *command[1:]], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
