"""What one quiz request costs the server (issue 23: 50 takers answering back to back,
p95 ≤ 300 ms): the project is asked once whether it changed, the question page builds
the texts of its one question and an answer none, and the templates are compiled once.
Counted, never timed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from benchmarks.quiz_fixture import right_positions
from crmgov.domain.certification.bank import Question
from tests.unit.web.conftest import Quiz


class Counts:
    """Calls of the store's `refresh` and of `Question.version` (one per question whose
    texts a page builds)."""

    def __init__(self) -> None:
        self.refresh = 0
        self.texts = 0

    def reset(self) -> None:
        self.refresh = self.texts = 0


@pytest.fixture
def counts(quiz: Quiz, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    seen = Counts()
    refresh = quiz.store.refresh
    version = Question.version

    def counted_refresh() -> bool:
        seen.refresh += 1
        return refresh()

    def counted_version(self: Question, number: int) -> Any:
        seen.texts += 1
        return version(self, number)

    monkeypatch.setattr(quiz.store, "refresh", counted_refresh)
    monkeypatch.setattr(Question, "version", counted_version)
    yield seen


def _started(quiz: Quiz) -> tuple[TestClient, str, int]:
    """A taker on question 1, with a client that does not follow redirects (one request
    at a time); its CSRF token and attempt id."""
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    client = TestClient(quiz.client.app, base_url="http://127.0.0.1",
                        raise_server_exceptions=False, follow_redirects=False)
    client.cookies.update(quiz.client.cookies)
    return client, csrf, attempt_id


def test_each_page_asks_the_project_once_whether_it_changed(quiz: Quiz, counts: Counts
                                                            ) -> None:
    client, csrf, attempt_id = _started(quiz)
    right = right_positions(quiz.store, attempt_id)
    for path in ("/quiz", "/quiz/q/3", "/quiz/review", "/"):
        counts.reset()
        assert client.get(path).status_code in (200, 303), path
        assert counts.refresh == 1, path
    # An answer: one look for the request, one by the transaction that saves it (the
    # batch rereads at its start), none for building a page nobody sees.
    counts.reset()
    response = client.post("/quiz/q/1", data={"csrf": csrf, "go": "next",
                                              "choice": [str(p) for p in right[0]]})
    assert response.status_code == 303 and response.headers["location"] == "/quiz/q/2"
    assert counts.refresh == 2
    counts.reset()
    assert client.post("/quiz/submit", data={"csrf": csrf}).status_code == 303
    assert counts.refresh == 2
    counts.reset()
    assert client.get("/quiz/result").status_code == 200
    assert counts.refresh == 1


def test_a_question_page_builds_one_question_and_an_answer_none(quiz: Quiz, counts: Counts
                                                                ) -> None:
    client, csrf, attempt_id = _started(quiz)
    right = right_positions(quiz.store, attempt_id)
    counts.reset()
    page = client.get("/quiz/q/2")
    assert page.status_code == 200 and "Question 2 / 10" in page.text
    assert "0 answered" in page.text
    assert counts.texts == 1
    counts.reset()
    response = client.post("/quiz/q/2", data={"csrf": csrf, "go": "next",
                                              "choice": [str(p) for p in right[1]]})
    assert response.status_code == 303 and counts.texts == 0
    counts.reset()
    assert "1 answered" in client.get("/quiz/q/3").text and counts.texts == 1
    counts.reset()
    review = client.get("/quiz/review")  # every question's prompt
    assert review.status_code == 200 and counts.texts == 10
    # The saved answer is what the question page shows again.
    again = client.get("/quiz/q/2").text
    assert all(f'value="{p}" checked' in again for p in right[1])


def test_a_blank_answer_to_a_blank_question_still_goes_on(quiz: Quiz, counts: Counts
                                                          ) -> None:
    client, csrf, _attempt_id = _started(quiz)
    counts.reset()
    response = client.post("/quiz/q/10", data={"csrf": csrf, "go": "next"})
    assert response.status_code == 303 and response.headers["location"] == "/quiz/review"
    assert counts.refresh == 1  # nothing to save: no transaction either
    response = client.post("/quiz/q/11", data={"csrf": csrf, "go": "next", "choice": "0"})
    assert response.status_code == 400 and "does not fit" in response.text


def test_templates_are_compiled_once_and_not_checked_on_disk_again(
    quiz: Quiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _csrf, _attempt_id = _started(quiz)
    assert client.get("/quiz/q/1").status_code == 200  # compiled on first use
    looked: list[str] = []
    real = os.path.getmtime

    def getmtime(path: Any) -> float:
        looked.append(str(path))
        return real(path)

    monkeypatch.setattr(os.path, "getmtime", getmtime)
    for number in (1, 2, 1):
        assert client.get(f"/quiz/q/{number}").status_code == 200
    assert looked == []


def test_the_server_settles_the_heap_before_serving(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run_server` freezes what startup built and lets the collector run less often,
    before the first request (the collector freed nothing while takers answered, yet its
    700-allocation runs cost about a tenth of the server's CPU)."""
    import gc
    import socket

    from crmgov.web import server as web_server

    seen: dict[str, Any] = {}

    class Server:
        def run(self, sockets: Any) -> None:
            seen["threshold"] = gc.get_threshold()[0]
            seen["frozen"] = gc.get_freeze_count()

    before = gc.get_threshold()
    monkeypatch.setattr(web_server, "build_server", lambda *a, **k: Server())
    monkeypatch.setattr(web_server, "configure_logging", lambda: None)
    sock = socket.socket()
    try:
        gc.unfreeze()
        web_server.run_server(Any, sock)  # type: ignore[arg-type]
    finally:
        gc.set_threshold(*before)  # the objects stay frozen, as storage.validate leaves them
    assert seen["threshold"] == web_server.GC_YOUNG_THRESHOLD > before[0]
    assert seen["frozen"] > 0


def test_the_server_parses_http_with_httptools(quiz: Quiz) -> None:
    """uvicorn picks httptools, a dependency now, over h11 (pure Python): ~0.3 ms less
    server CPU a request."""
    from crmgov.web.server import build_server

    server: Any = build_server(quiz.store)
    server.config.load()
    assert server.config.http_protocol_class.__name__ == "HttpToolsProtocol"
