"""A real quiz server (uvicorn, in a thread, on 127.0.0.1) and Debian's Chromium driven
by Playwright. No browser is downloaded: `playwright install` is never needed."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

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
