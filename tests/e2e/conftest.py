"""The real site under gunicorn, on a free loopback port, driven by Debian's Chromium.

The site gets a database of its own (PostgreSQL: DATABASE_URL's server with a
`_e2e` database, or a fresh embedded server), filled with the pilot data and the
personas by setup_site.py. Nothing is downloaded: Playwright drives /usr/bin/chromium.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests import live

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PASSWORD = "e2e-" + secrets.token_urlsafe(12)
SCREENSHOTS = ROOT / "var" / "e2e-screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def site_env(tmp_path_factory, collected_static_files) -> dict:
    env = live.site_env(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path_factory.mktemp("mail")),
        E2E_PASSWORD=PASSWORD,
    )
    live.own_database(env, tmp_path_factory.mktemp("e2e-db"))
    subprocess.run(
        [sys.executable, str(ROOT / "tests" / "e2e" / "setup_site.py")], env=env, cwd=ROOT, check=True
    )
    return env


@pytest.fixture(scope="session")
def site(site_env) -> str:
    """Base URL of the running site."""
    server = live.Server(site_env)
    yield server.base
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Problems:
    """Console errors, failed requests and CSP violations a page produced."""

    def __init__(self, page):
        self.items: list[str] = []
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on(
            "response",
            lambda response: (
                self.items.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )

    def _console(self, message):
        if message.type == "error" or "Content Security Policy" in message.text:
            self.items.append(f"console {message.type}: {message.text}")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="pl-PL")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.problems = Problems(page)
    return page


def log_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/konto/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
