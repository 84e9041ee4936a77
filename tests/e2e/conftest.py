"""Fixtures for browser tests: Debian's Chromium driven by Playwright, serving the app from `live_server`.

Chromium comes from the system (env var CHROMIUM, default /usr/bin/chromium), never from
`playwright install`. Without it the tests skip, unless REQUIRE_BROWSER=1 (as in CI), when they fail.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS_ENV = "E2E_SCREENSHOTS"


def _no_browser(reason: str) -> NoReturn:
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and REQUIRE_BROWSER=1 says the browser tests must run", pytrace=False)
    pytest.skip(reason)


def _chromium_path() -> str:
    configured = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    found = shutil.which(configured)
    if found is None:
        _no_browser(f"Chromium not found at {configured!r}; set CHROMIUM to its path")
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember each phase's report on the test item, so fixtures can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One Chromium per test module.

    While Playwright's sync API is started, its event loop counts as running in this thread, so Django
    would refuse ORM calls from the test ("you cannot call this from an async context"). The test code is
    synchronous, so we allow it for as long as the browser lives, and no longer.
    """
    executable = _chromium_path()
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        _no_browser("The playwright package is not installed")
    # A busy machine (CI runs jobs side by side) can take a few seconds to render a page.
    expect.set_options(timeout=10_000)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture(autouse=True)
def controlled_lists(transactional_db: None) -> None:
    """Load the skills and causes as the data migration does: a transactional test starts with them flushed.

    `serialized_rollback=True` is not enough here. Django keeps the snapshot it restores on the connection
    object it had when it set up the test database, and Django's connections are context-local (asgiref):
    once Playwright's sync API has started, the test thread gets a new connection object without the
    snapshot. So when other tests had set up the database first, nothing was restored.
    """
    from passport.core.models import Cause, Skill
    from passport.core.taxonomy import load_lists

    load_lists(Skill, Cause)


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    """The live server's address; emailed links point at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def new_page(
    browser: Any, site: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context (its own cookies); keyword arguments go to `new_context`.

    Contexts bypass the Content-Security-Policy only so that the tests can inject axe-core; the pages'
    own scripts are all external files, which the policy allows anyway. If the test fails, each open page
    is saved as a screenshot (into $E2E_SCREENSHOTS, or a temporary folder) and the paths are printed.
    """
    contexts: list[Any] = []

    def open_page(**options: Any) -> Any:
        options = {"base_url": site, "bypass_csp": True, "viewport": {"width": 1024, "height": 900}, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        folder = Path(os.environ.get(SCREENSHOTS_ENV) or tmp_path_factory.mktemp("e2e-screenshots"))
        folder.mkdir(parents=True, exist_ok=True)
        test_name = re.sub(r"[^\w-]+", "-", request.node.name)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                path = folder / f"{test_name}-{c}-{p}.png"
                try:
                    page.screenshot(path=str(path), full_page=True)
                except Exception as error:  # a crashed page must not hide the test's own failure
                    print(f"Could not take a screenshot of {page.url}: {error}")
                else:
                    print(f"Screenshot of {page.url}: {path}")
    for context in contexts:
        context.close()
