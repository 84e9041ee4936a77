"""What the browser tests do again and again: scan a page with axe-core, follow an emailed sign-in link."""

import os
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from passport.notifications.models import Message

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
  }));
}"""


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `npm ci` (see package.json)")
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core over the page against WCAG 2.2 A and AA; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
    return "\n".join(lines)


def snapshot(page: Page, name: str) -> None:
    """Save a full-page screenshot into $E2E_SCREENSHOTS, if it is set, to look at what the test saw."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / (re.sub(r"[^\w-]+", "-", name).strip("-") + ".png")), full_page=True)


def assert_accessible(page: Page, name: str) -> None:
    """Fail, listing each violation's rule, help and elements, if axe-core finds a WCAG A or AA problem."""
    snapshot(page, name)
    violations = axe_violations(page)
    assert not violations, f"axe-core found accessibility problems on {name} ({page.url}):\n{describe(violations)}"


def assert_no_horizontal_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways at {width}px: it is {scroll_width}px wide"


def emailed_link(email: str, site: str) -> str:
    """The sign-in link in the newest email to `email`, pointed at the live server."""
    message = Message.objects.filter(to__iexact=email, template="sign_in_link").order_by("-created_at").first()
    assert message is not None, f"No sign-in email to {email} in the outbox"
    match = re.search(r"https?://\S+", message.body)
    assert match, f"No link in the email to {email}:\n{message.body}"
    link = urlsplit(match.group(0))
    return f"{site}{link.path}"


def sign_in_by_email(page: Page, email: str, site: str) -> None:
    """Ask for a sign-in link from the page header, then open the emailed link and press Continue."""
    page.get_by_role("link", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.goto(emailed_link(email, site))
    expect(page.get_by_role("heading", level=1)).to_have_text("Continue to sign in")
    expect(page.get_by_text(f"You are signing in as {email}")).to_be_visible()
    page.get_by_role("button", name="Continue").click()


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out", exact=True).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
