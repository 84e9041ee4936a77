"""A local stand-in for the GOV.UK Notify API, for tests. It listens on loopback only and answers the
endpoints our client uses, the way Notify does:

- `POST /v2/notifications/email` and `POST /v2/notifications/sms`: 201 with the notification (`id`,
  `reference`, `content`, `template`, `uri`), after checking the JWT bearer the client signs (HS256, the
  service id as `iss`, `iat` within 30 seconds), the template id and its personalisation, and the address or
  UK mobile number; 400 or 403 with Notify's error shape otherwise.
- `GET /v2/notifications?reference=...`: the notifications sent with that reference.

`fail_next(status, times)` makes the next sends fail with 429, 500, 400...; with `after_accepting=True` the
notification is stored before the error, as when Notify takes a message but the answer is lost.
`stall_next(seconds)` stores the next notification but answers late, to make the client time out.
"""

import json
import re
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt

EMAIL_TEMPLATE_ID = "4f2e7c1a-0b7d-4c1e-9a55-8d3b2f6e1a01"
SMS_TEMPLATE_ID = "9c0d5b3e-6a41-4f8e-b2d7-1e5a7c9f3b02"
TEMPLATES = {
    EMAIL_TEMPLATE_ID: ("email", "((subject))", "((body))"),
    SMS_TEMPLATE_ID: ("sms", "", "((body))"),
}
ERROR_NAMES = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError", 500: "Exception"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")


@dataclass
class _Failure:
    status: int  # 0: answer normally, only late
    after_accepting: bool
    delay: float = 0.0


def uk_mobile(number: str) -> str | None:
    """The number as 07..., or None when it is not a UK mobile number (Notify refuses those by default)."""
    digits = re.sub(r"[\s()+-]", "", number)
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits if re.fullmatch(r"07\d{9}", digits) else None


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        kind = {"/v2/notifications/email": "email", "/v2/notifications/sms": "sms"}.get(urlparse(self.path).path)
        if kind is None:
            return self._error(404, "Not found")
        if (problem := self._auth_problem()) is not None:
            return self._error(403, problem)
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        except ValueError:
            return self._error(400, "Invalid JSON supplied in POST data")
        failure = self.server.take_failure()
        if failure is not None and not failure.after_accepting:
            return self._error(failure.status, f"Stand-in failing with {failure.status} as asked")
        notification, problem = self._notification(kind, body)
        if problem:
            return self._error(400, problem)
        self.server.store(notification)
        if failure is not None and failure.delay:
            time.sleep(failure.delay)
        if failure is not None and failure.status:
            return self._error(failure.status, f"Stand-in failing with {failure.status} after accepting")
        self._reply(201, notification["response"])

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlparse(self.path)
        if url.path != "/v2/notifications":
            return self._error(404, "Not found")
        if (problem := self._auth_problem()) is not None:
            return self._error(403, problem)
        reference = parse_qs(url.query).get("reference", [None])[0]
        found = [n["record"] for n in self.server.notifications() if reference in (None, n["record"]["reference"])]
        self._reply(200, {"notifications": found, "links": {"current": f"{self.server.url}{self.path}"}})

    def _auth_problem(self) -> str | None:
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return "Unauthorized: authentication token must be provided"
        try:
            claims = jwt.decode(token, self.server.secret, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return "Invalid token: signature, api token not found"
        if claims.get("iss") != self.server.service_id:
            return "Invalid token: service not found"
        if abs(time.time() - float(claims.get("iat", 0))) > 30:
            return "Error: Your system clock must be accurate to within 30 seconds"
        self.server.tokens.append(token)
        return None

    def _notification(self, kind: str, body: Any) -> tuple[dict[str, Any], str]:
        if not isinstance(body, dict):
            return {}, "Invalid JSON supplied in POST data"
        template = TEMPLATES.get(str(body.get("template_id")))
        if template is None or template[0] != kind:
            return {}, "template_id Template not found"
        personalisation = body.get("personalisation") or {}
        needed = set(PLACEHOLDER.findall(template[1] + template[2]))
        if missing := sorted(needed - set(personalisation)):
            return {}, f"Missing personalisation: {', '.join(missing)}"
        to = str(body.get("email_address" if kind == "email" else "phone_number", ""))
        if kind == "email" and not EMAIL.match(to):
            return {}, "email_address Not a valid email address"
        if kind == "sms" and uk_mobile(to) is None:
            return {}, "phone_number Not a UK mobile number"

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: str(personalisation.get(m.group(1), "")), text)

        notification_id = str(uuid.uuid4())
        reference = body.get("reference")
        uri = f"{self.server.url}/v2/notifications/{notification_id}"
        content = ({"subject": fill(template[1]), "body": fill(template[2]), "from_email": "passport@notify.test",
                    "one_click_unsubscribe_url": None} if kind == "email"
                   else {"body": fill(template[2]), "from_number": "GOVUK"})
        template_info = {"id": body["template_id"], "version": 1, "uri": f"{self.server.url}/v2/template/x"}
        response = {"id": notification_id, "reference": reference, "content": content, "uri": uri,
                    "template": template_info, "scheduled_for": None}
        record = {"id": notification_id, "reference": reference, "type": kind, "status": "created",
                  ("email_address" if kind == "email" else "phone_number"): to, "body": content["body"],
                  "subject": content.get("subject"), "template": template_info}
        return {"id": notification_id, "type": kind, "to": to, "reference": reference,
                "personalisation": personalisation, "content": content, "record": record,
                "response": response}, ""

    def _error(self, status: int, message: str) -> None:
        error = ERROR_NAMES.get(status, "Exception" if status >= 500 else "BadRequestError")
        self._reply(status, {"status_code": status, "errors": [{"error": error, "message": message}]})

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, service_id: str, secret: str) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.service_id = service_id
        self.secret = secret
        self.tokens: list[str] = []
        self.failures: list[_Failure] = []
        self.sent: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.busy = 0  # requests being answered

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def take_failure(self) -> _Failure | None:
        with self.lock:
            return self.failures.pop(0) if self.failures else None

    def store(self, notification: dict[str, Any]) -> None:
        with self.lock:
            self.sent.append(notification)

    def notifications(self) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.sent)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self.busy += 1
        try:
            super().process_request_thread(request, client_address)  # handle_error, if any, runs inside
        finally:
            with self.lock:
                self.busy -= 1

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up before the answer (a stalled send, a worker killed by a crash test) is expected
        here, as Notify expects it: not an error to print. Anything else is still printed."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class NotifyStandIn:
    """Start with `with NotifyStandIn() as notify:`; point NOTIFY_BASE_URL at `notify.url` and NOTIFY_API_KEY
    at `notify.api_key`, which is shaped like a real key: name, service id, secret."""

    email_template_id = EMAIL_TEMPLATE_ID
    sms_template_id = SMS_TEMPLATE_ID

    def __init__(self, port: int = 0) -> None:
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.server = _Server(port, self.service_id, self.secret)
        # A short poll interval makes shutdown quick, which tests do once each.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def api_key(self) -> str:
        return f"standin-{self.service_id}-{self.secret}"

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every notification accepted so far: id, type, to, reference, personalisation, content."""
        return self.server.notifications()

    @property
    def tokens(self) -> list[str]:
        """Every bearer token that passed the check."""
        return list(self.server.tokens)

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Return once no request is being answered (a stalled one included)."""
        deadline = time.monotonic() + timeout
        while self.server.busy:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the Notify stand-in was still answering after {timeout} s")
            time.sleep(0.01)

    def fail_next(self, status: int, times: int = 1, *, after_accepting: bool = False) -> None:
        with self.server.lock:
            self.server.failures.extend(_Failure(status, after_accepting) for _ in range(times))

    def stall_next(self, seconds: float, times: int = 1) -> None:
        """Accept the next sends but answer only after `seconds`, as a Notify too slow for the client's timeout."""
        with self.server.lock:
            self.server.failures.extend(_Failure(0, True, seconds) for _ in range(times))

    def __enter__(self) -> "NotifyStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
