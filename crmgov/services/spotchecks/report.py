"""`crmgov report spotchecks`: who was checked, deviation rates by SOP, step, department
and month, the consequences and their state, and the veterans never checked."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from crmgov.domain.enums import Role
from crmgov.domain.sops.rules import step_ref
from crmgov.domain.spotchecks.model import ConsequenceKind, SpotCheck
from crmgov.i18n import N_, _
from crmgov.services.templates import ReportError, render_template
from crmgov.storage.interface import Store

#: The report lists at most this many checks (the newest); its figures count them all.
LIST_LIMIT = 200

CONSEQUENCE_LABELS = {
    ConsequenceKind.ISSUE: N_("issue"),
    ConsequenceKind.REVOKE: N_("certificate revoked"),
    ConsequenceKind.SOP_REVISION: N_("SOP revision"),
}


def _rate(deviating: int, records: int) -> str:
    return f"{deviating / records:.0%}" if records else "—"


def _rows(groups: dict[str, list[int]]) -> list[dict[str, Any]]:
    return [{"name": name, "records": r, "deviating": d, "rate": _rate(d, r)}
            for name, (r, d) in sorted(groups.items())]


def report_context(store: Store, now: datetime, period_days: int = 365) -> dict[str, Any]:
    """Every figure of the spot-check report over the last `period_days`."""
    since = now.date() - timedelta(days=period_days)
    checks: list[SpotCheck] = [c for c in store.all("spot_checks") if c.checked_on >= since]
    staff = {s.id: s for s in store.all("staff")}
    sops = {s.id: s for s in store.all("sops")}
    issues = {i.id: i for i in store.all("issues")}
    by_sop: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_dept: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_month: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_step: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    consequences = []
    for c in checks:
        code = sops[c.sop_id].code if c.sop_id in sops else "—"
        person = staff.get(c.staff_id)
        for key, bucket in ((code, by_sop), (person.department if person else "—", by_dept),
                            (c.checked_on.strftime("%Y-%m"), by_month)):
            bucket[key or "—"][0] += c.records_checked
            bucket[key or "—"][1] += c.deviations
        for r in c.results:
            ref = step_ref(code, r.step_id)
            by_step[ref][0] += 1
            by_step[ref][1] += not r.conforms
        for q in c.consequences:
            state = ""
            if q.kind is ConsequenceKind.ISSUE and q.ref in issues:
                from crmgov.domain.labels import label

                state = label(issues[q.ref].status)
            consequences.append({
                "check": c.id, "person": person.name if person else "—",
                "kind": _(CONSEQUENCE_LABELS[q.kind]), "ref": q.ref,
                "step": step_ref(code, q.step_id) if q.step_id else "", "state": state,
                "note": q.note,
            })
    checked = {c.staff_id for c in store.all("spot_checks")}
    never = sorted(s.name for s in staff.values()
                   if s.active and s.role is Role.VETERAN and s.id not in checked)
    from crmgov.services.audit import latest_anchor

    anchor = latest_anchor(store)
    return {
        "project": store.project.name,
        "anchor": anchor.text if anchor is not None else None,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "since": since.isoformat(),
        "checks": [
            {"id": c.id, "on": c.checked_on.isoformat(),
             "person": staff[c.staff_id].name if c.staff_id in staff else "—",
             "auditor": c.auditor, "sop": sops[c.sop_id].code if c.sop_id in sops else "—",
             "records": c.records_checked, "deviating": c.deviations,
             "rate": _rate(c.deviations, c.records_checked), "findings": c.findings}
            for c in sorted(checks, key=lambda c: (c.checked_on, c.id), reverse=True)[:LIST_LIMIT]
        ],
        "total_checks": len(checks),
        "by_sop": _rows(by_sop), "by_step": _rows(by_step), "by_department": _rows(by_dept),
        "by_month": _rows(by_month), "consequences": consequences, "never_checked": never,
    }


def render_report(
    store: Store, name: str, fmt: str, now: datetime, lang: str | None = None
) -> str | bytes:
    """The report as md or html text, or docx bytes (services.reports)."""
    if fmt not in ("md", "html", "docx"):
        raise ReportError(_("unknown format {name!r}; choose md, html or docx", name=fmt))
    context = report_context(store, now)
    text = render_template(f"spotchecks/report.{'html' if fmt == 'html' else 'md'}.j2",
                           context, lang=lang)
    if fmt != "docx":
        return text
    from crmgov.services.docx import markdown_to_docx

    return markdown_to_docx(text, toc_caption=_("Contents"), language=lang or "en",
                            created=now.replace(second=0, microsecond=0))
