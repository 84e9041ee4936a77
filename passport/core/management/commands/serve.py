"""`passport serve`: serve the site with waitress, a production-grade pure-Python WSGI server."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Volunteer Passport over HTTP (default http://127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000)")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8)")

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve

        from passport.wsgi import application

        self.stdout.write(f"Serving on http://{host}:{port} (database: {settings.DATABASES['default']['ENGINE']})")
        self.stdout.write("Press Ctrl+C to stop.")
        serve(application, host=host, port=port, threads=threads, ident="volunteer-passport")
