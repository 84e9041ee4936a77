"""The API describes itself: OpenAPI at /api/v1/openapi.json and Swagger UI at /api/v1/docs."""

import json
import re

import pytest

from passport.api.tests.problem import problem_of

PATHS = {
    "/api/v1/opportunities": {"get"},
    "/api/v1/opportunities/{opportunity_id}": {"get"},
    "/api/v1/opportunities/{opportunity_id}/applications": {"post"},
    "/api/v1/opportunities/{opportunity_id}/applicants": {"get"},
    "/api/v1/applications/{application_id}/decision": {"post"},
    "/api/v1/me/profile": {"get"},
    "/api/v1/me/applications": {"get"},
    "/api/v1/organisations/mine": {"get"},
    "/api/v1/organisations/{organisation_id}/opportunities": {"get"},
    "/api/v1/open/opportunities": {"get"},
}

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_schema_lists_every_path_and_method(schema):
    assert schema["openapi"].startswith("3.")
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS


def test_every_operation_has_a_summary_written_as_a_sentence(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            summary = operation.get("summary", "")
            # ninja's fallback is the function name in Title Case, like "Search Opportunities"
            assert summary[:1].isupper() and summary != summary.title(), (method, path, summary)


def test_the_search_documents_each_query_parameter(schema):
    parameters = schema["paths"]["/api/v1/opportunities"]["get"]["parameters"]

    assert {p["name"] for p in parameters} == {"postcode", "radius_miles", "stream", "cause", "skill", "day", "time",
                                                "remote", "page", "page_size"}
    assert all(p["in"] == "query" for p in parameters)


def test_signed_in_operations_declare_the_session_cookie(schema):
    public = {("/api/v1/opportunities", "get"), ("/api/v1/opportunities/{opportunity_id}", "get"),
              ("/api/v1/open/opportunities", "get")}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert bool(operation.get("security")) == ((path, method) not in public), (method, path)


def test_the_docs_page_loads_its_scripts_from_our_own_origin_so_the_csp_allows_them(client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()

    assert response.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('type="application/json"' in s or 'src="/api/v1/docs/' in s for s in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    for src in re.findall(r'(?:src|href)="(/api/v1/docs/[^"]+)"', html):
        asset = client.get(src)
        assert asset.status_code == 200, src
        assert b"".join(asset.streaming_content)


def test_the_docs_serve_only_swagger_assets(client):
    problem_of(client.get("/api/v1/docs/..%2F__init__.py"), 404)
    problem_of(client.get("/api/v1/docs/redoc.standalone.js.map"), 404)
