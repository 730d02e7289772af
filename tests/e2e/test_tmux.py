"""End to end: the real `crmgov demo` in a real terminal (tmux), keys sent, screen read."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.fixtures import make_big_project
from crmgov.storage.derived import cache_dir

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CRMGOV = Path(sys.executable).with_name("crmgov")
#: A tmux server of our own: the test neither depends on nor disturbs the user's sessions.
SOCKET = f"crmgov-e2e-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True, timeout=10
    ).stdout


def wait_for(check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll `check` every 50 ms until it holds; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session)

    def wait_text(self, text: str, timeout: float = 30.0) -> str:
        wait_for(lambda: text in self.screen(), repr(text), timeout)
        return self.screen()

    def keys(self, *keys: str) -> None:
        tmux("send-keys", "-t", self.session, *keys)


@contextmanager
def running(*args: str) -> Iterator[Terminal]:
    """`crmgov ARGS` in a 100x30 tmux session of our own server."""
    session = f"crmgov-e2e-{uuid.uuid4().hex[:8]}"
    # After crmgov exits the shell prints its exit code and waits, so the test can read it.
    command = f"{shlex.join([str(CRMGOV), *args])}; " 'echo "EXIT=$?"; read _done'
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30",
         "-e", "CRMGOV_USER=e2e", "-e", f"CRMGOV_CACHE_DIR={cache_dir()}", "sh", "-c", command)
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with running("demo", str(tmp_path / "demo.json")) as term:
        yield term


def test_demo_in_a_real_terminal(terminal: Terminal) -> None:
    screen = terminal.wait_text("READY for go-live")
    assert "NOT READY for go-live" in screen
    for text in ("Rollout", "Certification", "Issues", "Go-live blockers", "Open urgent"):
        assert text in screen
    assert "d Dashboard" in screen or "dDashboard" in screen.replace(" ", "")

    terminal.keys("p")
    terminal.wait_text("Gate state")  # the phases table under the timeline
    terminal.keys("s")
    terminal.wait_text("must (re)certify")
    terminal.keys("h")
    terminal.wait_text("closing questions yes")
    terminal.keys("?")
    terminal.wait_text("Everywhere")
    terminal.keys("Escape")
    wait_for(lambda: "Everywhere" not in terminal.screen(), "help to close")
    terminal.keys("d")
    terminal.wait_text("Go-live blockers")

    terminal.keys("q")
    screen = terminal.wait_text("EXIT=")
    assert "EXIT=0" in screen


def test_a_big_project_leaves_a_fresh_issue_index_when_the_tui_closes(tmp_path: Path) -> None:
    big = make_big_project(tmp_path / "big.json", 5_000)
    index = lambda: list(cache_dir().glob("issues-*.json"))  # noqa: E731
    with running("--project", str(big)) as term:
        term.wait_text("Open urgent")
        wait_for(lambda: bool(index()), "the index saved after the cold start", 60)
        term.keys("i")  # the issue table: shown once the app's own load is done
        term.wait_text("owner")  # an owner column value: rows are shown
        for saved in index():  # as if this session's edits had changed the file
            saved.unlink()
        term.keys("q")
        term.wait_text("EXIT=0")
        wait_for(lambda: bool(index()), "the index saved after the TUI closed", 60)
