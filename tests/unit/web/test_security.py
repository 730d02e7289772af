"""The quiz server's security promises, one test each (issue 12, "Security")."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from benchmarks.quiz_fixture import right_positions, wrong_positions
from crmgov.web.middleware import SECURITY_HEADERS
from tests.unit.web.conftest import Quiz, build

MARKER = "EXPLANATION"


def _take_whole_quiz(quiz: Quiz, *, right: bool) -> list[str]:
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    answers = (right_positions if right else wrong_positions)(quiz.store, attempt_id)
    for number, positions in enumerate(answers, start=1):
        quiz.answer(number, positions, csrf)
        quiz.get(f"/quiz/q/{number}")
    quiz.get("/quiz/review")
    quiz.post("/quiz/submit", {"csrf": csrf})
    quiz.get("/quiz/result")
    quiz.get("/quiz/certificate")
    return quiz.bodies


@pytest.mark.parametrize("right", [True, False])
def test_the_answer_key_is_in_no_response_body(quiz: Quiz, right: bool) -> None:
    bodies = _take_whole_quiz(quiz, right=right)
    assert len(bodies) > 25
    assert not [b for b in bodies if MARKER in b]  # explanations never leave the server
    # The result names no option at all (the quiz does not allow reviewing answers).
    assert "Option " not in quiz.get("/quiz/result").text


def test_question_pages_do_not_depend_on_the_key(tmp_path: Path) -> None:
    """The same draw over two banks that differ only in their right answers gives the same
    pages: nothing in them can tell which option is right."""
    pages = []
    for swap in (False, True):
        quiz = build(tmp_path / f"bank-{swap}.json", swap_key=swap)
        issued = quiz.invite()
        csrf = quiz.enter(issued)
        from crmgov.services.certification.quiz import start_attempt

        start_attempt(quiz.store, 1, "new-hire", quiz.clock(), language="en", seed=7)
        quiz.get("/quiz")
        bodies = [quiz.get(f"/quiz/q/{n}").text.replace(csrf, "CSRF") for n in range(1, 11)]
        pages.append(bodies)
    assert pages[0] == pages[1]


def test_every_post_needs_the_csrf_token(quiz: Quiz) -> None:
    issued = quiz.invite()
    csrf = quiz.enter(issued)
    # One character changed (a token may itself end in "A": 1 in 16 for the last one).
    altered = csrf[:-1] + ("B" if csrf.endswith("A") else "A")
    for data in ({}, {"csrf": "forged"}, {"csrf": altered}):
        assert quiz.post("/quiz/start", data).status_code == 403
    assert quiz.store.all("quiz_attempts") == []
    csrf, attempt_id = quiz.start(issued)
    right = right_positions(quiz.store, attempt_id)
    bad = quiz.post("/quiz/q/1", {"choice": str(right[0][0]), "go": "next"})
    assert bad.status_code == 403 and "The form has expired" in bad.text
    assert quiz.post("/quiz/submit", {"csrf": "nope"}).status_code == 403
    attempt = quiz.store.get("quiz_attempts", attempt_id)
    assert not attempt.submitted and attempt.items[0].answer is None
    # Another person's session token is no good either.
    other = quiz.browser()
    other_csrf = quiz.enter(quiz.invite(staff_id=2), other)
    assert quiz.post("/quiz/submit", {"csrf": other_csrf}).status_code == 403


def test_wrong_expired_revoked_and_used_links_look_the_same(quiz: Quiz) -> None:
    from crmgov.services.web.invites import revoke

    expired = quiz.invite(valid=timedelta(minutes=10))
    revoked = quiz.invite()
    revoke(quiz.store, str(revoked.invitation.id), quiz.clock())
    used = quiz.invite(staff_id=2)
    taker = quiz.browser()
    csrf, _ = quiz.start(used, taker)
    quiz.post("/quiz/submit", {"csrf": csrf}, taker)
    quiz.clock.advance(minutes=11)
    bodies = set()
    for token in ("x" * 43, expired.token, revoked.token, used.token, used.token[:-1]):
        response = quiz.browser().get(f"/i/{token}")
        assert response.status_code == 403
        assert "set-cookie" not in response.headers
        bodies.add(response.text)
    assert len(bodies) == 1


def test_token_guessing_is_rate_limited(quiz: Quiz) -> None:
    limit = quiz.desk.limit
    for n in range(limit.per_client):
        assert quiz.client.get(f"/i/guess{n}").status_code == 403
    blocked = quiz.client.get("/i/guess-more")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.text
    quiz.desk.limit.window = 0  # the window has passed
    assert quiz.client.get("/i/guess-again").status_code == 403


def test_a_valid_link_opens_from_an_address_that_spent_its_budget(quiz: Quiz) -> None:
    """Issue 22 item 7: the throttle slows guesses, it never shuts out a valid link (an
    office behind one address where ten people opened old or mistyped links)."""
    from crmgov.services.web.invites import revoke

    limit = quiz.desk.limit
    good, revoked = quiz.invite(), quiz.invite(staff_id=2)
    revoke(quiz.store, str(revoked.invitation.id), quiz.clock())
    for n in range(limit.per_client):
        assert quiz.client.get(f"/i/guess{n}").status_code == 403
    assert limit.blocked("testclient")
    # Every wrong token from the blocked address gets the same 429 (an unknown one and a
    # revoked one alike), and still counts.
    bodies = set()
    for token in ("y" * 43, revoked.token):
        response = quiz.browser().get(f"/i/{token}")
        assert response.status_code == 429 and "set-cookie" not in response.headers
        bodies.add(response.text)
    assert len(bodies) == 1
    assert len(limit._all) == limit.per_client + 2
    # The valid link opens from that very address (before: 429 for ten minutes).
    taker = quiz.browser()
    opened = taker.get(f"/i/{good.token}")
    assert opened.status_code == 200 and opened.url.path == "/quiz"
    assert "Start" in opened.text
    assert limit.blocked("testclient")  # guessing stays throttled


class _SpyLock:
    """The desk's lock, counting the times a request waited for it."""

    def __init__(self, lock: object) -> None:
        self.lock, self.waits = lock, 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        self.waits += bool(blocking)
        return bool(self.lock.acquire(blocking, timeout))  # type: ignore[attr-defined]

    def release(self) -> None:
        self.lock.release()  # type: ignore[attr-defined]

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def test_a_blocked_address_never_makes_the_desk_wait_or_reread(quiz: Quiz) -> None:
    """A blocked address's wrong token is judged on the data in memory: it neither waits
    for the lock (behind a batch of answers) nor rereads the project, so a flood of
    guesses from it costs the server next to nothing."""
    limit = quiz.desk.limit
    for n in range(limit.per_client):
        assert quiz.client.get(f"/i/guess{n}").status_code == 403
    spy = _SpyLock(quiz.desk._lock)
    quiz.desk._lock = spy  # type: ignore[assignment]
    for n in range(5):
        assert quiz.client.get(f"/i/more{n}").status_code == 429
    assert spy.waits == 0
    other = TestClient(quiz.client.app, base_url="http://127.0.0.1", client=("10.9.9.9", 1))
    assert other.get("/i/fresh-guess").status_code == 403
    assert spy.waits == 1  # an address not blocked: a miss is judged on a fresh read


def test_tokens_are_long_random_and_not_stored(quiz: Quiz) -> None:
    tokens = {quiz.invite().token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(t) >= 43 for t in tokens)  # 32 bytes in URL-safe base64: 256 bits
    text = quiz.store.path.read_text(encoding="utf-8")
    audit = quiz.store.audit.path.read_text(encoding="utf-8")
    assert not [t for t in tokens if t in text or t in audit]


def test_a_revoked_invitation_ends_its_session(quiz: Quiz) -> None:
    from crmgov.services.web.invites import revoke

    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    revoke(quiz.store, "Taker 1", quiz.clock())
    response = quiz.get("/quiz/q/1")
    assert response.status_code == 403 and "invitation was revoked" in response.text
    assert quiz.answer(1, [0], csrf).status_code == 403
    assert quiz.store.get("quiz_attempts", attempt_id).items[0].answer is None


def test_user_text_is_escaped(quiz: Quiz) -> None:
    person = quiz.store.get("staff", 1)
    with quiz.store.transaction("test") as txn:
        txn.update("staff", person.model_copy(update={"name": "<script>alert(1)</script>"}))
    quiz.enter(quiz.invite())
    page = quiz.bodies[-1]
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_security_headers_on_every_kind_of_response(quiz: Quiz) -> None:
    issued = quiz.invite()
    responses = [
        quiz.client.get("/"), quiz.client.get("/nowhere"), quiz.client.get("/static/quiz.css"),
        quiz.client.get("/i/bad"), quiz.client.get(f"/i/{issued.token}"),
        quiz.client.post("/quiz/start", data={}), quiz.client.get("/static/"),
    ]
    for response in responses:
        for name, value in SECURITY_HEADERS:
            assert response.headers[name.decode()] == value.decode(), response.url
        assert response.headers["content-security-policy"].startswith("default-src 'self'")
        assert "server" not in response.headers
    assert responses[0].headers["cache-control"] == "no-store"


def test_custom_404_and_no_directory_listing(quiz: Quiz) -> None:
    for path in ("/nowhere", "/static/", "/static", "/static/../pyproject.toml", "/quiz/q/x"):
        response = quiz.client.get(path)
        assert response.status_code == 404, path
        assert "Page not found" in response.text and "quiz.css</a>" not in response.text
    assert quiz.client.put("/quiz").status_code == 405


def test_server_error_page_has_no_traceback(quiz: Quiz, caplog: pytest.LogCaptureFixture
                                            ) -> None:
    issued = quiz.invite()
    quiz.enter(issued)

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("secret internals /work/path")

    quiz.desk.sitting = broken  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="crmgov.web.error"):
        response = quiz.client.get("/quiz")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "Traceback" not in response.text and "secret internals" not in response.text
    assert "content-security-policy" in response.headers
    assert "secret internals" in caplog.text  # the server's log keeps it


def test_access_log_has_a_line_per_request_and_no_token(
    quiz: Quiz, caplog: pytest.LogCaptureFixture
) -> None:
    issued = quiz.invite()
    with caplog.at_level(logging.INFO, logger="crmgov.web.access"):
        quiz.client.get(f"/i/{issued.token}?lang=zh")
        quiz.client.get("/nowhere")
    lines = [r.getMessage() for r in caplog.records if r.name == "crmgov.web.access"]
    assert len(lines) == 3  # the link, its redirect to /quiz, the 404
    assert '"GET /i/[token]" 303' in lines[0]
    assert '"GET /quiz" 200' in lines[1] and '"GET /nowhere" 404' in lines[2]
    assert not [line for line in lines if issued.token in line or "lang=" in line]


def test_session_cookie_is_http_only_and_strict(quiz: Quiz) -> None:
    issued = quiz.invite()
    response = quiz.client.get(f"/i/{issued.token}", follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert issued.token not in cookie
    assert response.headers["location"] == "/quiz"


def test_right_answers_only_when_the_quiz_allows_review(quiz: Quiz) -> None:
    [definition] = quiz.store.all("quizzes")
    with quiz.store.transaction("test") as txn:
        txn.update("quizzes", definition.model_copy(update={"show_answers": True}))
    issued = quiz.invite()
    csrf, attempt_id = quiz.start(issued)
    before = list(quiz.bodies)
    quiz.post("/quiz/submit", {"csrf": csrf})
    assert not [b for b in before if MARKER in b]  # never before submitting
    result = quiz.get("/quiz/result").text
    assert "The right answers" in result and MARKER in result  # the explanations, after


def test_nobody_sees_anybody_elses_attempt(quiz: Quiz) -> None:
    first, second = quiz.invite(staff_id=1), quiz.invite(staff_id=2)
    csrf_1, attempt_1 = quiz.start(first)
    other = quiz.browser()
    csrf_2, attempt_2 = quiz.start(second, other)
    assert attempt_1 != attempt_2
    quiz.answer(1, [0], csrf_1)
    page = quiz.get("/quiz/review", other).text
    assert "0 / 10 answered" in page
    assert quiz.store.get("quiz_attempts", attempt_2).items[0].answer is None


def test_a_request_cannot_forge_or_hide_an_access_log_line(
    quiz: Quiz, caplog: pytest.LogCaptureFixture
) -> None:
    forged = '/x%0a2026-12-07 06:00:00 10.0.0.66 "POST /quiz/submit" 303'
    with caplog.at_level(logging.INFO, logger="crmgov.web.access"):
        quiz.get(forged)
        quiz.get("/nul%00here%0d%e2%80%a8x")
        quiz.get("/i/tok%0aen")
    lines = [r.getMessage() for r in caplog.records if r.name == "crmgov.web.access"]
    assert len(lines) == 3
    for line in lines:
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029"
                       for c in line), repr(line)
    assert '"GET /x\\n2026-12-07 06:00:00 10.0.0.66 \\"POST /quiz/submit\\" 303" 404' in lines[0]
    assert '"GET /nul\\x00here\\r\\u2028x" 404' in lines[1]
    assert lines[2].split(" ")[1:4] == ['"GET', '/i/[token]"', "403"]  # all of it hidden


def test_one_link_opened_again_and_again_cannot_push_other_sessions_out(quiz: Quiz) -> None:
    from crmgov.web.guard import Sessions

    quiz.desk.sessions = Sessions(limit=50)  # the server's 20,000, scaled down
    honest, flooder = quiz.invite(1), quiz.invite(2)
    mine = quiz.browser()
    quiz.enter(honest, mine)
    flood = quiz.browser()
    for _ in range(200):  # four times the bound, all with one valid link
        assert flood.get(f"/i/{flooder.token}", follow_redirects=False).status_code == 303
    assert quiz.get("/quiz", mine).status_code == 200  # still in, no "session has ended"
    assert len(quiz.desk.sessions) <= 1 + 3  # the flooder keeps only its newest few
    assert quiz.get("/quiz", flood).status_code == 200  # and the newest of them works


def test_a_taker_keeps_a_few_devices_and_the_newest_always_works() -> None:
    from crmgov.web.guard import Sessions

    sessions = Sessions(per_invite=3)
    ids = [sessions.create(7)[0] for _ in range(5)]
    other, _s = sessions.create(8)
    assert [sessions.get(sid) is not None for sid in ids] == [False, False, True, True, True]
    sessions.drop_invite(7)
    assert all(sessions.get(sid) is None for sid in ids) and sessions.get(other) is not None


def test_many_guessing_addresses_do_not_lock_out_valid_links(quiz: Quiz) -> None:
    limit = quiz.desk.limit
    for n in range(20):  # 10 wrong tokens from each of 20 addresses: the budget is spent
        guesser = TestClient(quiz.client.app, base_url="http://127.0.0.1",
                             client=(f"10.0.0.{n + 1}", 40000))
        for g in range(limit.per_client):
            assert guesser.get(f"/i/guess{n}-{g}").status_code == 403
    assert guesser.get("/i/guess-more").status_code == 429  # that address is refused
    good = quiz.invite()
    # An honest taker's valid link opens (before: 429 for everyone, for 10 minutes).
    assert quiz.get(f"/i/{good.token}").status_code == 200
    assert limit.busy()
    # A new address may still guess, but slowly: one wrong token, then it waits.
    newcomer = TestClient(quiz.client.app, base_url="http://127.0.0.1",
                          client=("10.0.1.1", 40000))
    assert newcomer.get("/i/guess-new-1").status_code == 403
    assert newcomer.get("/i/guess-new-2").status_code == 429


def test_ipv6_guessers_count_per_64() -> None:
    from crmgov.web.guard import FailureLimit

    limit = FailureLimit(per_client=3)
    for n in range(3):
        limit.failed(f"2001:db8:1:2::{n + 1}")
    assert limit.blocked("2001:db8:1:2:ffff::9")  # the same /64
    assert not limit.blocked("2001:db8:1:3::1") and not limit.blocked("10.0.0.1")
    limit.failed("::ffff:10.0.0.1")  # an IPv4 address written as IPv6 is that address
    assert limit._client.get("10.0.0.1")
