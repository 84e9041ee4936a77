"""Assertions about RFC 9457 problem responses."""

import json

PROBLEM_KEYS = {"type", "title", "status", "detail", "errors"}


def problem_of(response, status: int) -> dict:
    """The problem body of a response, after checking it is one, with this status."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert PROBLEM_KEYS <= set(body), body
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} and e["message"] for e in body["errors"])
    return body


def fields_of(body: dict) -> set[str]:
    return {e["field"] for e in body["errors"]}


def message_for(body: dict, field: str) -> str:
    return next(e["message"] for e in body["errors"] if e["field"] == field)
