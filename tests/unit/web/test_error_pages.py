"""Every error page says what it is, in the taker's language, and never a traceback."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from starlette.testclient import TestClient

from crmgov.web.language import translator
from tests.unit.web.conftest import Quiz

Trigger = Callable[[Quiz, TestClient], object]


def _session(quiz: Quiz, client: TestClient) -> str:
    return quiz.enter(quiz.invite(), client)


def _400(quiz: Quiz, client: TestClient) -> object:
    csrf = _session(quiz, client)
    quiz.post("/quiz/start", {"csrf": csrf}, client)
    return client.post("/quiz/q/1", data={"csrf": csrf, "choice": "one"})


def _403(quiz: Quiz, client: TestClient) -> object:
    return client.get("/quiz")  # no session


def _404(quiz: Quiz, client: TestClient) -> object:
    return client.get("/no/such/page")


def _405(quiz: Quiz, client: TestClient) -> object:
    return client.get("/quiz/start")  # a form's address opened as a page


def _405_static(quiz: Quiz, client: TestClient) -> object:
    return client.post("/static/quiz.css")


def _413(quiz: Quiz, client: TestClient) -> object:
    csrf = _session(quiz, client)
    return client.post("/quiz/start", data={"csrf": csrf, "pad": "x" * (1024 * 1024 + 1)})


def _429(quiz: Quiz, client: TestClient) -> object:
    for n in range(quiz.desk.limit.per_client):
        client.get(f"/i/guess{n}")
    return client.get("/i/guess-more")


def _500(quiz: Quiz, client: TestClient) -> object:
    def broken(*_a: object, **_k: object) -> object:
        raise RuntimeError("SECRET-DETAIL of the failure")

    quiz.desk.welcome = broken  # type: ignore[method-assign]
    client.get(f"/i/{quiz.invite().token}", follow_redirects=False)  # opens the session
    return client.get("/quiz")


CASES = [
    (400, _400, "That answer was not saved"),
    (403, _403, "Your session has ended"),
    (404, _404, "Page not found"),
    (405, _405, "This address does not take that request"),
    (405, _405_static, "This address does not take that request"),
    (413, _413, "The form is too large"),
    (429, _429, "Too many attempts"),
    (500, _500, "Something went wrong"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("status", "trigger", "title"), CASES,
                         ids=[f"{c[0]}-{c[1].__name__}" for c in CASES])
def test_every_error_page_says_what_it_is(
    quiz: Quiz, lang: str, status: int, trigger: Trigger, title: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = quiz.browser()
    client.cookies.set("crmgov_lang", lang)
    with caplog.at_level(logging.ERROR, logger="crmgov.web.error"):
        response = trigger(quiz, client)
    assert response.status_code == status  # type: ignore[attr-defined]
    html = response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("text/html")  # type: ignore[attr-defined]
    t = translator(lang)
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert heading and heading.group(1).strip() == t(title), html
    assert t("Error {code}", code=status) in html  # the code, for whoever helps the taker
    assert ('<html lang="zh-Hans">' in html) == (lang == "zh")
    if lang == "zh":
        assert title not in html
    assert "Traceback" not in html and "SECRET-DETAIL" not in html
    logged = [r for r in caplog.records if r.name == "crmgov.web.error"]
    if status == 500:
        assert len(logged) == 1 and logged[0].exc_info is not None
        assert "SECRET-DETAIL" in logging.Formatter().format(logged[0])
    else:
        assert not logged


def test_the_500_page_survives_a_broken_template(
    quiz: Quiz, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    """If even the page cannot be drawn, the taker still reads a plain page in their
    language, and the log holds both failures."""
    from crmgov.web import app

    def no_page(*_a: object, **_k: object) -> object:
        raise RuntimeError("template broken")

    monkeypatch.setattr(app.pages, "message", no_page)
    client = quiz.browser()
    with caplog.at_level(logging.ERROR, logger="crmgov.web.error"):
        response = client.get("/", headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 500
    assert translator("zh")("Something went wrong") in response.text
    assert "Traceback" not in response.text and "template broken" not in response.text
    assert [r for r in caplog.records if r.name == "crmgov.web.error"]


@pytest.mark.parametrize("status", [400, 403, 404, 405, 413, 429, 418])
def test_each_http_error_starlette_raises_gets_its_own_page(status: int) -> None:
    """The handler of Starlette's own HTTP errors names each one (before: every one,
    a 405 too, said "Page not found")."""
    import asyncio

    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    from crmgov.web.app import ERROR_PAGES, OTHER_ERROR, http_error

    request = Request({"type": "http", "method": "GET", "path": "/x", "query_string": b"",
                       "headers": [(b"accept-language", b"zh-CN")]})
    response = asyncio.run(http_error(request, HTTPException(status, headers={"Allow": "GET"})))
    html = bytes(response.body).decode()
    title, text = ERROR_PAGES.get(status, OTHER_ERROR)
    zh = translator("zh")
    assert response.status_code == status and response.headers["allow"] == "GET"
    assert f"<h1>{zh(title)}</h1>" in html and zh(text) in html
    assert zh("Error {code}", code=status) in html
    assert len({t for t, _x in ERROR_PAGES.values()}) == len(ERROR_PAGES)  # each its own
