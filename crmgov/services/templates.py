"""Rendering of every document crmgov writes from templates/<lang>/<area>/*.j2.

Templates are editable by users, so they run in Jinja2's SandboxedEnvironment (the plain one
lets a template reach Python internals) with StrictUndefined (a misspelt variable is an
error naming file and line, not a silent blank). Each area keeps its templates in its own
folder (`issues/status.md.j2`); what all areas share (the HTML page frame `base.html.j2`)
sits at the language's root. jinja2 is imported inside `render_template` because the import
alone costs ~0.1 s of startup.
"""

from __future__ import annotations

import html
import traceback
from pathlib import Path
from typing import Any

from crmgov.i18n import _, language
from crmgov.paths import templates_dir


class ReportError(ValueError):
    """A document could not be rendered; for template faults the message names file:line."""


def md_cell(value: object) -> str:
    """Make text safe inside a Markdown table cell: HTML escaped, `|` escaped, one line."""
    text = html.escape(str(value), quote=False).replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").split("\n"))


def _template_error(exc: Exception, *folders: str) -> ReportError:
    """file:line of the template frame that failed (jinja2 rewrites tracebacks to them)."""
    where = ""
    lineno = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None)
    if filename and lineno:
        where = f"{filename}:{lineno}"
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.startswith(folders):
                where = f"{frame.filename}:{frame.lineno}"
                break
    message = getattr(exc, "message", None) or str(exc)
    return ReportError(
        _("template error at {where}: {error}", where=where or folders[0], error=message)
    )


def render_template(
    name: str,
    context: dict[str, Any],
    *,
    lang: str | None = None,
    folder: Path | None = None,
    overrides: Path | None = None,
) -> str:
    """Render template `name` (e.g. "issues/status.html.j2") in `lang` (else the language in
    force) from `folder` (else the shipped templates); HTML templates autoescape.

    `overrides`: a user's template folder laid out like templates/ (`<lang>/<area>/…`);
    a file there replaces the shipped file of the same name, the rest stay shipped."""
    import jinja2  # deferred: ~0.1 s, only documents need it
    from jinja2.sandbox import SandboxedEnvironment

    base = (folder or templates_dir()) / (lang or language())
    searched = [str(base)]
    if overrides is not None:
        searched.insert(0, str(overrides / (lang or language())))
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(searched),
        undefined=jinja2.StrictUndefined,
        # Markdown has no escaping of its own: the md_cell filter does it per cell.
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ReportError(_("no template {name} in {folder}", name=exc.name, folder=base)) from None
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise _template_error(exc, *searched) from None
