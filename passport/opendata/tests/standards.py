"""The shared standards, read where they live (../shared/standards beside the checkout), never copied in.

- Open Referral UK: JSON Schemas whose `$ref`s name each other by their published raw-file address; a local
  registry serves those addresses from the shared files, so validation never touches the network.
- volunteeringdata.io: our JSON-LD names the model's context by its published URL; for checking, that URL is
  answered with the shared context-v1.jsonld, and the resulting RDF is checked against vocabulary.ttl and
  shapes.ttl.
"""

import copy
import json
import warnings
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS = Path(settings.BASE_DIR).parent / "shared" / "standards"
ORUK = STANDARDS / "openreferral-uk"
VD = STANDARDS / "volunteeringdata"
ORUK_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
VD_NS = "https://id.volunteeringdata.io/schema/"


@cache
def oruk_registry() -> Registry:
    resources = []
    for path in sorted((ORUK / "schema").rglob("*.json")):
        if path.name == "openapi.json":
            continue
        uri = ORUK_BASE + path.relative_to(ORUK / "schema").as_posix()
        resources.append((uri, Resource.from_contents(json.loads(path.read_text()), DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def oruk_openapi() -> dict[str, Any]:
    return json.loads((ORUK / "schema" / "openapi.json").read_text())


def _close(schema: Any) -> Any:
    """A copy in which every object schema with properties allows no others: what the profile removed (phones,
    contacts on locations...) or never had must not appear in our output either."""
    if isinstance(schema, dict):
        closed = {k: _close(v) for k, v in schema.items()}
        if isinstance(schema.get("properties"), dict):
            closed["additionalProperties"] = False
        return closed
    if isinstance(schema, list):
        return [_close(v) for v in schema]
    return schema


def oruk_errors(instance: Any, name: str, *, strict: bool = True) -> list[str]:
    """Every way `instance` breaks the UK profile schema `name` (like "compiled/service.json")."""
    schema: dict[str, Any] = {"$ref": ORUK_BASE + name}
    if strict:
        # the closed copy keeps the file's address, so its relative $refs resolve beside it
        schema = {**_close(json.loads((ORUK / "schema" / name).read_text())), "$id": ORUK_BASE + name}
    validator = Draft202012Validator(
        schema, registry=oruk_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def oruk_page_errors(body: Any, item_schema: str) -> list[str]:
    """A page of results checked against the profile's OpenAPI Page schema, all of whose fields we send, and
    each item against `item_schema`."""
    page = copy.deepcopy(oruk_openapi()["components"]["schemas"]["Page"])
    page["required"] = sorted(page["properties"])
    page["properties"]["contents"] = {"type": "array"}
    page["additionalProperties"] = False
    errors = [f"page: {e.message}" for e in Draft202012Validator(page).iter_errors(body)]
    for i, item in enumerate(body.get("contents", [])):
        errors += [f"contents/{i}/{e}" for e in oruk_errors(item, item_schema)]
    return errors


# volunteeringdata.io ------------------------------------------------------------------------------------------


@cache
def vd_context() -> dict[str, Any]:
    return json.loads((VD / "context-v1.jsonld").read_text())["@context"]


def vd_example_context_url() -> str:
    return json.loads((VD / "examples" / "activity.json").read_text())["@context"]


def to_graph(document: dict[str, Any]) -> Any:
    """Parse our JSON-LD as RDF, answering the context URL with the shared context file."""
    from rdflib import Graph

    assert document["@context"] == vd_example_context_url(), document["@context"]
    local = {**document, "@context": vd_context()}
    with warnings.catch_warnings():  # rdflib's own parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=json.dumps(local), format="json-ld")


@cache
def vocabulary() -> Any:
    from rdflib import Graph

    return Graph().parse(VD / "vocabulary.ttl", format="turtle")


@cache
def shapes() -> Any:
    from rdflib import Graph

    return Graph().parse(VD / "shapes.ttl", format="turtle")


def undefined_terms(graph: Any) -> set[str]:
    """Predicates and classes in `graph` that the shared vocabulary does not define (the context's @vocab would
    otherwise turn any typo into a plausible-looking IRI)."""
    from rdflib import OWL, RDF

    vocab = vocabulary()
    properties = set(vocab.subjects(RDF.type, OWL.ObjectProperty)) | set(vocab.subjects(RDF.type, OWL.DatatypeProperty))
    classes = set(vocab.subjects(RDF.type, OWL.Class))
    missing = {str(p) for p in set(graph.predicates()) - {RDF.type} if p not in properties}
    missing |= {str(c) for c in graph.objects(None, RDF.type) if c not in classes}
    return missing


def shacl_results(graph: Any) -> list[dict[str, str]]:
    """The SHACL validation results of `graph` against shapes.ttl, one dict per result."""
    from pyshacl import validate
    from rdflib import SH

    _conforms, report, _text = validate(graph, shacl_graph=shapes())
    return [
        {
            "component": str(report.value(r, SH.sourceConstraintComponent)),
            "path": str(report.value(r, SH.resultPath)),
            "focus": str(report.value(r, SH.focusNode)),
        }
        for r in report.subjects(SH.resultSeverity, SH.Violation)
    ]
