"""The content of each section of the handover pack, as plain JSON-able data.

A section is built from its area's records and figures; the result holds only strings,
numbers, booleans, lists and dicts, so the pack can be frozen at sign-off as JSON and
rendered again from it, byte for byte, whatever the live data does afterwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from crmgov.domain.certification.model import CERTIFIED_ROLES
from crmgov.domain.enums import Category, PhaseStatus
from crmgov.domain.issues.model import SELF_HANDLING_CATEGORIES, Issue
from crmgov.domain.labels import describe_blocker, label
from crmgov.domain.quality.model import THRESHOLDS
from crmgov.domain.readiness import Readiness
from crmgov.i18n import _, join_list
from crmgov.storage.interface import Store

#: Width and height of a trend chart's drawing area, in SVG user units.
CHART_W, CHART_H = 240, 48


def _day(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    return value.strftime("%Y-%m-%d")


def summary(status: Readiness) -> dict[str, Any]:
    """Go-live readiness in one paragraph's worth of figures."""
    return {
        "ready": status.ready,
        # The failing tables as a list, joined as the language lists (、 in Chinese), as
        # `status` and the dashboard do: the blocker's own subject is joined with ", ".
        "blockers": [describe_blocker(b.code, b.count, status.quality.failing
                                      if b.code == "data_quality" else b.subject)
                     for b in status.blockers],
        "certified": f"{status.certification.certified}/{status.certification.required}",
        "open_issues": status.issues.open_total,
        "overdue": status.issues.overdue_total,
        "sops": f"{status.sops.approved}/{status.sops.total}",
        "quality": f"{status.quality.within_threshold}/{status.quality.tables}",
        "plan": f"{status.plan.reviewed}/{status.plan.items}",
    }


def phases(store: Store) -> list[dict[str, Any]]:
    """Each phase, its dates and its gate with evidence and sign-offs."""
    from crmgov.domain.phases.model import rollout_order

    out = []
    for number, p in enumerate(rollout_order(store.all("phases")), 1):
        out.append({
            "order": p.order, "number": number, "name": p.name, "kind": label(p.kind),
            "status": label(p.status), "done": p.status is PhaseStatus.DONE,
            "planned": f"{_day(p.planned_start)} – {_day(p.planned_end)}",
            "actual": f"{_day(p.actual_start)} – {_day(p.actual_end)}",
            "gate_met": p.gate_met, "gate_total": len(p.gate),
            "gate": [
                {"criterion": g.text, "evidence": g.evidence or "—",
                 "signed_off_by": g.signed_off_by or "—", "met": g.met}
                for g in p.gate
            ],
        })
    return out


def sops(store: Store) -> list[dict[str, Any]]:
    """The SOP register: each procedure, its version in force and who approved it."""
    from crmgov.domain.sops.rules import coverage

    staff = store.all("staff")
    out = []
    for s in sorted(store.all("sops"), key=lambda s: s.code):
        current = s.current
        # Who must read it: its departments and roles (domain.sops.rules.applies_to).
        cov = coverage(s, staff)
        out.append({
            "code": s.code, "title": s.title, "owner": s.owner or "—",
            "department": join_list(s.scope_departments) or "—",
            "version": current.version if current else None,
            "approved_by": current.approved_by if current else "—",
            "approved_on": _day(current.approved_on) if current else "—",
            "in_force": current is not None,
            # Nobody to read it yet says so (not a bare "0/0", never a 100 %).
            "acknowledged": (f"{len(cov.acknowledged)}/{cov.expected}" if cov.expected else
                             _("{done}/{total} nobody yet", done=0, total=0)),
        })
    return out


def certification(store: Store, status: Readiness, today: date) -> dict[str, Any]:
    """Coverage by department and the access list (who may work in the CRM)."""
    certs = store.all("certifications")
    valid_until: dict[int, date | None] = {}
    revoked: set[int] = set()
    for c in certs:
        if c.valid_on(today):
            valid_until[c.staff_id] = c.expires_on
        elif c.revoked:
            revoked.add(c.staff_id)
    people = sorted(
        (m for m in store.all("staff") if m.active and m.role in CERTIFIED_ROLES),
        key=lambda m: (m.department, m.name),
    )
    departments: dict[str, list[int]] = {}
    access = []
    for m in people:
        ok = m.id in valid_until
        departments.setdefault(m.department or "—", [0, 0])
        departments[m.department or "—"][0] += ok
        departments[m.department or "—"][1] += 1
        state = _("certified") if ok else (_("revoked") if m.id in revoked else _("not certified"))
        access.append({
            "name": m.name, "department": m.department or "—", "region": m.region or "—",
            "role": label(m.role), "may_work": ok, "state": state,
            "valid_until": _day(valid_until.get(m.id)) if ok else "—",
        })
    return {
        "required": status.certification.required,
        "certified": status.certification.certified,
        "coverage": (f"{status.certification.coverage:.0%}"
                     if status.certification.required else "—"),
        "by_department": [
            {"name": name, "certified": c, "required": r}
            for name, (c, r) in sorted(departments.items())
        ],
        "access": access,
    }


def _issue(i: Issue) -> dict[str, Any]:
    return {
        "id": i.id, "title": i.title, "owner": i.owner or "—", "category": label(i.category),
        "urgency": label(i.urgency), "status": label(i.status),
        "handling": i.self_handling or "",
    }


def issues(store: Store) -> dict[str, Any]:
    """Open issues, deferred scope and special cases with how the company handles each."""
    every: list[Issue] = store.all("issues")
    open_ones = [
        _issue(i) for i in every if i.is_open and i.category not in SELF_HANDLING_CATEGORIES
    ]
    return {
        "open": open_ones,
        "deferred": [_issue(i) for i in every if i.category is Category.DEFERRED_SCOPE],
        "special": [_issue(i) for i in every if i.category is Category.SPECIAL_CASE],
    }


def _points(rates: Sequence[float], ceiling: float) -> str:
    """SVG polyline points of a trend (numbers only: safe in any template)."""
    if not rates:
        return ""
    top = max(ceiling, *rates) or 1.0
    step = CHART_W / max(len(rates) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{CHART_H - (r / top) * CHART_H:.1f}" for i, r in enumerate(rates)
    )


def quality(store: Store) -> list[dict[str, Any]]:
    """Each CRM table's latest error rate against its threshold, and its trend."""
    by_table: dict[str, list[Any]] = {}
    for m in sorted(store.all("data_quality"), key=lambda m: (m.table, m.measured_on)):
        by_table.setdefault(m.table, []).append(m)
    out = []
    for table, history in sorted(by_table.items()):
        latest = history[-1]
        threshold = THRESHOLDS[latest.kind]
        rates = [m.error_rate for m in history]
        top = max(threshold, *rates) or 1.0
        out.append({
            "table": table, "kind": label(latest.kind), "measured_on": _day(latest.measured_on),
            "rate": f"{latest.error_rate:.1%}", "threshold": f"{threshold:.0%}",
            "within": latest.within_threshold,
            "trend": " → ".join(f"{r:.1%}" for r in rates),
            "points": _points(rates, threshold),
            "threshold_y": f"{CHART_H - (threshold / top) * CHART_H:.1f}",
        })
    return out


def spot_checks(store: Store) -> list[dict[str, Any]]:
    """Every spot check, newest first, with its findings."""
    names = {m.id: m.name for m in store.all("staff")}
    sop_codes = {s.id: s.code for s in store.all("sops")}
    return [
        {
            "on": _day(c.checked_on), "person": names.get(c.staff_id, f"#{c.staff_id}"),
            "auditor": c.auditor, "sop": sop_codes.get(c.sop_id, "—") if c.sop_id else "—",
            "records": c.records_checked, "deviations": c.deviations, "passed": c.passed,
            "findings": c.findings or "—",
        }
        for c in sorted(store.all("spot_checks"), key=lambda c: c.checked_on, reverse=True)
    ]


def plan(store: Store) -> list[dict[str, Any]]:
    """The improvement plan by year, each item with the consultant's review thread."""
    return [
        {
            "year": i.year, "kind": label(i.kind), "title": i.title, "owner": i.owner or "—",
            "target": _day(i.target), "status": label(i.status),
            "comments": [
                {"by": c.author, "at": _day(c.at), "text": c.text, "blind_spot": c.blind_spot}
                for c in i.comments
            ],
        }
        for i in sorted(store.all("plan"), key=lambda i: (i.year, i.id))
    ]


def support(store: Store, notes: str) -> dict[str, Any]:
    """Who supports the company after handover, and support requests per month."""
    months = Counter(
        i.created_at.strftime("%Y-%m") for i in store.all("issues")
        if i.category is Category.SUPPORT
    )
    project = store.project
    return {
        "consultant": project.consultant or "—",
        "internal_owner": project.internal_owner or "—",
        "notes": notes,
        "by_month": [{"month": m, "count": n} for m, n in sorted(months.items())],
        "total": sum(months.values()),
    }
