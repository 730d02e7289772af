"""The PM's TUI and `crmgov serve` on one project file: the TUI shows browser attempts as
they come in, and both writing at once lose nothing."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from benchmarks.bench_web import Taker, start_server
from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.audit import verify_trail
from crmgov.services.issues.log import add_issue
from crmgov.services.web.invites import issue
from crmgov.storage.store import ProjectStore
from tests.tui.conftest import build_app, settle

pytestmark = pytest.mark.slow


def _invite_all(path: Path, takers: int) -> list[str]:
    store = quiz_project(path, takers=takers, per_section=4, time_limit_minutes=120)
    people = store.all("staff")
    issued = issue(store, people, {p.id: QUIZ for p in people}, timedelta(days=1),
                   datetime.now())
    return [one.token for one in issued]


async def test_tui_shows_browser_attempts_as_they_come_in(tmp_path: Path) -> None:
    path = tmp_path / "quiz.json"
    [token] = _invite_all(path, 1)
    server, port = start_server(path)
    try:
        app = build_app(path)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            version = app.data_version
            assert app.store.all("quiz_attempts") == []
            taker = Taker(port, token, 0, time.monotonic() + 60)
            await asyncio.to_thread(taker.run)  # a browser takes the quiz meanwhile
            assert taker.error == ""
            app.watch_project_file()  # what the timer does every WATCH_SECONDS
            await settle(pilot)
            assert app.data_version > version
            [attempt] = app.store.all("quiz_attempts")
            assert attempt.submitted and all(item.answer for item in attempt.items)
            table = app.area_screens["staff"].query_one("#staff-table", DataTable)
            rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
            row = next(r for r in rows if "Taker 1" in r)
            assert any("✗" in cell or "✓" in cell for cell in row), row  # the last quiz
            app.watch_project_file()  # nothing new: no reread
            await settle(pilot)
    finally:
        server.terminate()
        server.wait(10)


async def test_tui_and_server_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "quiz.json"
    tokens = _invite_all(path, 6)
    server, port = start_server(path)
    issues = 12
    try:
        app = build_app(path)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            takers = [Taker(port, token, 0, time.monotonic() + 120) for token in tokens]
            for taker in takers:
                taker.start()

            def pm_logs_issues() -> None:  # as the TUI's dialogs do, in worker threads
                for n in range(issues):
                    add_issue(app.store, title=f"PM issue {n}", description="while quizzing",
                              urgency="general", now=datetime.now())
                    app.call_from_thread(app.watch_project_file)

            await asyncio.gather(asyncio.to_thread(pm_logs_issues),
                                 *(asyncio.to_thread(t.join, 120) for t in takers))
            await settle(pilot)
            assert [t.error for t in takers] == [""] * len(takers)
    finally:
        server.terminate()
        server.wait(10)
    check = ProjectStore(path, "check")
    check.load()
    assert sorted(i.title for i in check.all("issues")) == sorted(
        f"PM issue {n}" for n in range(issues))
    attempts = check.all("quiz_attempts")
    assert len(attempts) == len(tokens) and all(a.submitted for a in attempts)
    assert sum(1 for a in attempts for item in a.items if item.answer) == len(tokens) * 8
    assert all(inv.used_at is not None for inv in check.all("invitations"))
    assert verify_trail(path).ok
