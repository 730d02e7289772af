"""What the Phases area writes in its tables and detail panes (plain text, no Textual)."""

from __future__ import annotations

from typing import Any

from crmgov.domain.labels import label
from crmgov.domain.phases.rules import role_label
from crmgov.i18n import N_, _, language
from crmgov.services.phases.present import DECISION_LABELS, fix_text, mark, state_label

NONE = "—"


#: An integration point's state (domain.phases.model.INTEGRATION_STATES) as shown. "live"
#: reads "in production": the msgid "live" already names a gate item computed live (实时).
INTEGRATION_STATE_NAMES = {
    "planned": N_("planned"),
    "building": N_("building"),
    "testing": N_("testing"),
    "live": N_("in production"),
}


def integration_state(state: str) -> str:
    """An integration point's state in the screen's language (a value not in the list,
    e.g. edited by hand, as it is)."""
    name = INTEGRATION_STATE_NAMES.get(state)
    return _(name) if name else state


def _list(values: list[str]) -> str:
    return ("、" if language() == "zh" else ", ").join(values) or _("all")


def _span(first: Any, last: Any) -> str:
    return f"{first or NONE} → {last or NONE}"


def phase_values(row: dict[str, Any]) -> dict[str, str]:
    """The cells of a phase row, by column key."""
    return {
        "order": str(row["number"]),
        "name": row["name"],
        "status": row["status_label"],
        "gate": f"{row['gate_met']}/{row['gate_total']}",
        "state": row["state_label"],
        "kind": label_kind(row["kind"]),
        "planned": _span(row["planned_start"], row["planned_end"]),
        "actual": _span(row["actual_start"], row["actual_end"]),
    }


def label_kind(kind: str) -> str:
    from crmgov.domain.enums import PhaseKind

    return label(PhaseKind(kind))


def _flag(r: Any) -> str:
    if r.regressed:
        return _("since regressed")
    if r.waived and r.item.waiver:
        return _("waived to {day}", day=r.item.waiver.until.isoformat())
    if r.file_changed:
        return _("file changed")
    if r.unavailable:
        return _("no data")
    if r.waiver_expired:
        return _("waiver expired")
    return ""


def gate_row(r: Any) -> dict[str, str]:
    """The cells of a gate item row, by column key."""
    item = r.item
    return {
        "mark": mark(r),
        "n": str(r.index + 1),
        "text": item.text,
        "figure": r.figure,
        "sort": _("live") if item.live else role_label(item.role),
        "flag": _flag(r),
        "evidence": item.evidence or item.link or (item.file.path if item.file else ""),
        "signed": item.signed_off_by,
    }


def phase_detail(result: Any, health: list[Any]) -> str:
    """Goal, scope, dates, gate state, evaluation and the 1+5 panel of a phase."""
    p = result.phase
    lines = [
        _("Goal: {goal}", goal=p.goal),
        _("Scope: departments {departments} · regions {regions} · functions {functions}",
          departments=_list(p.scope.departments), regions=_list(p.scope.regions),
          functions=_list(p.scope.functions) if p.scope.functions else NONE),
        _("{kind} · {status} · planned {planned} · actual {actual}", kind=label(p.kind),
          status=label(p.status), planned=_span(p.planned_start, p.planned_end),
          actual=_span(p.actual_start, p.actual_end)),
        _("Gate: {state}, {met}/{total} (Enter shows its items)", state=state_label(result.state),
          met=result.met, total=len(result.items)),
    ]
    if p.sign_off:
        lines.append(_("Signed by {by} on {day}; the figures then are kept",
                       by=p.sign_off.by, day=p.sign_off.at.date().isoformat()))
    if p.evaluation:
        e = p.evaluation
        lines += [
            _("Evaluation: {decision}, signed by {by} on {day}",
              decision=_(DECISION_LABELS[e.decision]), by=e.signed_by,
              day=e.signed_on.isoformat()),
            "  " + e.results,
        ]
        if e.adjustments:
            lines.append("  " + _("Adjusted: {text}", text=e.adjustments))
    for point in p.integration_points:
        lines.append(_("Integration: {name} ({system}) · {owner} · {state}", name=point.name,
                       system=point.system or NONE, owner=point.owner or _("no owner"),
                       state=integration_state(point.state)))
    lines.append("")
    lines.append(_("1+5 health"))
    for h in health:
        lines.append(" " + _("{mark} {title}: {detail}", mark="✓" if h.passed else "✗",
                               title=h.title, detail=h.detail))
    return "\n".join(lines)


def item_detail(r: Any) -> str:
    """A gate item in full: text, figure, evidence, sign-off, waiver, what falls short and
    where it is fixed."""
    item = r.item
    sort = _("live: computed from the project's data, never ticked") if item.live else _(
        "evidence, signed off by the {role}", role=role_label(item.role))
    lines = [f"{mark(r)} {r.index + 1}. {item.text}", f"  {sort}",
             _("  Now: {figure} — {detail}", figure=r.figure, detail=r.detail)]
    if r.regressed:
        lines.append(_("  Signed, since regressed: it passed when the gate was signed"))
    if item.evidence:
        lines.append(_("  Note: {text}", text=item.evidence))
    if item.link:
        lines.append(_("  Link: {text}", text=item.link))
    if item.file:
        changed = _(" — CHANGED since recorded") if r.file_changed else ""
        lines.append(_("  File: {path} ({size} bytes, SHA-256 {sha}){changed}",
                       path=item.file.path, size=item.file.size, sha=item.file.sha256[:16],
                       changed=changed))
    if item.signed_off_by and item.signed_off_at:
        lines.append(_("  Signed off by {by} on {day}", by=item.signed_off_by,
                       day=item.signed_off_at.date().isoformat()))
    if item.waiver:
        w = item.waiver
        state = _("holds") if r.waived else _("does not apply now")
        lines.append(_("  Waiver ({state}): {reason} — {by}, until {day}", state=state,
                       reason=w.reason, by=w.by, day=w.until.isoformat()))
    if r.records:
        lines.append(_("  Falls short ({count}):", count=len(r.records)))
        lines += [f"    {record}" for record in r.records]
    if not r.passed:
        lines.append(_("  Fixed in: {where}", where=fix_text(r)))
    return "\n".join(lines)
