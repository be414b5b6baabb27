"""Browser tests: Debian's chromium driven by Playwright (no browser download), axe for a11y."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from maillage.core.models import User
from tests.factories import PASSWORD, totp_code

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
# itself (fixtures, assertions) are safe because the live server runs in another thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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


def chromium_path() -> str:
    path = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not path:
        pytest.fail("Debian's chromium is required for browser tests (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    """No serious or critical axe violation on the current page."""
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in bad
    )


def login(page: Page, base_url: str, user: User, totp_secret: str) -> None:
    """Log in through the real pages: e-mail and password, then the TOTP code."""
    page.goto(f"{base_url}/compte/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/")
    page.fill("input[name=code]", totp_code(totp_secret, margin=5.0))  # a browser is slower
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/2fa/" not in url and "/login" not in url)
