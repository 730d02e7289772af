"""A real quiz server (uvicorn, in a thread, on 127.0.0.1) and Debian's Chromium driven
by Playwright. No browser is downloaded: `playwright install` is never needed."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.unit.web.conftest import Quiz, build

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.browser


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
    for item in items:
        if "tests/e2e/browser" in str(item.fspath) and not CHROMIUM.exists():
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Served:
    """A quiz served over HTTP, and where."""

    quiz: Quiz
    url: str


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    import uvicorn

    from crmgov.web.app import make_web_app

    quiz = build(tmp_path / "quiz.json")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    config = uvicorn.Config(make_web_app(quiz.desk), access_log=False, log_level="warning",
                            lifespan="off", server_header=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield Served(quiz, f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module. Not per session: Playwright's sync API keeps an event
    loop running in this thread while it is open, and the async (Textual) tests that run
    after the browser tests could not start theirs."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: $CRMGOV_SHOTS to keep and look at them, else a temp folder."""
    folder = Path(os.environ.get("CRMGOV_SHOTS", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def new_page(browser: Any, **kw: Any) -> tuple[Any, Any, list[str]]:
    """A fresh browser context and page; every URL it requests is recorded."""
    context = browser.new_context(**kw)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    return context, page, requested


def attempt_id(served: Served, invite_id: int) -> int:
    """The attempt the invitation `invite_id` started (the page has started it)."""
    store = served.quiz.store
    store.refresh()
    found = store.get("invitations", invite_id).attempt_id
    assert found
    return int(found)


def answer(page: Any, positions: list[int]) -> None:
    """Tick the choices at `positions` and save (the next question's page loads)."""
    for pos in positions:
        page.check(f"#choice-{pos}")
    # Wait for the form post's answer page to load: a reload or a back started while the
    # post is still navigating finds no page attached (seen once in CI).
    with page.expect_navigation():
        page.get_by_role("button", name="Save and").first.click()


def start_quiz(served: Served, browser: Any, button: str = "Start the quiz",
               **kw: Any) -> tuple[Any, Any, Any]:
    """Invite Taker 1, open the link in a fresh page (`kw`: its context's options) and
    start: the invitation issued, the context and the page, on question 1."""
    issued = served.quiz.invite()
    context, page, _requested = new_page(browser, **kw)
    page.goto(f"{served.url}/i/{issued.token}")
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
    return issued, context, page
