"""Playwright with Debian's Chromium against a live server.

The live server needs a transactional database, emptied after each test, so each browser test builds
the personas itself (`live_world`). Without /usr/bin/chromium the tests are skipped, except in CI
(CHATDONG_REQUIRE_BROWSER=1), where a missing browser is a failure.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from chatdong.registry.benefit_types import sync_benefit_types
from chatdong.resources.catalogue import sync_programmes
from tests.world import World, build_world

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CHATDONG_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def live_world(transactional_db, live_server) -> World:  # type: ignore[no-untyped-def]
    # Start from an empty database whatever ran before (the session's personas, or a flushed one).
    call_command("flush", interactive=False, verbosity=0)
    sync_benefit_types()
    sync_programmes()
    return build_world()


@pytest.fixture(params=[{"width": 1280, "height": 900}], ids=["desktop"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return request.param


@pytest.fixture
def page(browser, live_server, viewport, request):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=viewport, locale="ko-KR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    # Every browser test also checks the Content-Security-Policy: a page that relies on an inline script, a style
    # attribute or an outside resource is refused by the browser, which says so on the console.
    refused: list[str] = []
    tab.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not refused, "Content-Security-Policy refused: " + "\n".join(refused)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
