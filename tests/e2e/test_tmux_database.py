"""End to end: the real `crmgov --database DSN` in a real terminal (tmux) on a team's
database: the dashboard, one area, a change typed in the TUI that a second process sees,
and a change made by a second process that the TUI shows without a reload."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from crmgov.services.demo.writer import write_demo
from crmgov.services.projects import open_project, push_project
from tests.conftest import FIXED_NOW, fixed_clock
from tests.e2e.test_tmux import CRMGOV, running, wait_for

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _issue_titles(dsn: str) -> list[str]:
    """What a second process reads from the database."""
    store = open_project(dsn, "reader")
    try:
        return [issue.title for issue in store.all("issues")]
    finally:
        store.close()  # type: ignore[attr-defined]


def test_the_tui_on_a_database_in_a_real_terminal(pg_dsn: str, tmp_path: Path) -> None:
    demo = tmp_path / "demo.json"
    write_demo(demo, "tester", language="en", today=FIXED_NOW.date(), clock=fixed_clock)
    push_project(demo, pg_dsn, "tester").close()  # type: ignore[attr-defined]
    total = len(_issue_titles(pg_dsn))

    with running("--database", pg_dsn) as term:
        try:
            screen = term.wait_text("READY for go-live", timeout=60)
            assert "NOT READY for go-live" in screen and "Go-live blockers" in screen
            term.keys("i")
            term.wait_text(f"of {total} issues", timeout=60)

            # A change typed in the TUI: a second process sees it in the database.
            term.keys("a")
            term.wait_text("New issue")
            term.keys("Typed in the TUI")
            term.wait_text("Typed in the TUI")
            term.keys("Tab")
            # The description field has the focus once its placeholder is gone from the
            # screen as the text is typed (a line of its own, not the title's).
            term.keys("Seen by a second process")
            wait_for(lambda: any("Seen by a second process" in line and "Typed" not in line
                                 for line in term.screen().splitlines()),
                     "the description typed in its own field", 60)
            term.keys("C-s")
            wait_for(lambda: "Typed in the TUI" in _issue_titles(pg_dsn),
                     "the TUI's issue in the database", 60)
            term.wait_text(f"of {total + 1} issues", timeout=60)

            # A change made by a second process: the TUI's watch shows it, no `r` needed.
            added = subprocess.run(
                [str(CRMGOV), "--database", pg_dsn, "--as", "pm", "issue", "add", "--title",
                 "Added from a shell", "--description", "d", "--urgency", "urgent"],
                capture_output=True, text=True, timeout=120, check=True,
            )
            assert added.stdout.strip() == str(total + 2)
            term.wait_text(f"of {total + 2} issues", timeout=60)

            term.keys("q")
            screen = term.wait_text("EXIT=")
            assert "EXIT=0" in screen
        except AssertionError as exc:  # what the terminal showed, to tell why
            raise AssertionError(f"{exc}; the screen:\n{term.screen()}") from None
