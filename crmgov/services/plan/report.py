"""`crmgov report plan`: the plan by year and quarter with targets, the review threads,
the blind-spot findings, sign-off and changes since, and the owner's readiness.

Rendered from templates/<lang>/plan/ (Markdown and HTML); DOCX is the Markdown converted
by the shared services/docx.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crmgov.domain.enums import PlanStatus, Verdict
from crmgov.domain.labels import label
from crmgov.domain.plan.model import ReviewComment, ThreadState
from crmgov.domain.plan.signoff import field_label
from crmgov.i18n import _, language
from crmgov.services.plan.checks import findings, plan_progress
from crmgov.services.plan.items import items
from crmgov.services.plan.owner import owner_readiness
from crmgov.services.plan.review import (
    changes_since_signed,
    get_review,
    role_name,
    valid_signatures,
)
from crmgov.services.templates import ReportError, render_template
from crmgov.storage.interface import Store


def _state(thread: ReviewComment) -> str:
    return {ThreadState.OPEN: _("unanswered"), ThreadState.ANSWERED: _("answered"),
            ThreadState.RESOLVED: _("resolved")}[thread.state]


def _threads(threads: list[ReviewComment]) -> list[dict[str, Any]]:
    return [{
        "n": n, "state": _state(t), "resolved": t.state is ThreadState.RESOLVED,
        "author": t.author, "at": t.at.date().isoformat(), "text": t.text,
        "blind_spot": t.blind_spot,
        "answers": [{"author": a.author, "at": a.at.date().isoformat(), "text": a.text}
                    for a in t.answers],
    } for n, t in enumerate(threads, 1)]


def plan_context(store: Store, now: datetime) -> dict[str, Any]:
    """Everything the plan report shows, as plain values."""
    plan = items(store)
    years: list[dict[str, Any]] = []
    for year in sorted({i.year for i in plan}):
        rows = [{
            "id": i.id, "quarter": f"Q{i.quarter}" if i.quarter else "—", "title": i.title,
            "area": label(i.area), "status": label(i.status),
            "dropped": i.dropped_reason, "metric": i.metric or "—",
            "baseline": i.baseline or "—", "goal": i.goal or "—",
            "by": i.target.isoformat() if i.target else "—", "owner": i.owner or "—",
            "verdict": label(i.verdict) if i.verdict else "—",
            "accepted": i.verdict is Verdict.ACCEPTED,
            "issues": " ".join(f"#{n}" for n in i.linked_issues),
            "progress": [{"on": p.on.isoformat(), "by": p.by, "text": p.text}
                         for p in i.progress],
        } for i in plan if i.year == year]
        years.append({"year": year, "rows": rows})
    review = get_review(store)
    latest = review.latest
    changed = changes_since_signed(store)
    readiness = owner_readiness(store)
    progress = plan_progress(store, now.date())
    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "consultant": store.project.consultant or "—",
        "owner": store.project.internal_owner or "—",
        "total": len(plan),
        "reviewed": sum(1 for i in plan if i.reviewed),
        "accepted": sum(1 for i in plan if i.verdict is Verdict.ACCEPTED),
        "done": sum(1 for i in plan if i.status is PlanStatus.DONE),
        "years": years,
        "item_threads": [{"id": i.id, "title": i.title, "threads": _threads(i.comments)}
                         for i in plan if i.comments],
        "plan_threads": _threads(review.threads),
        "findings": [{"message": f.message, "reason": f.reason}
                     for f in findings(store, now.date())],
        "version": None if latest is None else {
            "number": latest.number, "signed": latest.signed_at.date().isoformat(),
            "consultant": latest.consultant, "owner": latest.owner},
        "signatures": [{"role": role_name(s.role), "name": s.name, "at": s.at.date().isoformat()}
                       for s in valid_signatures(store)],
        "changes": [] if changed is None else [
            {"kind": c.kind, "id": c.item_id, "title": c.title,
             "fields": [{"name": field_label(f[0]), "before": f[1] or "∅", "after": f[2] or "∅"}
                        for f in c.fields]} for c in changed[1]],
        "progress": None if progress is None else {
            "elapsed": f"{progress.elapsed:.0%}", "done": f"{progress.done:.0%}",
            "overdue": progress.overdue, "behind": progress.behind},
        "readiness": {
            "figure": f"{readiness.figure:.0%}",
            "lines": [{
                "id": x.id, "text": readiness.text(x),
                "answer": label(a.answer) if a and a.answer else "—",
                "unknown": a.unknown if a else "",
                "view": label(a.view) if a and a.view else "—",
                "comment": a.comment if a else "",
            } for x in readiness.lines for a in [readiness.assessments.get(x.id)]],
            "gaps": [{"id": g.line.id, "text": readiness.text(g.line),
                      "plan_item": g.assessment.plan_item_id if g.assessment else None,
                      "issue": g.assessment.issue_id if g.assessment else None}
                     for g in readiness.gaps],
        },
    }


def render_report(
    store: Store, name: str, fmt: str, now: datetime, lang: str | None = None
) -> str | bytes:
    """The plan report as Markdown, HTML or DOCX (bytes)."""
    if fmt not in ("md", "html", "docx"):
        raise ReportError(_("report {name} has no format {fmt}", name=name, fmt=fmt))
    context = plan_context(store, now)
    ext = "html" if fmt == "html" else "md"
    text = render_template(f"plan/plan.{ext}.j2", context, lang=lang)
    if fmt != "docx":
        return text
    from crmgov.services.docx import markdown_to_docx  # deferred: python-docx is heavy

    return markdown_to_docx(text, toc_caption=_("Contents"), language=lang or language(),
                            created=now.replace(microsecond=0))
