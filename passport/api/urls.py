"""The /api/v1 surface (django-ninja). Routers are thin: they parse input and call services and selectors."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, re_path
from ninja import NinjaAPI

from passport.api import applications, docs, me, opportunities, organisations, problems
from passport.opendata import api as opendata_api


def _problems_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Errors ninja answers outside its exception handlers (405, the API root's 404) as problems too."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _not_found(request)
        if response.status_code == 405 and response.get("Content-Type", "") != problems.CONTENT_TYPE:
            allowed = response.get("Allow", "")
            return problems.problem(405, f"This path accepts {allowed or 'other methods'}",
                                    headers={"Allow": allowed})
        return response

    return wrapper


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problems.problem(404, "There is nothing here: see the docs for the API's paths")


class ProblemAPI(NinjaAPI):
    """A NinjaAPI whose every error, even for a path it does not know, is application/problem+json."""

    def _get_urls(self) -> list[Any]:
        patterns = [path("docs/<str:name>", docs.asset, name="docs-asset"), *super()._get_urls()]
        wrapped = [
            URLPattern(p.pattern, _problems_only(p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern) else p
            for p in patterns
        ]
        return [*wrapped, re_path(r"^.*$", _not_found)]


api = ProblemAPI(
    title="Volunteer Passport API",
    version="1",
    description=(
        "Public opportunity search, and the signed-in volunteer's and coordinator's own data. "
        "Signed-in calls use the website's session cookie; unsafe methods need the X-CSRFToken header. "
        "Every error is an RFC 9457 problem (application/problem+json) whose `errors` name the field at fault."
    ),
    urls_namespace="api",
    docs=docs.LocalSwagger(),
)
problems.install(api)
api.add_router("", opportunities.router)
api.add_router("", applications.router)
api.add_router("", me.router)
api.add_router("", organisations.router)
api.add_router("", opendata_api.router)
