"""Rendering of every document crmgov writes from templates/<lang>/<area>/*.j2.

Templates are editable by users, so they run in Jinja2's SandboxedEnvironment (the plain one
lets a template reach Python internals) with StrictUndefined (a misspelt variable is an
error naming file and line, not a silent blank). Each area keeps its templates in its own
folder (`issues/status.md.j2`); what all areas share (the HTML page frame `base.html.j2`)
sits at the language's root. jinja2 is imported inside `render_template` because the import
alone costs ~0.1 s of startup.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crmgov.i18n import _, language, use_language
from crmgov.paths import templates_dir
from crmgov.safe_text import visible


class ReportError(ValueError):
    """A document could not be rendered; for template faults the message names file:line."""


@contextmanager
def in_language(lang: str | None) -> Iterator[None]:
    """Everything translated inside (the labels a report's context computes with `_()`,
    a DOCX's contents caption) in `lang`, the language before restored afterwards.

    A report is asked for in a language (`render_report(..., lang)`); its templates follow
    `lang`, and so must every label computed in Python, or a zh report from an English
    process reads "approved" and "Contents". The switch is the current thread's (or
    asyncio task's) only (crmgov.i18n.use_language): a server answering in en and zh at
    once, or a report rendered beside the TUI, never changes another thread's language."""
    with use_language(lang):
        yield


#: Markdown punctuation that data must not turn into syntax: `[x](javascript:…)` links,
#: `![t](http://tracker/pixel.png)` images (fetched when the report is opened), code spans,
#: and the `|` that would split a table cell.
_MD_SYNTAX = str.maketrans({c: "\\" + c for c in "\\[]!`|"})
#: The only `<` and `&` a Markdown viewer would read as HTML: a tag, comment, declaration
#: or autolink opening, and an entity or character reference. Those get a backslash (a
#: CommonMark escape, shown as the plain character); every other `<`, `>` and `&` stays
#: as typed, so "Sales & Service" reads "Sales & Service" in the .md file, not "&amp;".
_HTML_OPENING = re.compile(r"(<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;))")


def md_cell(value: object) -> str:
    """Make stored text inert in Markdown (a table cell or a line of prose): control and
    bidi characters shown as escapes (crmgov.safe_text), link/image/emphasis
    syntax and `|` backslash-escaped, line breaks as <br>. No HTML entities: Markdown is read
    as text too, so only what would open a tag or an entity is backslash-escaped."""
    text = visible(str(value).replace("\r\n", "\n"), multiline=True)
    text = _HTML_OPENING.sub(r"\\\1", text.translate(_MD_SYNTAX))
    return "<br>".join(part.strip() for part in text.split("\n"))


def _template_error(exc: BaseException, *folders: str, name: str = "") -> ReportError:
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
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return ReportError(
        _("template error at {where}: {error}", where=where or Path(folders[0]) / name,
          error=message)
    )


def _environment_class() -> type[Any]:
    """The sandbox with size guards on `*` and `**` (built on first use: jinja2)."""
    from jinja2.sandbox import SandboxedEnvironment

    from crmgov.services.template_limits import safe_binop

    class LimitedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            return safe_binop(operator, left, right)

    return LimitedEnvironment


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
    a file there replaces the shipped file of the same name, the rest stay shipped.
    Rendering has a time and a size limit (services.template_limits)."""
    import jinja2  # deferred: ~0.1 s, only documents need it

    from crmgov.services.template_limits import TemplateLimit, render_limited

    base = (folder or templates_dir()) / (lang or language())
    searched = [str(base)]
    if overrides is not None:
        searched.insert(0, str(overrides / (lang or language())))
    env = _environment_class()(
        loader=jinja2.FileSystemLoader(searched),
        undefined=jinja2.StrictUndefined,
        # Markdown has no escaping of its own: the md_cell filter does it per cell.
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    # Every report may show the audit anchor (services.audit.latest_anchor); a report whose
    # context has none renders without it rather than failing on StrictUndefined.
    env.globals["anchor"] = None
    try:
        template = env.get_template(name)
        return render_limited(lambda: template.generate(**context), tuple(searched))
    except jinja2.TemplateNotFound as exc:
        raise ReportError(_("no template {name} in {folder}", name=exc.name, folder=base)) from None
    except (jinja2.TemplateError, TemplateLimit, TypeError, AttributeError, ValueError,
            ArithmeticError, MemoryError, RecursionError, KeyError, IndexError) as exc:
        # OverflowError (range(10**9)) and ZeroDivisionError are ArithmeticErrors; every
        # fault of a user's template is one line naming its file and line.
        raise _template_error(exc, *searched, name=name) from None
