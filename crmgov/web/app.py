"""The Starlette application: routes, error pages, security headers, access log."""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from crmgov.i18n import N_
from crmgov.paths import web_static_dir
from crmgov.web import pages
from crmgov.web.desk import Desk
from crmgov.web.middleware import AccessLog, SecurityHeaders, loggable_path

STATIC = web_static_dir()
ERROR_LOG = logging.getLogger("crmgov.web.error")


async def not_found(request: Request, exc: Exception) -> Response:
    """Our own 404 (and other HTTP errors): a plain page, never Starlette's text."""
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if status == 405:
        return pages.message(request, N_("Page not found"), N_("There is no such page."), 405)
    return pages.message(request, N_("Page not found"), N_("There is no such page."), status)


async def server_error(request: Request, exc: Exception) -> Response:
    """Our own 500: the traceback goes to the server's log, never to the browser."""
    ERROR_LOG.error("error answering %s %s", request.method,
                    loggable_path(request.url.path), exc_info=exc)
    return pages.message(
        request, N_("Something went wrong"),
        N_("Your answers so far are saved. Wait a moment, then reload the page."), 500,
    )


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
        exception_handlers={HTTPException: not_found, 404: not_found, 500: server_error,
                            Exception: server_error},
    )
    app.state.desk = desk
    return SecurityHeaders(AccessLog(app))
