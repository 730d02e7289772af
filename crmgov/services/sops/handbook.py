"""The SOP handbook (`crmgov report sops`): every SOP in force with its steps, version
history, approver and date, and who has read it; from templates/<lang>/sops/, as Markdown,
HTML, or DOCX (the Markdown through the shared converter, services/docx.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crmgov.domain.labels import role_name
from crmgov.domain.sops.model import SOP
from crmgov.domain.sops.rules import (
    coverage,
    department_coverage,
    review_due,
    status_label,
    step_ref,
    steps_of,
)
from crmgov.i18n import _, language
from crmgov.services.templates import ReportError, in_language, render_template
from crmgov.storage.interface import Store

FORMATS = ("md", "html", "docx")


def _day(value: Any) -> str:
    return value.isoformat() if value else "—"


def _sop_context(sop: SOP, staff: list[Any], today: Any) -> dict[str, Any]:
    current = sop.current
    assert current is not None
    cov = coverage(sop, staff)
    due = review_due(sop)
    return {
        "code": sop.code, "title": sop.title, "area": sop.area or "—",
        "departments": ("、" if language() == "zh" else ", ").join(sop.scope_departments)
        or "—",
        "owner": sop.owner or "—", "approver": sop.approver or role_name(sop.approver_role) or "—",
        "version": current.version, "approved_by": current.approved_by,
        "approved_on": _day(current.approved_on), "effective_on": _day(current.effective_on),
        "review_due": _day(due), "overdue": due is not None and due < today,
        "steps": [{"ref": step_ref(sop.code, sid), "id": sid, "text": text}
                  for sid, text in steps_of(current)],
        "history": [{"version": v.version, "status": status_label(v.status),
                     "summary": v.summary, "author": v.author,
                     "approved_by": v.approved_by or "—", "approved_on": _day(v.approved_on),
                     "because_of": ", ".join(f"#{i}" for i in v.because_of)}
                    for v in reversed(sop.versions)],
        "acknowledged": len(cov.acknowledged), "expected": cov.expected,
        # Nobody to read it is not "100 %": the templates say nobody has to yet.
        "coverage": f"{cov.share * 100:.0f}%" if cov.expected else "—",
        "pending": [p.name for p in cov.pending],
    }


def handbook_context(store: Store, now: datetime) -> dict[str, Any]:
    """Everything the handbook templates show."""
    staff = store.all("staff")
    sops = sorted(store.all("sops"), key=lambda s: s.code)
    in_force = [s for s in sops if s.current is not None]
    others = [{"code": s.code, "title": s.title,
               "status": status_label(s.latest.status) if s.latest else "—",
               "reason": s.retired_reason} for s in sops if s.current is None]
    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "sops": [_sop_context(s, staff, now.date()) for s in in_force],
        "others": others,
        "departments": [{"name": d or "—", "acknowledged": a, "expected": e,
                         "coverage": f"{a / e * 100:.0f}%" if e else "—"}
                        for d, (a, e) in department_coverage(in_force, staff).items()],
    }


def render_handbook(store: Store, name: str, fmt: str, now: datetime,
                    lang: str | None = None) -> str | bytes:
    """The handbook as "md" or "html" text, or "docx" bytes."""
    if fmt not in FORMATS:
        raise ReportError(_("report {name} has no format {fmt}", name=name, fmt=fmt))
    with in_language(lang):
        return _render(store, fmt, now, lang)


def _render(store: Store, fmt: str, now: datetime, lang: str | None) -> str | bytes:
    context = handbook_context(store, now)
    if fmt != "docx":
        return render_template(f"sops/handbook.{fmt}.j2", context, lang=lang)
    from crmgov.services.docx import markdown_to_docx  # python-docx: only DOCX needs it

    md = render_template("sops/handbook.md.j2", context, lang=lang)
    return markdown_to_docx(md, toc_caption=_("Contents"), language=lang or language(),
                            created=now.replace(microsecond=0))
