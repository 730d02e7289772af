"""Every report `crmgov report NAME` renders: its area's render function and its formats.

An area adds its report here with one `ReportKind` line; the CLI builds its subcommands
from this table and the TUI can list it. Kept free of heavy imports (the CLI reads it to
build `--help`): each area's renderer is imported only when its report is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from crmgov.i18n import N_, _


@dataclass(frozen=True)
class ReportKind:
    """One report: `render` is "module:function", called as
    function(store, name, fmt, now, lang) -> str (text formats) or bytes (docx)."""

    name: str
    help: str
    """English msgid for `--help`."""
    formats: tuple[str, ...]
    render: str
    subject: str = ""
    """Metavar of an optional positional argument (e.g. "PHASE") passed to render as
    `subject=`; empty = the report takes none."""


REPORT_KINDS: tuple[ReportKind, ...] = (
    ReportKind(
        "issues",
        N_("issue-status report: by urgency, owner, age, SLA state, recurring"),
        ("md", "html"),
        "crmgov.services.issues.reports:render_report",
    ),
    ReportKind(
        "preventive",
        N_("preventive-measures report: actions taken and fed back"),
        ("md", "html"),
        "crmgov.services.issues.reports:render_report",
    ),
    ReportKind("data", N_("data-quality report: tables against thresholds, rules, trends, "
                          "owners, duplicates"), ("md", "html", "docx"),
               "crmgov.services.quality.report:render_report"),
    ReportKind(
        "spotchecks",
        N_("spot-check report: deviation rates by SOP, step, department and month"),
        ("md", "html", "docx"),
        "crmgov.services.spotchecks.report:render_report",
    ),
    ReportKind(
        "handover",
        N_("the handover pack from live data (crmgov handover writes every format)"),
        ("md", "html", "docx"),
        "crmgov.services.handover.pack:render_report",
    ),
    ReportKind("sops", N_("SOP handbook: every SOP in force, its steps, history and readers"),
               ("md", "html", "docx"), "crmgov.services.sops.handbook:render_handbook"),
    ReportKind("plan", N_("three-year plan: targets, review, blind spots, owner readiness"),
               ("md", "html", "docx"), "crmgov.services.plan.report:render_report"),
)
REPORT_KINDS += (
    ReportKind("gate", N_("go/no-go pack of a phase's gate: items, evidence, figures, "
                          "sign-offs, waivers"), ("md", "html", "docx"),
               "crmgov.services.phases.report:render_gate", "PHASE"),
)
REPORT_BY_NAME = {kind.name: kind for kind in REPORT_KINDS}
#: Formats whose output is bytes, not text (they need a file to go to).
BINARY_FORMATS = frozenset({"docx"})


def render_report(
    store: Any, name: str, fmt: str, now: datetime, lang: str | None = None,
    subject: str | None = None,
) -> str | bytes:
    """Render report `name` in `fmt` from the project in `store`, in `lang` (default: the
    language in force): its templates and every label it computes."""
    from crmgov.services.templates import ReportError, in_language

    kind = REPORT_BY_NAME.get(name)
    if kind is None:
        raise ReportError(_("unknown report {name!r}", name=name))
    if fmt not in kind.formats:
        raise ReportError(
            _("report {name} has no format {fmt}", name=name, fmt=fmt)
        )
    module, function = kind.render.split(":")
    render = cast(Callable[..., "str | bytes"], getattr(importlib.import_module(module), function))
    with in_language(lang):
        if kind.subject:
            return render(store, name, fmt, now, lang, subject=subject)
        return render(store, name, fmt, now, lang)
