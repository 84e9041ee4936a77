"""A local stand-in for the DBS Update Service status check, for tests and the demo. It listens on loopback
only and answers the same request shape as the real service, deciding by the certificate number:

- starts with 4: NEW_INFO; starts with 1: NO_MATCH_FOUND; starts with 9: a server error;
- anything else (12 digits): BLANK_NO_NEW_INFO.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

REQUIRED = ("dateOfBirth", "surname", "hasAgreedTermsAndConditions", "organisationName", "employeeForename",
            "employeeSurname")


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        prefix = "/crsc/api/status/"
        number = url.path[len(prefix):] if url.path.startswith(prefix) else ""
        query = parse_qs(url.query)
        if not (len(number) == 12 and number.isdigit()) or any(k not in query for k in REQUIRED):
            return self._reply(400, "<error>Bad request</error>")
        if query["hasAgreedTermsAndConditions"] != ["true"]:
            return self._reply(400, "<error>Terms not agreed</error>")
        if number.startswith("9"):
            return self._reply(500, "<error>Internal error</error>")
        status = {"4": "NEW_INFO", "1": "NO_MATCH_FOUND"}.get(number[0], "BLANK_NO_NEW_INFO")
        self.server.requests.append(number)  # type: ignore[attr-defined]
        self._reply(200, f"<statusCheckResult><statusCheckResultType>SUCCESS</statusCheckResultType>"
                         f"<status>{status}</status></statusCheckResult>")

    def _reply(self, code: int, body: str) -> None:
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


class StandIn:
    """Start with `with StandIn() as service:`; `service.url` is its base URL on 127.0.0.1."""

    def __init__(self, port: int = 0) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.server.requests = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[str]:
        return self.server.requests  # type: ignore[attr-defined]

    def __enter__(self) -> "StandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
