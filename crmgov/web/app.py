"""The Starlette application: routes, error pages, security headers, access log."""

from __future__ import annotations

import logging
from html import escape

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from crmgov.i18n import N_
from crmgov.paths import web_static_dir
from crmgov.web import pages
from crmgov.web.desk import Desk
from crmgov.web.language import choose, translator
from crmgov.web.middleware import AccessLog, SecurityHeaders, loggable_path

STATIC = web_static_dir()
ERROR_LOG = logging.getLogger("crmgov.web.error")


#: The page of each HTTP error Starlette raises (a route that is not there, a method a
#: route does not take...): what it is, and what the taker can do. The pages' own
#: refusals (a bad form, a wrong link, too many attempts) carry their own words.
ERROR_PAGES = {
    400: (N_("The request could not be read"), N_("Go back, reload the page and try again.")),
    403: (N_("This page is not open to you"),
          N_("Open the link from your invitation again: your answers are kept.")),
    404: (N_("Page not found"), N_("There is no such page.")),
    405: (N_("This address does not take that request"),
          N_("Go back and use the buttons and links on the page.")),
    413: (N_("The form is too large"),
          N_("Nothing was saved. Go back, reload the page and answer again.")),
    429: (N_("Too many attempts"),
          N_("Wait a few minutes, then open the link from your invitation again.")),
}
OTHER_ERROR = (N_("The request was refused"), N_("Go back, reload the page and try again."))


async def http_error(request: Request, exc: Exception) -> Response:
    """Our own page for every HTTP error (never Starlette's plain text), saying which."""
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if status >= 500:
        return await server_error(request, exc)
    title, text = ERROR_PAGES.get(status, OTHER_ERROR)
    response = pages.message(request, title, text, status)
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)  # e.g. the Allow of a 405
    return response


#: Kept for callers of the old name.
not_found = http_error


async def server_error(request: Request, exc: Exception) -> Response:
    """Our own 500: the traceback goes to the server's log, never to the browser. If even
    the page cannot be drawn, a plain one in the taker's language stands in (logged)."""
    ERROR_LOG.error("error answering %s %s", request.method,
                    loggable_path(request.url.path), exc_info=exc)
    title = N_("Something went wrong")
    text = N_("Your answers so far are saved. Wait a moment, then reload the page.")
    try:
        return pages.message(request, title, text, 500)
    except Exception as failure:  # the template or the catalog itself: say it plainly
        ERROR_LOG.error("the error page failed too", exc_info=failure)
        lang = choose(request)
        t = translator(lang)
        body = (f'<!DOCTYPE html><html lang="{"zh-Hans" if lang == "zh" else "en"}">'
                f'<meta charset="utf-8"><title>{escape(t(title))}</title>'
                f"<h1>{escape(t(title))}</h1><p>{escape(t(text))}</p>"
                f"<p>{escape(t('Error {code}', code=500))}</p></html>")
        return HTMLResponse(body, status_code=500)


def make_web_app(desk: Desk) -> ASGIApp:
    """The quiz server's ASGI app over one desk (the store, its clock, the sessions).

    The headers and the log wrap the whole Starlette app, outside its error middleware,
    so that the 500 page, too, carries the headers and gets its log line.
    """
    routes = [
        Route("/", pages.home),
        Route("/i/{token}", pages.enter),
        Route("/lang/{lang}", pages.set_language),
        Route("/quiz", pages.quiz),
        Route("/quiz/start", pages.start, methods=["POST"]),
        Route("/quiz/q/{number:int}", pages.question),
        Route("/quiz/q/{number:int}", pages.save, methods=["POST"]),
        Route("/quiz/review", pages.review),
        Route("/quiz/submit", pages.submit, methods=["POST"]),
        Route("/quiz/result", pages.result),
        Route("/quiz/certificate", pages.certificate),
        # StaticFiles never lists a folder (html=False): a folder's URL is a 404.
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(
        debug=False,
        routes=routes,
        exception_handlers={HTTPException: http_error, 404: http_error, 500: server_error,
                            Exception: server_error},
    )
    app.state.desk = desk
    return SecurityHeaders(AccessLog(app))
