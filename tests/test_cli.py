"""The `passport` command: help is the reference, and failures are one line and a non-zero exit."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from passport.cli import main; sys.exit(main())", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


def test_help_lists_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "import", "bench"):
        assert f"  {command}" in result.stdout


def test_each_command_has_its_own_help():
    for command in ("serve", "worker"):
        result = run(command, "--help")
        assert result.returncode == 0, result.stderr
        assert "usage: passport" in result.stdout


def test_a_broken_database_gives_one_line_and_a_non_zero_exit(tmp_path):
    import os

    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/empty.sqlite3")
    result = run("worker", "--once", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("passport worker: the database is not ready")
