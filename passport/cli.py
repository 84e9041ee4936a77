"""The `passport` command: the front door to the service's operations.

Each subcommand is a Django management command underneath, so `passport <command> --help` is its
reference. Any other Django command (migrate, createsuperuser, ...) runs too.
"""

import os
import sys

COMMANDS = {
    "demo": ("demo", "Migrate, load demo data, print persona sign-in links and serve on http://127.0.0.1:8000"),
    "serve": ("serve", "Serve the site with waitress"),
    "worker": ("worker", "Run the background worker (scheduled jobs and queued tasks)"),
    "import": ("import_data", "Import volunteers, organisations and opportunities from other systems"),
    "credential": ("credential", "Verify a credential offline, rotate the signing key, revoke a credential"),
    "bench": ("bench", "Run a benchmark and print its figures as ratios against a baseline"),
    "migrate": ("migrate", "Create or update the database tables"),
}

USAGE = "usage: passport <command> [options]\n\ncommands:\n" + "\n".join(
    f"  {name:<9} {text}" for name, (_cmd, text) in COMMANDS.items()
) + (
    "\n\n`passport <command> --help` describes each command. Other Django management commands also run,"
    "\nfor example `passport createsuperuser`. Settings come from environment variables: see"
    "\ndocs/configuration.md."
)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0
    name, rest = args[0], args[1:]
    if name == "demo":
        # The demo shows the outbox to everyone, so people can follow the sign-in links it holds.
        os.environ.setdefault("OUTBOX_PUBLIC", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passport.settings")
    from django.core.management import ManagementUtility

    command = COMMANDS.get(name, (name, ""))[0]
    try:
        ManagementUtility(["passport", command, *rest]).execute()
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # one line for people; `--traceback` shows the whole story
        if "--traceback" in rest:
            raise
        print(f"passport {name}: {_reason(error)}", file=sys.stderr)
        return 1
    return 0


def _reason(error: Exception) -> str:
    from django.db import DatabaseError

    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, DatabaseError):
        return f"the database is not ready ({first_line}). Run `passport migrate`, or check DATABASE_URL."
    return f"{first_line} (run again with --traceback for details)"


if __name__ == "__main__":
    sys.exit(main())
