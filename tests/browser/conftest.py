"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser builds are never downloaded (`playwright install` needs the open
internet); `make test` installs Debian's chromium instead, and every test here uses it.
"""

import os

import pytest
from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    # Every test in this folder needs the browser, whatever its module remembers to say.
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop running in the test's thread, and Django
    refuses ORM calls from a thread with a running loop. The tests' own ORM calls (making a
    user, reading back what the browser saved) are synchronous and safe, so allow them."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (Debian's chromium).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Root in a container needs --no-sandbox; the rest stop Chromium from calling home,
        # which this machine's closed network refuses many times a second.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _serve_media(settings):
    """The live server runs with DEBUG off, so the site's URLs leave uploads to a web
    server; this URLconf adds MEDIA_URL so the browser can load photo renditions."""
    settings.ROOT_URLCONF = "tests.browser.urls"


# Long enough for a loaded CI machine; a real failure still ends the test in seconds.
TIMEOUT_MS = 15_000


@pytest.fixture
def page(page: Page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture
def new_page(browser: Browser, browser_context_args):
    """A page in a browser context of its own: another person, with their own cookies.

    It takes the module's browser_context_args (a locale, say), as the `page` fixture does.
    """
    contexts = []

    def open_page():
        context = browser.new_context(**browser_context_args)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
