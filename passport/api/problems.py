"""Every API error as an RFC 9457 problem: `application/problem+json` with type, title, status, detail and
`errors` naming the field at fault ("query.postcode", "body.message"), so clients can point at it.

The handlers are installed on the NinjaAPI object; nothing here leaks a traceback.
"""

import logging
from collections.abc import Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Any

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from passport.opportunities.services import NotEligible

logger = logging.getLogger("passport.api")

CONTENT_TYPE = "application/problem+json"
BLANK = "about:blank"
# Stable, never dereferenced identifiers (RFC 9457 3.1.1) for the problems a client may want to tell apart.
INVALID_INPUT = "tag:volunteer-passport,2026:problems/invalid-input"
NOT_ELIGIBLE = "tag:volunteer-passport,2026:problems/not-eligible"

# What a person should do when a parameter is wrong, for errors the schema's own validators do not word.
FIELD_MESSAGES: dict[str, str] = {
    "postcode": "Enter a real postcode, like SW1A 1AA",
    "radius_miles": "Radius must be a number of miles more than 0 and no more than 100, like 10",
    "page": "Page must be a whole number, 1 or more",
    "page_size": "Page size must be a whole number from 1 to 100",
    "remote": "Remote must be include, exclude or only",
    "day": "Day must be a day of the week, like monday",
    "time": "Time must be morning, afternoon or evening",
    "decision": "Decision must be accept or decline",
}
TYPE_MESSAGES: dict[str, str] = {
    "string_too_long": "{label} must be {max_length:,} characters or fewer",
    "string_type": "{label} must be text",
    "missing": "Enter {label_lower}",
}


def problem(
    status: int,
    detail: str,
    *,
    type_: str = BLANK,
    title: str | None = None,
    errors: Sequence[Mapping[str, Any]] = (),
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> HttpResponse:
    """A problem+json response. With type about:blank the title is the HTTP status phrase, as RFC 9457 asks."""
    body = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "errors": [dict(e) for e in errors],
        **extra,
    }
    response = HttpResponse(
        DjangoJSONEncoder().encode(body).encode(), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def field_path(loc: Iterable[Any], body_params: Iterable[str] = ("payload",)) -> str:
    """('query', 'postcode') -> 'query.postcode'; ('body', 'payload', 'message') -> 'body.message'.

    ninja puts the view's body parameter name in the location; every router calls it `payload`."""
    parts = [str(p) for p in loc]
    if len(parts) >= 2 and parts[0] == "body" and parts[1] in body_params:
        del parts[1]
    return ".".join(parts)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def human_message(error: Mapping[str, Any]) -> str:
    """A pydantic error in words a person understands."""
    kind = error.get("type", "")
    if kind == "value_error" and "error" in error.get("ctx", {}):
        return str(error["ctx"]["error"])
    if kind.startswith("passport_"):  # our own validators already use GOV.UK wording
        return str(error.get("msg", ""))
    loc = [str(p) for p in error.get("loc", ())]
    name = loc[-1] if loc else ""
    if name in FIELD_MESSAGES:
        return FIELD_MESSAGES[name]
    if kind == "missing" and loc[:1] == ["body"] and len(loc) <= 2:
        return "Send a JSON request body"
    if kind in TYPE_MESSAGES:
        ctx = {"max_length": 0, **error.get("ctx", {})}
        return TYPE_MESSAGES[kind].format(label=_label(name), label_lower=_label(name).lower(), **ctx)
    return f"{_label(name)} is not valid: {error.get('msg', 'check it and try again')}"


def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [{"field": field_path(e.get("loc", ())), "message": human_message(e)} for e in exc.errors]
    detail = errors[0]["message"] if len(errors) == 1 else "There is a problem with what you sent: see errors"
    return problem(422, detail, type_=INVALID_INPUT, title="Your request has a problem", errors=errors)


def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A service refused the request; its error dict names the fields of the body."""
    pairs: list[tuple[str | None, str]] = []
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            pairs += [(None if key == NON_FIELD_ERRORS else f"body.{key}", m) for m in messages]
    else:
        pairs = [(None, m) for m in exc.messages]
    errors = [{"field": field, "message": message} for field, message in pairs]
    reasons = [message for _field, message in pairs]
    if isinstance(exc, NotEligible):
        return problem(422, reasons[0] if len(reasons) == 1 else "You cannot apply: see reasons",
                       type_=NOT_ELIGIBLE, title="You cannot apply for this opportunity", errors=errors,
                       reasons=reasons)
    detail = reasons[0] if len(reasons) == 1 else "There is a problem with what you sent: see errors"
    return problem(422, detail, type_=INVALID_INPUT, title="Your request has a problem", errors=errors)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, "There is nothing here, or you do not have access to it")


def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    # RFC 9110 asks a 401 to name a scheme: ours is the session cookie set by signing in.
    return problem(401, "Sign in to use this part of the API", headers={"WWW-Authenticate": 'Cookie realm="api"'})


def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    message = str(exc) if str(exc) and str(exc) != "Forbidden" else "You do not have permission to do this"
    return problem(403, message)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and "CSRF" in exc.message:
        return problem(403, "The request was missing a valid CSRF token: send the X-CSRFToken header")
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        return problem(400, "The request body must be valid JSON")
    headers = {}
    wait = getattr(exc, "wait", None)
    if exc.status_code == 429 and wait is not None:
        headers["Retry-After"] = str(int(wait) + 1)
    return problem(exc.status_code, exc.message, headers=headers)


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return problem(413, "The request body is too large")
    return problem(400, "The request could not be understood")


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return problem(500, "Something went wrong on our side. Try again later")


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers (which answer plain JSON, or a traceback under DEBUG)."""
    api.add_exception_handler(NinjaValidationError, _validation)
    api.add_exception_handler(DjangoValidationError, _django_validation)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ObjectDoesNotExist, _not_found)
    api.add_exception_handler(AuthenticationError, _unauthenticated)
    api.add_exception_handler(AuthorizationError, _forbidden)
    api.add_exception_handler(PermissionDenied, _forbidden)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(SuspiciousOperation, _suspicious)
    api.add_exception_handler(Exception, _server_error)
