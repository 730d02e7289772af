"""Which language a page is in, and its translation function.

The TUI and CLI switch one process-wide language (`crmgov.i18n.set_language`); a server
answers people in both languages at once, so each request gets its own translator over
the same catalogs (crmgov/locale/zh/*.json, the web's strings in web.json).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from starlette.requests import Request

from crmgov.domain.certification.topics import topic_name as _topic_name
from crmgov.i18n import LANGUAGES, load_catalog

#: Cookie that remembers the language the taker chose on the page.
LANG_COOKIE = "crmgov_lang"

Translate = Callable[..., str]


@lru_cache(maxsize=len(LANGUAGES))
def _catalog(lang: str) -> dict[str, str]:
    return load_catalog(lang)


def translator(lang: str) -> Translate:
    """`_`-like function for one language: looks `message` up, then fills placeholders."""
    catalog = _catalog(lang)

    def translate(message: str, /, **values: object) -> str:
        text = catalog.get(message, message)
        return text.format(**values) if values else text

    return translate


def from_accept_language(header: str) -> str | None:
    """The first of our languages in an Accept-Language header, by q-value."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and q > 0:
            ranked.append((-q, position, primary))
    return min(ranked)[2] if ranked else None


def choose(request: Request, default: str = "en") -> str:
    """The language cookie if set, else Accept-Language, else `default`."""
    cookie = request.cookies.get(LANG_COOKIE, "")
    if cookie in LANGUAGES:
        return cookie
    return from_accept_language(request.headers.get("accept-language", "")) or default


def topic_name(code: str, lang: str) -> str:
    """A topic code as a new hire reads it, in `lang` (the names: domain.certification.topics,
    shared with the kiosk in the terminal)."""
    return _topic_name(code, translator(lang))
