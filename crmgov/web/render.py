"""Pages from the Jinja2 templates in crmgov/web/templates (shipped in the package).

Autoescape is on for every template, so every text a person typed (names, questions,
options) is escaped. The templates are the package's own, not users' files, so the plain
Environment (not the sandbox) is used, with StrictUndefined: a misspelt name is an error.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from crmgov.paths import web_templates_dir
from crmgov.web.language import choose, topic_name, translator

TEMPLATES = web_templates_dir()


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The one template environment of the server. Each template is compiled once and
    kept (`auto_reload=False`): the templates are shipped with the package and do not
    change under a running server, and Jinja's default asks the file system for each
    template's time (the page and every template it extends or includes) on every page."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def page(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200,
    lang: str | None = None,
) -> HTMLResponse:
    """Render template `name` in the request's language."""
    lang = lang or choose(request)
    values = {
        "_": translator(lang),
        "lang": lang,
        # Topic codes of the bank ("service-cases") as words in the page's language.
        "topic": lambda code: topic_name(str(code), lang),
        # Where the language links come back to; never the invitation link (its token
        # would end up in a query string, and a language switch must not reuse it).
        "here": "/" if request.url.path.startswith("/i/") else request.url.path,
        "csrf": "",
        "status": status,
        **(context or {}),
    }
    html = environment().get_template(name).render(**values)
    return HTMLResponse(html, status_code=status)
