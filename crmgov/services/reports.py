"""The issue-status and preventive-measures reports, rendered from editable templates.

Templates live in templates/<lang>/ and users may edit them, so they run in Jinja2's
SandboxedEnvironment (the plain one lets a template reach Python internals) with
StrictUndefined (a misspelt variable is an error naming file and line, not a silent blank).
jinja2 is imported inside `render` because the import alone costs ~0.1 s of startup.
"""

from __future__ import annotations

import html
import traceback
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.enums import IssueStatus, SLAState, Urgency
from crmgov.domain.issue import OPEN_STATUSES, Issue
from crmgov.i18n import N_, _, language
from crmgov.paths import templates_dir
from crmgov.services.issues import IssueRow, issue_rows
from crmgov.storage.store import ProjectStore

#: Report name → template stem; the format adds ".md.j2" or ".html.j2".
REPORTS = {"issues": "issue_status", "preventive": "preventive_measures"}
FORMATS = ("md", "html")
#: Age buckets of open issues, in days: (upper bound inclusive, label msgid).
AGE_BUCKETS = (
    (2, N_("0–2 days")),
    (7, N_("3–7 days")),
    (30, N_("8–30 days")),
    (None, N_("over 30 days")),
)


class ReportError(ValueError):
    """A report could not be rendered; for template faults the message names file:line."""


def _label(value: Any) -> str:
    from crmgov.labels import label

    return label(value)


def md_cell(value: object) -> str:
    """Make text safe inside a Markdown table cell: HTML escaped, `|` escaped, one line."""
    text = html.escape(str(value), quote=False).replace("|", "\\|")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").split("\n"))


# ----------------------------------------------------------------------------- context
@dataclass(frozen=True)
class _Brief:
    id: int
    title: str
    owner: str
    urgency: str
    status: str
    sla: str
    age_days: int


def _brief(r: IssueRow) -> _Brief:
    return _Brief(
        r.id,
        r.title,
        r.owner or "—",
        _label(r.urgency),
        _label(r.status),
        _label(r.sla_state),
        r.age_days,
    )


def issue_status_context(store: ProjectStore, now: datetime) -> dict[str, Any]:
    """Figures of the issue-status report: open issues by urgency, owner, age, SLA state,
    and recurring ones."""
    rows = issue_rows(store, now)
    open_rows = [r for r in rows if r.status in OPEN_STATUSES]
    by_urgency = []
    for u in Urgency:
        mine = [r for r in open_rows if r.urgency is u]
        by_urgency.append(
            {
                "label": _label(u),
                "open": len(mine),
                "overdue": sum(r.sla_state is SLAState.OVERDUE for r in mine),
                "at_risk": sum(r.sla_state is SLAState.AT_RISK for r in mine),
            }
        )
    owners: dict[str, list[IssueRow]] = {}
    for r in open_rows:
        owners.setdefault(r.owner or "—", []).append(r)
    by_owner = [
        {
            "owner": owner,
            "open": len(rs),
            "overdue": sum(r.sla_state is SLAState.OVERDUE for r in rs),
            "oldest_days": max(r.age_days for r in rs),
        }
        for owner, rs in sorted(owners.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    ages: Counter[str] = Counter()
    for r in open_rows:
        ages[next(lbl for top, lbl in AGE_BUCKETS if top is None or r.age_days <= top)] += 1
    sla_counts = Counter(r.sla_state for r in open_rows)
    overdue = sorted(
        (r for r in open_rows if r.sla_state is SLAState.OVERDUE), key=lambda r: r.due_at
    )
    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "total": len(rows),
        "open": len(open_rows),
        "closed": sum(r.status is IssueStatus.CLOSED for r in rows),
        "by_urgency": by_urgency,
        "by_owner": by_owner,
        "by_age": [{"label": _(lbl), "count": ages[lbl]} for _top, lbl in AGE_BUCKETS],
        "by_sla": [
            {"label": _label(s), "count": sla_counts[s]}
            for s in (SLAState.ON_TRACK, SLAState.AT_RISK, SLAState.OVERDUE)
        ],
        "overdue": [_brief(r) for r in overdue],
        "recurring": [
            {**vars(_brief(r)), "has_preventive": r.has_preventive}
            for r in open_rows
            if r.recurring
        ],
    }


def preventive_context(store: ProjectStore, now: datetime) -> dict[str, Any]:
    """Figures of the preventive-measures report (ISO-style corrective/preventive action)."""
    issues: list[Issue] = store.all("issues")
    closed = [i for i in issues if i.status is IssueStatus.CLOSED]
    with_action = [i for i in closed if i.preventive_action]

    def item(i: Issue) -> dict[str, Any]:
        return {
            "id": i.id,
            "title": i.title,
            "owner": i.owner or "—",
            "requester": i.requester or "—",
            "root_cause": i.root_cause,
            "preventive_action": i.preventive_action,
            "no_preventive_reason": i.no_preventive_reason,
            "fed_back": i.preventive_fed_back,
            "status": _label(i.status),
            "related": ", ".join(f"#{r}" for r in i.related_ids),
        }

    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "closed": len(closed),
        "with_action": [item(i) for i in with_action],
        "fed_back": sum(i.preventive_fed_back for i in with_action),
        "not_fed_back": [item(i) for i in with_action if not i.preventive_fed_back],
        "waived": [item(i) for i in closed if not i.preventive_action],
        "recurring_lacking": [item(i) for i in issues if i.recurring and not i.preventive_action],
    }


# ----------------------------------------------------------------------------- render
def _template_error(exc: Exception, folder: Path) -> ReportError:
    """file:line of the template frame that failed (jinja2 rewrites tracebacks to them)."""
    where = ""
    lineno = getattr(exc, "lineno", None)
    filename = getattr(exc, "filename", None)
    if filename and lineno:
        where = f"{filename}:{lineno}"
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.startswith(str(folder)):
                where = f"{frame.filename}:{frame.lineno}"
                break
    message = getattr(exc, "message", None) or str(exc)
    return ReportError(
        _("template error at {where}: {error}", where=where or folder, error=message)
    )


def render(
    report: str,
    fmt: str,
    context: dict[str, Any],
    *,
    lang: str | None = None,
    folder: Path | None = None,
) -> str:
    """Render `report` ("issues" | "preventive") as "md" or "html" in `lang`."""
    import jinja2  # deferred: ~0.1 s, only reports need it
    from jinja2.sandbox import SandboxedEnvironment

    if report not in REPORTS:
        raise ReportError(_("unknown report {name!r}", name=report))
    if fmt not in FORMATS:
        raise ReportError(_("unknown format {name!r}; choose md or html", name=fmt))
    base = (folder or templates_dir()) / (lang or language())
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(base)),
        undefined=jinja2.StrictUndefined,
        # Markdown has no escaping of its own: the md_cell filter does it per cell.
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_cell
    name = f"{REPORTS[report]}.{fmt}.j2"
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ReportError(_("no template {name} in {folder}", name=exc.name, folder=base)) from None
    except (jinja2.TemplateError, TypeError, AttributeError, ValueError) as exc:
        raise _template_error(exc, base) from None


def render_report(
    store: ProjectStore, report: str, fmt: str, now: datetime, lang: str | None = None
) -> str:
    """Build the context of `report` from the store and render it."""
    if report == "issues":
        context = issue_status_context(store, now)
    elif report == "preventive":
        context = preventive_context(store, now)
    else:
        raise ReportError(_("unknown report {name!r}", name=report))
    return render(report, fmt, context, lang=lang)
