"""The quiz's pages: welcome, questions, review, result, certificate.

Every handler finds the session from its cookie, rereads the invitation (a revoked one
ends the session at once), and calls the desk (crmgov.web.desk) in a worker thread: the
store takes a file lock and fsyncs, which must not block the event loop. A request makes
one trip to a worker thread, which rereads the project once (the invitation) and does
the page's reads and writes on that snapshot (`_session`'s `then`): each trip costs the
event loop and the thread a hand-over, and each reread a look at the project (on a
database, a query). Every POST carries the session's CSRF token and answers with a
redirect (post/redirect/get), so a reload never sends a form twice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response

from crmgov.domain.web.invite import Invitation, InviteState
from crmgov.i18n import LANGUAGES, N_
from crmgov.services.web import invites
from crmgov.services.web.invites import InviteError
from crmgov.web.desk import Desk, Refused
from crmgov.web.guard import SESSION_COOKIE, Session, csrf_ok
from crmgov.web.language import LANG_COOKIE, choose
from crmgov.web.render import page
from crmgov.web.views import Sitting


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def _client(request: Request) -> str:
    return request.client.host if request.client else "-"


def message(request: Request, title: str, text: str, status: int) -> Response:
    """A plain page with a title and one paragraph (refusals, errors)."""
    return page(request, "message.html", {"title": title, "text": text}, status=status)


def refused_link(request: Request, status: int = 403) -> Response:
    """The same page for an unknown, expired, revoked or used link: no hint which."""
    return page(request, "message.html", {
        "title": N_("This link does not open a quiz"),
        "text": N_("Ask the person who invited you for a new link."),
    }, status=status)


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


#: Largest form a page accepts: an answer is a few option numbers and a token, so a
#: bigger body is refused (413) before it is read, never parsed.
MAX_FORM_BYTES = 1024 * 1024


T = TypeVar("T")


def _cookie_session(request: Request) -> Session | None:
    """The session the cookie names (in memory: no worker thread), or None."""
    return _desk(request).sessions.get(request.cookies.get(SESSION_COOKIE))


async def _session(
    request: Request, then: Callable[[Invitation], T] | None = None,
    session: Session | None = None,
) -> tuple[Session, Invitation, T | None] | None:
    """The session, its invitation and what `then(invitation)` returned (None without
    `then`), or None (no cookie, unknown, revoked or expired: `request.state.ended` then
    says which, for `_no_session`). One trip to a worker thread: the invitation is read
    (rereading the project) and `then` runs right after it, on the same snapshot (the
    desk's calls with `fresh=False`); its exceptions come through. `session`: the one
    the caller has found already (`_cookie_session`)."""
    desk = _desk(request)
    session = session or _cookie_session(request)
    if session is None:
        return None
    invite_id = session.invite_id

    def work() -> tuple[Invitation | None, str, T | None]:
        invite = desk.invitation(invite_id)
        if invite is None:
            return None, _ended(desk, invite_id), None
        return invite, "", then(invite) if then is not None else None

    invite, ended, value = await run_in_threadpool(work)
    if invite is None:
        request.state.ended = ended
        desk.sessions.drop_invite(invite_id)
        return None
    return session, invite, value


def _ended(desk: Desk, invite_id: int) -> str:
    """Why a session's invitation no longer lets it in ("revoked", "expired" or "")."""
    try:
        state = invites.get(desk.store, invite_id).state(desk.clock())
    except InviteError:
        return ""
    return str(state) if state in (InviteState.REVOKED, InviteState.EXPIRED) else ""


#: Remembers, after the session is gone, that its invitation was revoked or expired, so
#: a reload keeps saying so (not "open the link again", which would only be refused).
ENDED_COOKIE = "crmgov_ended"


def _no_session(request: Request) -> Response:
    ended = getattr(request.state, "ended", "")
    if ended:
        response = _ended_page(request, ended)
        response.set_cookie(ENDED_COOKIE, ended, max_age=7 * 86400, httponly=True,
                            samesite="strict", secure=request.url.scheme == "https", path="/")
        return response
    return _ended_page(request, request.cookies.get(ENDED_COOKIE, ""))


def _ended_page(request: Request, ended: str) -> Response:
    if ended == "revoked":
        return message(request, N_("This invitation was revoked"),
                       N_("The person who invited you has revoked this invitation, so it no "
                          "longer opens the quiz. If you still need to take the quiz, ask "
                          "them for a new link."), 403)
    if ended == "expired":
        return message(request, N_("This invitation has expired"),
                       N_("The time to take the quiz with this invitation is over. If you "
                          "still need to take the quiz, ask the person who invited you for a "
                          "new link."), 403)
    return message(request, N_("Your session has ended"),
                   N_("Open the link from your invitation again: your answers are kept."), 403)


# ------------------------------------------------------------------------ entering
async def home(request: Request) -> Response:
    """/ : back to the quiz, or how to get in."""
    if await _session(request) is not None:
        return _redirect("/quiz")
    return message(request, N_("Certification quiz"),
                   N_("Open the link from your invitation to take your quiz."), 200)


async def enter(request: Request) -> Response:
    """/i/TOKEN: a good token opens a session (cookie) and leaves the token out of the
    address bar; any other gets the same refusal, and too many get the client blocked.

    A valid token opens even from a blocked address (issue 22 item 7: ten people behind
    one office address opening old links must not shut the eleventh out), so the token is
    judged first and the throttle answers only a wrong one. That gives a blocked guesser
    nothing the throttle kept from him: what he learns is still only whether the exact
    token he sent is a valid one (a 256-bit secret: no near miss, no "expired" or
    "revoked" told apart, the hashes compared in constant time), every wrong token he
    sends keeps counting (his block never runs out while he guesses), and his wrong
    tokens are judged on the data in memory, without waiting for the project's lock or
    rereading it, so a flood of them costs the server next to nothing."""
    desk = _desk(request)
    client = _client(request)
    blocked = desk.limit.blocked(client)
    token = str(request.path_params.get("token", ""))
    invite = await run_in_threadpool(desk.admit, token, not blocked)
    if invite is None:
        desk.limit.failed(client)
        if blocked:
            return message(request, N_("Too many attempts"),
                           N_("Wait a few minutes, then open the link from your invitation "
                              "again."), 429)
        return refused_link(request)
    sid, _session_obj = desk.sessions.create(invite.id)
    response = _redirect("/quiz")
    response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    if ENDED_COOKIE in request.cookies:  # a new link: the old one's reason is over
        response.delete_cookie(ENDED_COOKIE, path="/")
    return response


async def set_language(request: Request) -> Response:
    """/lang/en or /lang/zh?next=/quiz/q/3: remember the choice, go back."""
    lang = str(request.path_params["lang"])
    if lang not in LANGUAGES:
        return message(request, N_("Page not found"), N_("There is no such page."), 404)
    target = request.query_params.get("next", "/")
    parts = urlsplit(target)
    # Only a path on this server (no scheme, no host, not //evil): no open redirect.
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = _redirect(target)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", path="/")
    return response


# ------------------------------------------------------------------------ the quiz
async def quiz(request: Request) -> Response:
    """/quiz: resume an attempt in progress, show a result, or the welcome page."""
    desk, lang = _desk(request), choose(request)

    def work(invite: Invitation) -> str | Any:
        sitting = desk.sitting(invite, lang, show=(), fresh=False)
        if sitting is not None:
            return f"/quiz/q/{sitting.resume_at()}"
        if desk.result(invite, lang, fresh=False) is not None:
            return "/quiz/result"
        return desk.welcome(invite, lang, fresh=False)

    found = await _session(request, work)
    if found is None:
        return _no_session(request)
    session, _invite, outcome = found
    if isinstance(outcome, str):
        return _redirect(outcome)
    return page(request, "welcome.html", {"w": outcome, "csrf": session.csrf})


class _FormRefused(Exception):
    """A form that cannot be read: too large (413), or not a form (400)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


async def _read_form(request: Request) -> FormData:
    """The page's form (application/x-www-form-urlencoded, as every form here posts),
    read up to MAX_FORM_BYTES: a larger one raises _FormRefused(413) without being read
    further, anything else that is not such a form _FormRefused(400)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("", "application/x-www-form-urlencoded"):
        raise _FormRefused(400)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise _FormRefused(413)
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise _FormRefused(413)
    except ClientDisconnect:
        raise _FormRefused(400) from None
    try:
        fields: list[tuple[str, str | UploadFile]] = list(parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, max_num_fields=1000,
            errors="strict"))
    except (UnicodeDecodeError, ValueError):
        raise _FormRefused(400) from None
    return FormData(fields)


def _form_refused(request: Request, status: int) -> Response:
    if status == 413:
        return message(request, N_("The form is too large"),
                       N_("Nothing was saved. Go back, reload the page and answer again."),
                       413)
    return message(request, N_("The form could not be read"),
                   N_("Nothing was saved. Go back, reload the page and answer again."), 400)


async def _form(request: Request, session: Session) -> FormData | Response:
    """The posted form, or the page to answer instead: a bad CSRF token (403), a form too
    large (413) or unreadable (400)."""
    try:
        form = await _read_form(request)
    except _FormRefused as exc:
        return _form_refused(request, exc.status)
    if not csrf_ok(session, form.get("csrf")):
        return _bad_form(request)
    return form


def _bad_form(request: Request) -> Response:
    return message(request, N_("The form has expired"),
                   N_("Go back, reload the page and try again."), 403)


async def start(request: Request) -> Response:
    """POST /quiz/start: draw the questions and begin the clock."""
    session = _cookie_session(request)
    if session is None:
        return _no_session(request)
    # The form before the trip to the worker (which then starts the attempt at once);
    # an ended session still says so first, as a bad form comes second.
    form = await _form(request, session)
    desk, lang = _desk(request), choose(request)

    def work(invite: Invitation) -> Sitting | Refused | None:
        if isinstance(form, Response):
            return None
        try:
            return desk.start(invite, lang)
        except Refused as exc:
            return exc

    found = await _session(request, work, session)
    if found is None:
        return _no_session(request)
    if isinstance(form, Response):
        return form
    outcome = found[2]
    if isinstance(outcome, Refused):
        return message(request, N_("The quiz cannot start"), outcome.text(lang), 409)
    assert outcome is not None
    return _redirect(f"/quiz/q/{outcome.resume_at()}")


async def question(request: Request) -> Response:
    """/quiz/q/N: question N with its progress and the time left."""
    desk, lang = _desk(request), choose(request)
    number = int(request.path_params["number"])
    found = await _session(request, lambda invite: desk.sitting(
        invite, lang, show=(number,), fresh=False))
    if found is None:
        return _no_session(request)
    session, _invite, sitting = found
    if sitting is None:
        return _redirect("/quiz")
    if not 1 <= number <= len(sitting.items):
        return message(request, N_("Page not found"), N_("There is no such page."), 404)
    return page(request, "question.html", {
        "s": sitting, "item": sitting.items[number - 1], "csrf": session.csrf,
        "notice": request.query_params.get("notice", ""),
    })


async def save(request: Request) -> Response:
    """POST /quiz/q/N: save the answer (durably, before answering), then go on."""
    session = _cookie_session(request)
    if session is None:
        return _no_session(request)
    # The form before the trip to the worker, which then checks the invitation and saves
    # in one go; an ended session still says so first, a bad form or choice second.
    form = await _form(request, session)
    number = int(request.path_params["number"])
    lang = choose(request)
    positions: list[int] | None = None
    if not isinstance(form, Response):
        try:
            positions = sorted({int(str(v)) for v in form.getlist("choice")})
        except ValueError:
            positions = None
    desk = _desk(request)

    def work(invite: Invitation) -> int | Refused | None:
        if positions is None:
            return None
        try:
            return desk.save(invite, number, positions, fresh=False)
        except Refused as exc:
            return exc

    found = await _session(request, work, session)
    if found is None:
        return _no_session(request)
    if isinstance(form, Response):
        return form
    if positions is None:
        return message(request, N_("That answer was not saved"),
                       Refused("bad_answer").text(lang), 400)
    questions = found[2]
    if isinstance(questions, Refused):
        if questions.code in ("submitted", "time_up"):
            return _redirect("/quiz/result")
        return message(request, N_("That answer was not saved"), questions.text(lang), 400)
    if questions is None:
        return _redirect("/quiz")
    go = form.get("go", "next")
    if go == "prev":
        return _redirect(f"/quiz/q/{max(1, number - 1)}")
    if go == "review" or number >= questions:
        return _redirect("/quiz/review")
    return _redirect(f"/quiz/q/{number + 1}")


async def review(request: Request) -> Response:
    """/quiz/review: every question with whether it is answered; submit from here."""
    desk, lang = _desk(request), choose(request)
    found = await _session(request, lambda invite: desk.sitting(invite, lang, fresh=False))
    if found is None:
        return _no_session(request)
    session, _invite, sitting = found
    if sitting is None:
        return _redirect("/quiz")
    return page(request, "review.html", {"s": sitting, "csrf": session.csrf})


async def submit(request: Request) -> Response:
    """POST /quiz/submit: grade the attempt; it cannot change afterwards."""
    session = _cookie_session(request)
    if session is None:
        return _no_session(request)
    form = await _form(request, session)  # before the worker's trip, as in `save`
    desk = _desk(request)

    def work(invite: Invitation) -> Refused | None:
        if isinstance(form, Response):
            return None
        try:
            desk.submit(invite)
        except Refused as exc:
            return exc
        return None

    found = await _session(request, work, session)
    if found is None:
        return _no_session(request)
    if isinstance(form, Response):
        return form
    refusal = found[2]
    if refusal is not None and refusal.code not in ("submitted", "time_up"):
        return message(request, N_("The quiz was not submitted"),
                       refusal.text(choose(request)), 409)
    return _redirect("/quiz/result")


async def result(request: Request) -> Response:
    """/quiz/result: scores per section, and what to reread."""
    desk, lang = _desk(request), choose(request)
    found = await _session(request, lambda invite: desk.result(invite, lang, fresh=False))
    if found is None:
        return _no_session(request)
    outcome = found[2]
    if outcome is None:
        return _redirect("/quiz")
    return page(request, "result.html", {"r": outcome})


async def certificate(request: Request) -> Response:
    """/quiz/certificate: the certificate to print (only after a pass)."""
    desk, lang = _desk(request), choose(request)
    found = await _session(request, lambda invite: desk.result(invite, lang, fresh=False))
    if found is None:
        return _no_session(request)
    outcome = found[2]
    if outcome is None or outcome.certificate is None:
        return message(request, N_("Page not found"), N_("There is no such page."), 404)
    return page(request, "certificate.html", {"r": outcome, "c": outcome.certificate})
