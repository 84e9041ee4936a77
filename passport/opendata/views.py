"""Open data downloads and the Open Referral UK directory API. All public, read-only, and free of personal
data; every error in the Open Referral API is an RFC 9457 problem naming the parameter at fault."""

import csv
import json
import math
import uuid
from collections.abc import Callable, Iterator
from functools import wraps
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from passport.api.problems import INVALID_INPUT, problem
from passport.core.models import LocalAuthority
from passport.core.taxonomy import DAYS
from passport.opendata import concepts, csvexport, openreferral, selectors, volunteeringdata

CHUNK = 500  # opportunities read per query while streaming a download
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
CACHE = "public, max-age=300"


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET or HEAD only; any site may read it from a browser (no cookies are involved); caches may keep it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response = problem(405, "This path accepts GET and HEAD", headers={"Allow": "GET, HEAD"})
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if response.status_code == 200:
            response["Cache-Control"] = CACHE
        return response

    return wrapper


def _all_areas() -> dict[str, LocalAuthority]:
    return {la.code: la for la in LocalAuthority.objects.all()}


# Downloads ---------------------------------------------------------------------------------------------------


@_public
def opportunities_jsonld(request: HttpRequest) -> StreamingHttpResponse:
    """Every open opportunity as one volunteeringdata.io JSON-LD document, streamed."""

    def chunks() -> Iterator[str]:
        yield '{"@context": ' + json.dumps(volunteeringdata.CONTEXT_URL) + ', "@graph": ['
        for i, opportunity in enumerate(selectors.open_opportunities().iterator(chunk_size=CHUNK)):
            yield ("," if i else "") + "\n" + json.dumps(volunteeringdata.activity(opportunity), cls=DjangoJSONEncoder)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type=volunteeringdata.CONTENT_TYPE)
    response["Content-Disposition"] = 'inline; filename="opportunities.jsonld"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


@_public
def opportunities_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every open opportunity as CSV (UTF-8, a header row, columns in docs/open-data.md), streamed."""
    writer = csv.writer(_Echo())
    opportunities = selectors.open_opportunities().iterator(chunk_size=CHUNK)
    lines = (writer.writerow(row) for row in csvexport.rows(opportunities, _all_areas()))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opportunities.csv"'
    return response


@_public
def concepts_jsonld(request: HttpRequest) -> JsonResponse:
    """Our controlled lists: the concepts our skills, causes, requirements and rewards point at."""
    graph: list[dict[str, Any]] = []
    for scheme in concepts.SCHEMES:
        members = [c for c in concepts.all_concepts() if c.scheme == scheme]
        graph.append({"id": concepts.scheme_iri(scheme.key), "type": "ConceptScheme", "label": scheme.name,
                      "description": scheme.description, "topConcept": [{"id": c.iri} for c in members]})
        graph += [{"id": c.iri, "type": scheme.vd_class or "Concept", "label": c.label} for c in members]
    return JsonResponse(volunteeringdata.document(graph), content_type=volunteeringdata.CONTENT_TYPE)


# Open Referral UK --------------------------------------------------------------------------------------------


class BadParameter(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _bad_request(errors: list[BadParameter]) -> HttpResponse:
    detail = errors[0].message if len(errors) == 1 else "There is a problem with what you sent: see errors"
    return problem(400, detail, type_=INVALID_INPUT, title="Your request has a problem",
                   errors=[{"field": f"query.{e.field}", "message": e.message} for e in errors])


def _not_found() -> HttpResponse:
    return problem(404, "There is nothing here: it may have closed, or the id is wrong")


@_public
def oruk_unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(404, "There is nothing here: see docs/open-data.md for the Open Referral paths")


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int, message: str) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, message) from None
    if not low <= value <= high:
        raise BadParameter(name, message)
    return value


def _parse(request: HttpRequest, *parsers: Callable[[HttpRequest], Any]) -> tuple[list[Any], list[BadParameter]]:
    values, errors = [], []
    for parse in parsers:
        try:
            values.append(parse(request))
        except BadParameter as error:
            errors.append(error)
            values.append(None)
    return values, errors


def _page(request: HttpRequest) -> int:
    return _whole(request, "page", 1, 1, 10**9, "Page must be a whole number, 1 or more")


def _per_page(request: HttpRequest) -> int:
    return _whole(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE,
                  f"Per page must be a whole number from 1 to {MAX_PER_PAGE}")


def _uuid(request: HttpRequest, name: str, label: str) -> str:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return ""
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        message = f"{label} must be a UUID from /openreferral/taxonomy_terms or /openreferral/taxonomies"
        raise BadParameter(name, message) from None


def _filter(request: HttpRequest) -> selectors.OpenFilter:
    search = request.GET.get("search", "").strip()
    if len(search) > 200:
        raise BadParameter("search", "Search must be 200 characters or fewer")
    return selectors.OpenFilter(search=search)


def _term(request: HttpRequest) -> concepts.Concept | None | bool:
    """The concept a taxonomy_term_id names; False when it names none of ours; None when not given."""
    term_id = _uuid(request, "taxonomy_term_id", "Taxonomy term id")
    if not term_id:
        return None
    return concepts.term_by_uuid(term_id) or False


def _taxonomy(request: HttpRequest) -> concepts.Scheme | None | bool:
    taxonomy_id = _uuid(request, "taxonomy_id", "Taxonomy id")
    if not taxonomy_id:
        return None
    return concepts.scheme_by_uuid(taxonomy_id) or False


def _minimum_age(request: HttpRequest) -> int | None:
    raw = request.GET.get("minimum_age", "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadParameter("minimum_age", "Minimum age must be a number of years, like 18") from None
    if not math.isfinite(value) or not 0 <= value <= 150:
        raise BadParameter("minimum_age", "Minimum age must be a number of years, like 18")
    return math.ceil(value)


_DAY_CODES = {**{d: d for d in DAYS}, **{d[:2]: d for d in DAYS}}


def _day(request: HttpRequest) -> str:
    raw = request.GET.get("day", "").strip().lower()
    if not raw:
        return ""
    if raw not in _DAY_CODES:
        raise BadParameter("day", "Day must be a day of the week, like monday or MO")
    return _DAY_CODES[raw]


def _apply_concepts(qs: Any, term: Any, scheme: Any) -> Any:
    if term is False or scheme is False:
        return qs.none()
    if term is not None:
        qs = _filter_by_concept(qs, term)
    if scheme is not None:
        qs = _filter_by_scheme(qs, scheme)
    return qs


def _filter_by_concept(qs: Any, term: concepts.Concept) -> Any:
    key = term.scheme.key
    if key == "cause":
        return qs.filter(cause_id=term.code)
    if key == "stream":
        return qs.filter(stream=term.code)
    if key == "skill":
        return qs.filter(Q(required_skills=term.code) | Q(desirable_skills=term.code)).distinct()
    if key == "reward":
        return qs.filter(paid_youth_placement=True)
    if term.code.startswith("dbs-"):
        return qs.filter(min_dbs_level=term.code.removeprefix("dbs-"))
    return qs.filter(min_age=int(term.code.removeprefix("minimum-age-")))


def _filter_by_scheme(qs: Any, scheme: concepts.Scheme) -> Any:
    if scheme.key == "reward":
        return qs.filter(paid_youth_placement=True)
    if scheme.key == "skill":
        return qs.filter(Q(required_skills__isnull=False) | Q(desirable_skills__isnull=False)).distinct()
    return qs  # every service has a cause, a stream and a minimum age


@_public
def oruk_root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openreferral.api_info())


@_public
def oruk_services(request: HttpRequest) -> HttpResponse:
    (page, per_page, flt, term, scheme, min_age, day), errors = _parse(
        request, _page, _per_page, _filter, _term, _taxonomy, _minimum_age, _day
    )
    if errors:
        return _bad_request(errors)
    flt = selectors.OpenFilter(search=flt.search, min_age_at_least=min_age, day=day or "")
    qs = _apply_concepts(selectors.open_opportunities(flt), term, scheme)
    total = qs.count()
    offset = (page - 1) * per_page
    items = [openreferral.service_summary(o) for o in qs[offset:offset + per_page]] if offset < total else []
    return JsonResponse(openreferral.page(items, total=total, page_number=page, per_page=per_page))


def _uuid_or_none(raw: str) -> str | None:
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        return None


@_public
def oruk_service(request: HttpRequest, service_id: str) -> HttpResponse:
    pk = _uuid_or_none(service_id)
    opportunity = selectors.published_opportunity(pk) if pk else None
    if opportunity is None:
        return _not_found()
    areas = selectors.local_authorities({opportunity.la_code})
    return JsonResponse(openreferral.service_full(opportunity, areas))


def _paged(request: HttpRequest, items: list[dict[str, Any]]) -> HttpResponse:
    (page, per_page), errors = _parse(request, _page, _per_page)
    if errors:
        return _bad_request(errors)
    offset = (page - 1) * per_page
    return JsonResponse(openreferral.page(items[offset:offset + per_page], total=len(items), page_number=page,
                                          per_page=per_page))


@_public
def oruk_taxonomies(request: HttpRequest) -> HttpResponse:
    return _paged(request, [openreferral.taxonomy(s) for s in concepts.SCHEMES])


@_public
def oruk_taxonomy(request: HttpRequest, taxonomy_id: str) -> HttpResponse:
    scheme = concepts.scheme_by_uuid(taxonomy_id)
    if scheme is None:
        return _not_found()
    return JsonResponse(openreferral.taxonomy(scheme, with_terms=True))


@_public
def oruk_taxonomy_terms(request: HttpRequest) -> HttpResponse:
    return _paged(request, [openreferral.taxonomy_term(c) for c in concepts.all_concepts()])


@_public
def oruk_taxonomy_term(request: HttpRequest, term_id: str) -> HttpResponse:
    concept = concepts.term_by_uuid(term_id)
    if concept is None:
        return _not_found()
    return JsonResponse(openreferral.taxonomy_term(concept))
