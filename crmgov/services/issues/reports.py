"""The issue-status and preventive-measures reports: their figures, rendered from
templates/<lang>/issues/ by the shared sandboxed renderer (services/templates.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.enums import IssueStatus, SLAState, Urgency
from crmgov.domain.issues.model import OPEN_STATUSES, Issue
from crmgov.i18n import N_, _
from crmgov.services.issues.rows import IssueRow, issue_rows
from crmgov.services.templates import ReportError, render_template
from crmgov.storage.interface import Store

#: Report name → template stem under issues/; the format adds ".md.j2" or ".html.j2".
REPORTS = {"issues": "status", "preventive": "preventive"}
FORMATS = ("md", "html")
#: Age buckets of open issues, in days: (upper bound inclusive, label msgid).
AGE_BUCKETS = (
    (2, N_("0–2 days")),
    (7, N_("3–7 days")),
    (30, N_("8–30 days")),
    (None, N_("over 30 days")),
)


def _label(value: Any) -> str:
    from crmgov.domain.labels import label

    return label(value)


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


def issue_status_context(store: Store, now: datetime) -> dict[str, Any]:
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


def preventive_context(store: Store, now: datetime) -> dict[str, Any]:
    """Figures of the preventive-measures report (ISO-style corrective/preventive action)."""
    issues: list[Issue] = store.all("issues")
    closed = [i for i in issues if i.status is IssueStatus.CLOSED]
    with_action = [i for i in closed if i.preventive_action]
    # Preventive actions that became SOP changes: versions naming the issue as their cause.
    sop_changes: dict[int, list[str]] = {}
    for sop in store.all("sops"):
        for v in sop.versions:
            for issue_id in v.because_of:
                sop_changes.setdefault(issue_id, []).append(f"{sop.code} v{v.version}")

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
            "sop_change": ", ".join(sop_changes.get(i.id, [])),
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
        "became_sop": [item(i) for i in with_action if i.id in sop_changes],
    }


def render_report(
    store: Store, report: str, fmt: str, now: datetime, lang: str | None = None
) -> str:
    """Build the context of `report` from the store and render it."""
    if report == "issues":
        context = issue_status_context(store, now)
    elif report == "preventive":
        context = preventive_context(store, now)
    else:
        raise ReportError(_("unknown report {name!r}", name=report))
    from crmgov.services.audit import latest_anchor

    # The auditor's anchor: whoever holds the report can prove the trail still holds it.
    anchor = latest_anchor(store)
    context["anchor"] = anchor.text if anchor is not None else None
    return render(report, fmt, context, lang=lang)


def render(
    report: str,
    fmt: str,
    context: dict[str, Any],
    *,
    lang: str | None = None,
    folder: Path | None = None,
) -> str:
    """Render issue report `report` ("issues" | "preventive") as "md" or "html"."""
    if report not in REPORTS:
        raise ReportError(_("unknown report {name!r}", name=report))
    if fmt not in FORMATS:
        raise ReportError(_("unknown format {name!r}; choose md or html", name=fmt))
    return render_template(
        f"issues/{REPORTS[report]}.{fmt}.j2", context, lang=lang, folder=folder
    )
