"""Strings people read are marked for translation, so Welsh can be added without touching templates."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAIN_TEXT = re.compile(r"<(h1|h2|h3|p)(?: [^>]*)?>\s*([A-Z][^<>{}]{3,})</\1>")


def test_no_template_has_an_unmarked_heading_or_paragraph():
    unmarked = []
    for path in (ROOT / "passport").rglob("jinja2/**/*.html"):
        for match in PLAIN_TEXT.finditer(path.read_text()):
            unmarked.append(f"{path.relative_to(ROOT)}: {match.group(2)[:50]}")
    assert not unmarked, "Wrap these in {{ _(\"...\") }}:\n" + "\n".join(unmarked)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/volunteer/sign-up", "/opportunities/", "/sign-in", "/verify"])
def test_pages_render_when_a_person_asks_for_welsh(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="cy")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "cy"
