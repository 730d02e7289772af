"""The browser quiz on a database while the PM writes (issue 23: 50 takers, p95 ≤ 300 ms
at 100k issues): what a quiz request asks of the database does not depend on the issue
log nor on the PM's writes. Counted, never timed: the queries each request runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from benchmarks.fixtures import synthetic_issues
from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.cli import main
from crmgov.services.issues.log import add_issue
from crmgov.services.projects import open_project
from crmgov.services.web import invites
from crmgov.storage.open import open_store
from crmgov.storage.postgres import PgStore
from crmgov.web.desk import Desk

NOW = datetime(2026, 11, 23, 9, 30)


class Queries:
    """Every SQL text run through psycopg in this process while `on`."""

    def __init__(self) -> None:
        self.on = False
        self.seen: list[str] = []
        self._lock = threading.Lock()

    def issue_reads(self) -> list[str]:
        """Queries that read the issues table's rows (its highest id, an index probe
        of every new snapshot, reads none)."""
        return [q for q in self.seen if "issues" in q
                and 'SELECT max(id) FROM "issues"' not in q]


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> Iterator[Queries]:
    log = Queries()
    real = psycopg.Cursor.execute

    def execute(self: Any, query: Any, params: Any = None, **kw: Any) -> Any:
        if log.on:
            text = query.decode() if isinstance(query, bytes) else str(query)
            with log._lock:
                log.seen.append(" ".join(text.split()))
        return real(self, query, params, **kw)

    monkeypatch.setattr(psycopg.Cursor, "execute", execute)
    yield log


def _served(dsn: str, tmp_path: Path) -> tuple[PgStore, Desk, PgStore, Any]:
    """A quiz project with 200 issues on the database; the server's store (a pool, as
    `crmgov serve` opens it) and desk, the PM's store, and one started invitation."""
    store = quiz_project(tmp_path / "p.json", clock=lambda: NOW)
    with store.transaction("fill") as txn:
        txn.insert_many("issues", synthetic_issues(200, NOW))
    assert main(["db", "push", str(tmp_path / "p.json"), dsn]) == 0
    pm = open_project(dsn, "pm")
    assert isinstance(pm, PgStore)
    [issued] = invites.issue(pm, [pm.get("staff", 1)], {1: QUIZ}, timedelta(days=7),
                             datetime.now().replace(microsecond=0))
    server = open_store(dsn, "web", shared=True)
    assert isinstance(server, PgStore)
    desk = Desk(server)
    inv = desk.admit(issued.token)
    assert inv is not None
    desk.start(inv, "en")
    inv = desk.invitation(inv.id)
    assert inv is not None and inv.attempt_id is not None
    return server, desk, pm, inv


def test_answering_while_the_pm_adds_issues_reads_no_issue_rows(
    pg_dsn: str, tmp_path: Path, queries: Queries
) -> None:
    server, desk, pm, inv = _served(pg_dsn, tmp_path)
    try:
        for number in range(1, 4):
            add_issue(pm, title=f"PM {number}", description="during the quiz",
                      urgency="general", now=datetime.now().replace(microsecond=0))
            queries.on = True
            # One answer as the browser sends it: the POST, then the next question.
            found = desk.invitation(inv.id)
            assert found is not None and desk.sitting(found, "en") is not None
            desk.answer(found, number, [0])
            again = desk.invitation(inv.id)
            assert again is not None and desk.sitting(again, "en") is not None
            queries.on = False
            assert server._head > pm._head  # the PM's commit was seen, then ours applied
        assert queries.seen  # the rereads did ask the database
        assert queries.issue_reads() == []
        assert "issues" not in server._tables and "issues" not in server._some
        # What was answered is in the database.
        attempt = open_project(pg_dsn, "check").get("quiz_attempts", inv.attempt_id)
        assert [bool(item.answer) for item in attempt.items[:4]] == [True] * 3 + [False]
        assert open_project(pg_dsn, "check").count("issues") == 203
    finally:
        server.close()
        pm.close()


HEAD_QUERY = "SELECT coalesce(max(seq), 0) FROM audit_events"


def test_a_page_asks_the_database_once_and_still_sees_the_pm_at_once(
    pg_dsn: str, tmp_path: Path, queries: Queries
) -> None:
    """Through the pages: a question page and an answer ask the database once whether
    anything changed (before: once per desk call, two or three a request), and that one
    look still sees what the PM did a moment before (a revoked link ends the session)."""
    from starlette.testclient import TestClient

    from crmgov.web.app import make_web_app

    server, desk, pm, inv = _served(pg_dsn, tmp_path)
    try:
        client = TestClient(make_web_app(desk), base_url="http://127.0.0.1",
                            raise_server_exceptions=False, follow_redirects=False)
        [issued] = invites.issue(pm, [pm.get("staff", 2)], {2: QUIZ}, timedelta(days=7),
                                 datetime.now().replace(microsecond=0))
        opened = client.get(f"/i/{issued.token}")
        assert opened.status_code == 303
        csrf_page = client.get("/quiz")
        csrf = csrf_page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        assert client.post("/quiz/start", data={"csrf": csrf}).status_code == 303
        add_issue(pm, title="PM meanwhile", description="during the quiz",
                  urgency="general", now=datetime.now().replace(microsecond=0))
        queries.on = True
        page = client.get("/quiz/q/1")
        queries.on = False
        assert page.status_code == 200 and "Question 1 /" in page.text
        assert queries.seen.count(HEAD_QUERY) == 2  # the look, then the new snapshot's
        queries.seen.clear()
        queries.on = True
        assert client.get("/quiz/q/2").status_code == 200
        queries.on = False
        assert queries.seen == [HEAD_QUERY]
        queries.seen.clear()
        queries.on = True
        saved = client.post("/quiz/q/2", data={"csrf": csrf, "choice": "0", "go": "next"})
        queries.on = False
        assert saved.status_code == 303 and saved.headers["location"] == "/quiz/q/3"
        # The request's look, and the batch's own under the writers' lock.
        assert queries.seen.count(HEAD_QUERY) == 2
        assert queries.issue_reads() == []
        # The PM revokes the link: the very next page says so.
        invites.revoke(pm, str(issued.invitation.id), datetime.now().replace(microsecond=0))
        ended = client.get("/quiz/q/3")
        assert ended.status_code == 403 and "revoked" in ended.text
    finally:
        server.close()
        pm.close()


def test_a_saved_answer_is_dumped_for_its_event_and_row_once(
    pg_dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch that saves an answer dumps the attempt (20 questions) for the audit
    event's before and after, and writes the row from that same after (before: a third
    dump per answer for the row); what is stored is that document."""
    from pydantic import BaseModel

    from crmgov.domain.certification.model import QuizAttempt

    server, desk, pm, inv = _served(pg_dsn, tmp_path)
    try:
        dumped: list[str] = []
        real = BaseModel.model_dump

        def model_dump(self: BaseModel, **kw: Any) -> Any:
            dumped.append(type(self).__name__)
            return real(self, **kw)

        monkeypatch.setattr(BaseModel, "model_dump", model_dump)
        desk.answer(inv, 1, [0])
        monkeypatch.undo()
        assert dumped.count("QuizAttempt") == 2
        assert inv.attempt_id is not None
        stored = open_project(pg_dsn, "check")
        row = stored.stored_json("quiz_attempts", inv.attempt_id)
        attempt: QuizAttempt = stored.get("quiz_attempts", inv.attempt_id)
        assert attempt.items[0].answer
        import orjson

        assert orjson.loads(row) == attempt.model_dump(mode="json", exclude={"id"})
        stored.close()  # type: ignore[attr-defined]
    finally:
        server.close()
        pm.close()
