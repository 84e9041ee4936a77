"""Checks every rendered page passes: status, valid HTML, a title, one heading, no error output.

`check_page` is the page test's first line; it returns the parsed document (an ElementTree, no
namespaces) so the test can go on to assert on what the page shows. `check_error_summary` is what an
invalid form POST must answer: a 400 whose title starts "Error: " and whose GOV.UK error summary links
each message to a field that exists on the page.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from xml.etree.ElementTree import Element

import html5lib

SERVICE = "Volunteer Passport"
ERROR_TEXT = ("Traceback", "Exception Value", "Internal Server Error", "jinja2.exceptions", "UndefinedError")


def parse(html: str) -> Element:
    """Parse strictly: html5lib raises ParseError on the first HTML parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def parse_fragment(html: str) -> Element:
    """Parse a piece of a page (a rendered component) as strictly as a whole page."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parseFragment(html)


def text_of(element: Element | None) -> str:
    """All the text inside an element, with whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def page_title(doc: Element) -> str:
    return text_of(doc.find(".//title"))


def ids_in(doc: Element) -> set[str]:
    return {el.get("id") for el in doc.iter() if el.get("id")}


def check_page(response: Any, *, status: int = 200, title: str | None = None) -> Element:
    """Assert the page answered `status` with valid HTML, a title, exactly one h1 and no error output."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}"
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    html = response.content.decode()
    for marker in ERROR_TEXT:
        assert marker not in html, f"error text {marker!r} in the page"
    doc = parse(html)
    assert doc.find(".//title") is not None, "the page has no <title>"
    actual = page_title(doc)
    assert actual.endswith(f" – {SERVICE}"), f"title {actual!r} does not end with the service name"
    if title is not None:
        assert actual == f"{title} – {SERVICE}", f"title {actual!r}, expected {title!r}"
    headings = doc.findall(".//h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}: {[text_of(h) for h in headings]}"
    duplicates = [i for i, n in Counter(el.get("id") for el in doc.iter() if el.get("id")).items() if n > 1]
    assert not duplicates, f"ids used more than once: {duplicates}"
    return doc


def h1_text(doc: Element) -> str:
    return text_of(doc.find(".//h1"))


def error_summary(doc: Element) -> Element | None:
    for el in doc.iter("div"):
        if "govuk-error-summary" in (el.get("class") or "").split():
            return el
    return None


def check_error_summary(response: Any, *messages: str) -> Element:
    """Assert an invalid form answered 400 with an error summary linking each message to its field."""
    doc = check_page(response, status=400)
    title = page_title(doc)
    assert title.startswith("Error: "), f"title {title!r} does not start with 'Error: '"
    summary = error_summary(doc)
    assert summary is not None, "no govuk-error-summary on the page"
    links = {text_of(a): a.get("href") or "" for a in summary.iter("a")}
    page_ids = ids_in(doc)
    for message in messages:
        assert message in links, f"{message!r} not linked in the error summary; it has {list(links)}"
        href = links[message]
        assert href.startswith("#"), f"{message!r} links to {href!r}, not a fragment"
        assert href[1:] in page_ids, f"{message!r} links to {href!r}, which is not on the page"
    return doc
