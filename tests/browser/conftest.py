"""Real-browser tests: Playwright driving Debian's Chromium, never a downloaded browser.

Where Chromium is absent the tests skip with a message; with REQUIRE_BROWSER=1
(as CI sets it) its absence is a failure.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# fixtures here are ordinary blocking calls all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LOCAL_HOSTS = ("127.0.0.1", "localhost")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package to run the browser tests."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Database access for browser tests: committed data, which the live server's
    thread sees, as with pytest-django's own fixture of this name, but without its
    emptying of the database after each test. So the reference content that
    django_db_setup loads once stays for every browser test. Browser tests only
    read it; one that writes puts back what it changed.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def site(live_server, transactional_db):
    """The live server, with the reference content."""
    return live_server.url


def _keep_traffic_local(route):
    host = route.request.url.split("/")[2].split(":")[0]
    if host in LOCAL_HOSTS:
        route.continue_()
    else:
        # Nothing leaves this machine: the quick-exit target answers from here.
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>")


def _page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.route("**/*", _keep_traffic_local)
    return page


@pytest.fixture
def phone(browser):
    page = _page(browser, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


@pytest.fixture
def phone_without_js(browser):
    page = _page(browser, viewport={"width": 360, "height": 740}, java_script_enabled=False)
    yield page
    page.context.close()


@pytest.fixture
def desktop(browser):
    page = _page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
