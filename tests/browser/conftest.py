"""Browser tests: Debian's Chromium, driven by Playwright, against the local stack serving the built console.

Never a downloaded browser: /usr/bin/chromium (apt-get install chromium; .ci/run does it when missing).
Tests find controls by role and accessible name, as CONSOLE.md names them.
"""

from __future__ import annotations

import fcntl
import subprocess
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Request, Response, expect, sync_playwright

from tests.e2e.conftest import REPO_ROOT, Api, api, fresh_tables, local_stack, stack_url  # noqa: F401  (fixtures shared with the e2e tests)

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling outside hosts this network refuses.
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The password the local stack gives an owner before `POST /_local/orgs` answers one (API.md additions).
LOCAL_PASSWORD = "Local-Stack-Passw0rd!"
# Generous: the machine may be busy with other test workers; a passing test waits no longer than it must.
expect.set_options(timeout=20_000)
FIRST_CALL_TIMEOUT_MS = 45_000  # the first API call after sign-in may meet cold handlers


@pytest.fixture(scope="session")
def built_console() -> None:
    """console/dist as `make console` builds it (nothing to do when it is newer than its sources)."""
    with open(REPO_ROOT / "console" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test workers must not build at once
        subprocess.run(["make", "-s", "console"], cwd=REPO_ROOT, check=True)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@dataclass
class Console:
    """One browser tab on the console, what it logged as errors, and its latest requests (for a failure report)."""

    url: str
    page: Page
    errors: list[str]
    requests: deque[str] = field(default_factory=lambda: deque(maxlen=RECENT_REQUESTS))

    def diagnosis(self) -> str:
        """What the page saw: its latest requests with their answers, errors, and the reply box as a screen reader
        would read it. A story that fails under load then says whether the API failed, was slow, or the page did."""
        lines = ["latest requests (seconds since the test began, answer):", *self.requests, f"page errors: {self.errors}"]
        try:
            lines.append("page:\n" + self.page.locator("body").aria_snapshot(timeout=2_000))
        except Exception as error:  # the page may be gone: the report still says what it has
            lines.append(f"page unreadable: {error}")
        return "\n".join(lines)

    def open(self, path: str = "/") -> Page:
        self.page.goto(f"{self.url}{path}")
        return self.page

    def sign_in(self, username: str, password: str) -> Page:
        page = self.page
        page.get_by_role("textbox", name="Email").fill(username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("status").filter(has_text="Online")).to_be_visible(timeout=FIRST_CALL_TIMEOUT_MS)
        return page


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    yield ctx
    ctx.close()


@pytest.fixture
def console(built_console: None, stack_url: str, context: BrowserContext) -> Iterator[Console]:  # noqa: F811
    page = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    tab = Console(stack_url, page, errors)
    began = time.monotonic()

    def on_response(response: Response) -> None:
        request = response.request
        tab.requests.append(f"{time.monotonic() - began:7.1f} {request.method} {_path(request)} {response.status}")

    def on_request_failed(request: Request) -> None:
        tab.requests.append(f"{time.monotonic() - began:7.1f} {request.method} {_path(request)} failed: {request.failure}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    yield tab
    assert errors == [], f"the browser logged errors: {errors}"


RECENT_REQUESTS = 40


def _path(request: Request) -> str:
    return "/" + request.url.split("://", 1)[-1].split("/", 1)[-1][:120]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """A failed browser story reports what its page saw (requests, answers, errors, the page's accessible tree)."""
    outcome = yield
    report = outcome.get_result()
    tab = getattr(item, "funcargs", {}).get("console")
    if report.when == "call" and report.failed and isinstance(tab, Console):
        report.sections.append(("what the browser saw", tab.diagnosis()))


@dataclass
class Owner:
    org_id: str
    agent_id: str
    token: str
    username: str
    password: str


@pytest.fixture
def owner(api: Api) -> Owner:  # noqa: F811
    created = api.post("/_local/orgs", json={"name": "Lan's Shop"})
    assert created.status_code == 201, created.text
    body = created.json()
    person = body["owner"]
    # Owners sign in with their email once the user pool names people by it; until then, by agent id.
    return Owner(body["org_id"], person["agent_id"], person["token"],
                 person.get("email", person["agent_id"]), person.get("password", LOCAL_PASSWORD))
