"""A quiz project, a movable clock, and a browser-like client of the quiz server."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from benchmarks.quiz_fixture import QUIZ, quiz_project
from crmgov.services.web.invites import Issued, issue
from crmgov.storage.store import ProjectStore
from crmgov.web.app import make_web_app
from crmgov.web.desk import Desk

START = datetime(2026, 11, 23, 9, 30)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Quiz:
    """The server under test, its store and clock, and the bodies it has sent."""

    store: ProjectStore
    clock: Clock
    desk: Desk
    client: TestClient
    bodies: list[str] = field(default_factory=list)

    def invite(self, staff_id: int = 1, valid: timedelta = timedelta(days=7)) -> Issued:
        person = self.store.get("staff", staff_id)
        [one] = issue(self.store, [person], {staff_id: QUIZ}, valid, self.clock())
        return one

    def browser(self) -> TestClient:
        """Another browser (own cookies) on the same server."""
        return TestClient(self.client.app, base_url="http://127.0.0.1",
                          raise_server_exceptions=False, follow_redirects=True)

    def get(self, path: str, client: TestClient | None = None, **kw: object):
        response = (client or self.client).get(path, **kw)
        self.bodies.append(response.text)
        return response

    def post(self, path: str, data: dict, client: TestClient | None = None):
        response = (client or self.client).post(path, data=data)
        self.bodies.append(response.text)
        return response

    def enter(self, issued: Issued, client: TestClient | None = None) -> str:
        """Open the invitation link; returns the CSRF token of the page reached."""
        response = self.get(f"/i/{issued.token}", client)
        assert response.status_code == 200, response.text
        return csrf_of(response.text)

    def start(self, issued: Issued, client: TestClient | None = None) -> tuple[str, int]:
        """Open the link and start; returns (csrf, attempt id)."""
        csrf = self.enter(issued, client)
        response = self.post("/quiz/start", {"csrf": csrf}, client)
        assert response.url.path == "/quiz/q/1", response.text
        attempt_id = self.store.get("invitations", issued.invitation.id).attempt_id
        self.store.refresh()
        return csrf, self.store.get("invitations", issued.invitation.id).attempt_id or attempt_id

    def answer(self, number: int, positions: list[int], csrf: str, go: str = "next",
               client: TestClient | None = None):
        return self.post(f"/quiz/q/{number}",
                         {"csrf": csrf, "choice": [str(p) for p in positions], "go": go},
                         client)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def build(path: Path, **kw: object) -> Quiz:
    clock = Clock()
    store = quiz_project(path, clock=clock, **kw)
    desk = Desk(store, clock=clock)
    client = TestClient(make_web_app(desk), base_url="http://127.0.0.1",
                        raise_server_exceptions=False, follow_redirects=True)
    return Quiz(store, clock, desk, client)


@pytest.fixture
def quiz(tmp_path: Path) -> Quiz:
    return build(tmp_path / "quiz.json")
