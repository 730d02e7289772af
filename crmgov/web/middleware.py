"""Security headers on every response, and one access-log line per request.

Pure ASGI (not Starlette's BaseHTTPMiddleware, which runs each response through an extra
task and stream): both only look at the response start.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOG = logging.getLogger("crmgov.web.access")

#: default-src 'self' is what the issue asks; the rest forbid what the pages never do.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy",
     b"default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
     b"object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]

_SECURITY_NAMES = frozenset(name for name, _value in SECURITY_HEADERS)

#: The invitation link carries a secret token: the log names the route, not the token.
_TOKEN_PATH = re.compile(r"^/i/[^/]*")


#: What a logged field may not hold raw: C0/C1 controls, DEL, the Unicode line and
#: paragraph separators, and the quote and backslash that delimit and escape the fields.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"\\]')
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100
                                else f"\\u{ord(char):04x}")


def loggable(value: object) -> str:
    """A field as logged: control characters escaped (`\\n`, `\\x00`…), so a request can
    neither start a line of its own in the log nor hide characters in it."""
    return _UNSAFE.sub(_escape, str(value))


def loggable_path(path: str) -> str:
    """The request path as logged: the token in /i/TOKEN is replaced (queries are never
    logged at all), control characters escaped."""
    return loggable(_TOKEN_PATH.sub("/i/[token]", path))


class SecurityHeaders:
    """Adds SECURITY_HEADERS, and `Cache-Control: no-store` to every page but the static
    files (answers and results must not sit in a shared cache)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", [])
                           if h[0].lower() not in _SECURITY_NAMES]
                headers += SECURITY_HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessLog:
    """Logs `client "METHOD path" status ms` once the response has started."""

    def __init__(self, app: ASGIApp, logger: logging.Logger = ACCESS_LOG) -> None:
        self.app = app
        self.logger = logger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            client = scope.get("client") or ("-", 0)
            self.logger.info(
                '%s "%s %s" %s %.0fms', loggable(client[0]), loggable(scope.get("method", "-")),
                loggable_path(str(scope.get("path", ""))), status["code"],
                (time.perf_counter() - started) * 1000,
            )
