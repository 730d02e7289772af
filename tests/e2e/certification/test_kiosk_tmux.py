"""End to end: the quiz kiosk in a real 80x24 terminal; the terminal is killed mid-quiz and
a new one resumes the attempt with its saved answer."""

from __future__ import annotations

import shlex
import subprocess
import uuid
from pathlib import Path

from tests.e2e.test_tmux import CRMGOV, SOCKET, Terminal, pytestmark, tmux, wait_for

__all__ = ["pytestmark"]


def start(project: Path, lang: str) -> Terminal:
    session = f"crmgov-kiosk-{uuid.uuid4().hex[:8]}"
    command = shlex.join([str(CRMGOV), "--project", str(project), "--lang", lang, "quiz",
                          "--staff", "39"])
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-e", "CRMGOV_USER=e2e",
         "sh", "-c", command + "; read _done")
    return Terminal(session)


def saved_answers(project: Path) -> int:
    """Answers saved in the attempt in progress (what a reader of the file sees)."""
    from crmgov.storage.store import ProjectStore

    store = ProjectStore(project, "reader")
    store.load()
    return sum(1 for a in store.all("quiz_attempts") if not a.submitted
               for i in a.items if i.answer)


def test_killed_terminal_resumes(tmp_path: Path) -> None:
    project = tmp_path / "demo.json"
    subprocess.run([str(CRMGOV), "demo", str(project), "--no-tui"], check=True,
                   capture_output=True)
    try:
        # A session that outlives the killed one: killing a server's last session stops
        # the server, and the next new-session would race its shutdown.
        tmux("new-session", "-d", "-s", f"keeper-{uuid.uuid4().hex[:8]}", "sh", "-c",
             "read _done")
        term = start(project, "en")
        screen = term.wait_text("1 / 20")
        assert "answered 0" in screen
        term.keys("1")
        term.wait_text("answered 1")
        # Wait until the answer is in the file, then kill the terminal (not a clean quit).
        wait_for(lambda: saved_answers(project) == 1, "the answer saved")
        tmux("kill-session", "-t", term.session)
        again = start(project, "zh")
        screen = again.wait_text("已答 1")
        assert "/ 20" in screen
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
