"""The go/no-go pack for the steering committee (`crmgov report gate [PHASE]`): items,
evidence, figures, sign-offs, waivers, the evaluation and the 1+5 panel, rendered from
templates/<lang>/phases/; DOCX is the Markdown converted by services.docx."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crmgov.domain.labels import label
from crmgov.domain.phases.rules import role_label
from crmgov.i18n import _, language, use_language
from crmgov.services.phases.gate import evaluate, health_panel
from crmgov.services.phases.present import DECISION_LABELS, fix_text, mark, state_label
from crmgov.services.templates import render_template
from crmgov.storage.interface import Store


def gate_context(store: Store, phase_id: int | None, now: datetime) -> dict[str, Any]:
    """What the gate templates show (strings already translated)."""
    result = evaluate(store, phase_id, now)
    p = result.phase
    frozen = dict(enumerate(p.sign_off.items)) if p.sign_off else {}
    items = []
    for r in result.items:
        it = r.item
        then = frozen.get(r.index)
        items.append({
            "n": r.index + 1, "text": it.text, "mark": mark(r),
            "sort": _("live") if it.live else _("evidence"),
            "signer": "" if it.live else role_label(it.role),
            "figure": r.figure, "detail": r.detail,
            "then": then.figure if then else "",
            "regressed": r.regressed, "waived": r.waived,
            "waiver": it.waiver.model_dump(mode="json") if it.waiver else None,
            "note": it.evidence, "link": it.link,
            "file": f"{it.file.path} ({it.file.size} B, SHA-256 {it.file.sha256[:16]}…)"
            if it.file else "",
            "file_changed": r.file_changed,
            "signed_off": f"{it.signed_off_by}, {it.signed_off_at.date().isoformat()}"
            if it.signed_off_by and it.signed_off_at else "",
        })
    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "phase": {"order": p.order, "number": result.number, "name": p.name, "kind": label(p.kind),
                  "status": label(p.status), "goal": p.goal,
                  "departments": "、".join(p.scope.departments) if language() == "zh"
                  else ", ".join(p.scope.departments),
                  "regions": ("、" if language() == "zh" else ", ").join(p.scope.regions),
                  "functions": ("、" if language() == "zh" else ", ").join(p.scope.functions)},
        "state": state_label(result.state), "passes": result.passes,
        "met": result.met, "total": len(result.items), "items": items,
        "blockers": [{"n": r.index + 1, "text": r.item.text, "detail": r.detail,
                      "records": list(r.records), "fix": fix_text(r)} for r in result.blockers],
        "sign_off": None if p.sign_off is None else {
            "by": p.sign_off.by, "at": p.sign_off.at.strftime("%Y-%m-%d %H:%M")},
        "evaluation": None if p.evaluation is None else {
            "results": p.evaluation.results, "adjustments": p.evaluation.adjustments,
            "decision": _(DECISION_LABELS[p.evaluation.decision]), "by": p.evaluation.signed_by,
            "on": p.evaluation.signed_on.isoformat()},
        "health": [{"mark": "✓" if h.passed else "✗", "title": h.title, "detail": h.detail}
                   for h in health_panel(store, now)],
    }


def _subject_id(store: Store, subject: str | None) -> int | None:
    """The record id of phase number `subject` (as shown and typed), None for the current."""
    from crmgov.domain.phases.errors import PhaseRuleError
    from crmgov.services.phases.manage import phase_by_number

    if not subject:
        return None
    if not subject.strip().isdigit():
        raise PhaseRuleError(_("'{value}' is not a phase number (crmgov phase list)",
                               value=subject), "id")
    return phase_by_number(store, int(subject)).id


def render_gate(
    store: Store, name: str, fmt: str, now: datetime, lang: str | None = None,
    subject: str | None = None,
) -> str | bytes:
    """The gate report of phase `subject` (else the current phase) in md, html or docx."""
    # The context's strings are translated as they are built (this thread's language only).
    with use_language(lang):
        phase_id = _subject_id(store, subject)
        context = gate_context(store, phase_id, now)
        template = "md" if fmt == "docx" else fmt
        text = render_template(f"phases/gate.{template}.j2", context, lang=lang)
        if fmt != "docx":
            return text
        from crmgov.services.docx import markdown_to_docx

        return markdown_to_docx(text, toc_caption=_("Contents"), language=language(),
                                created=now)
