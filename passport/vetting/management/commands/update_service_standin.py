"""`passport update_service_standin`: run the local DBS Update Service stand-in, for the demo and for trying
status checks without the real service. Point the worker at it with DBS_UPDATE_SERVICE_URL."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from passport.vetting.standin import StandIn


class Command(BaseCommand):
    help = (
        "Serve a stand-in for the DBS Update Service status check on 127.0.0.1 (certificate numbers starting "
        "4 have new information, 1 are not found, 9 fail; others have no new information). Then run the worker "
        "with DBS_UPDATE_SERVICE_URL=http://127.0.0.1:PORT."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8099, help="Port on 127.0.0.1 (default 8099)")

    def handle(self, *args: Any, port: int, **options: Any) -> None:
        with StandIn(port=port) as standin:
            self.stdout.write(f"DBS Update Service stand-in on {standin.url}. Press Ctrl+C to stop.")
            self.stdout.write(f"Run the worker with DBS_UPDATE_SERVICE_URL={standin.url}")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
