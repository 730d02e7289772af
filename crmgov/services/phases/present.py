"""A gate evaluation as the documented JSON (README, "Gate JSON"), as text lines, and the
phase rows the CLI, the report and the TUI show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crmgov.domain.labels import label
from crmgov.domain.phases.health import HealthCheck
from crmgov.domain.phases.rules import GateEvaluation, ItemResult, role_label
from crmgov.i18n import N_, _
from crmgov.services.phases.evidence import file_states, live_inputs
from crmgov.storage.interface import Store

#: Gate states (GateEvaluation.state) as shown.
STATES = {
    "blocked": N_("blocked"),
    "passes": N_("passes, awaiting the sponsor's signature"),
    "signed": N_("signed"),
    "regressed": N_("signed, since regressed"),
}
#: Decisions of a phase evaluation, as shown.
DECISION_LABELS = {"proceed": N_("proceed"), "extend": N_("extend"), "stop": N_("stop")}
#: The TUI areas as named in "where it is fixed".
AREAS = {
    "staff": N_("Staff"), "issues": N_("Issues"), "sops": N_("SOPs"),
    "!data_quality": N_("Data quality"), "phases": N_("Phases"),
}


def state_label(state: str) -> str:
    """A gate state, translated."""
    return _(STATES.get(state, state))


def fix_text(r: ItemResult) -> str:
    """Where the item is fixed, e.g. "Issues · crmgov issue list --overdue"."""
    area, _quick, command = r.fixed_in
    command = command.replace("PHASE", str(r.phase_number)).replace("ITEM", r.item.key or
                                                                 str(r.index + 1))
    return f"{_(AREAS.get(area, area))} · {command}"


def mark(r: ItemResult) -> str:
    """✓ passes, ≈ waived, ✗ fails."""
    return "✓" if r.passed else ("≈" if r.waived else "✗")


def item_json(r: ItemResult) -> dict[str, Any]:
    """One item of the gate JSON."""
    item = r.item
    area, quick, command = r.fixed_in
    return {
        "index": r.index + 1,
        "key": item.key,
        "text": item.text,
        "sort": "live" if item.live else "evidence",
        "criterion": item.live or None,
        "threshold": item.threshold,
        "role": None if item.live else item.role,
        "passed": r.passed,
        "blocks": r.blocks,
        "figure": r.figure,
        "detail": r.detail,
        "records": list(r.records),
        "unavailable": r.unavailable,
        "regressed": r.regressed,
        "file_changed": r.file_changed,
        "waived": r.waived,
        "waiver": None if item.waiver is None else {
            "reason": item.waiver.reason, "by": item.waiver.by,
            "until": item.waiver.until.isoformat(), "expired": r.waiver_expired},
        "evidence": None if item.live else {
            "note": item.evidence, "link": item.link,
            "file": item.file.model_dump() if item.file else None,
            "signed_off_by": item.signed_off_by or None,
            "signed_off_at": item.signed_off_at.isoformat() if item.signed_off_at else None},
        "fix": {"area": area.lstrip("!"), "filter": quick or None,
                "command": command.replace("PHASE", str(r.phase_number))
                .replace("ITEM", item.key or str(r.index + 1))},
    }


def gate_json(result: GateEvaluation) -> dict[str, Any]:
    """The documented `crmgov gate --json` object."""
    p = result.phase
    sign = p.sign_off
    return {
        "schema": 1,
        "phase": {"id": p.id, "number": result.number, "order": p.order, "name": p.name,
                  "kind": str(p.kind), "status": str(p.status),
                  "scope": p.scope.model_dump()},
        "state": result.state,
        "passes": result.passes,
        "met": result.met,
        "total": len(result.items),
        "items": [item_json(r) for r in result.items],
        "blockers": [{"index": r.index + 1, "key": r.item.key, "text": r.item.text,
                      "detail": r.detail, "fix": fix_text(r)} for r in result.blockers],
        "sign_off": None if sign is None else {
            "by": sign.by, "at": sign.at.isoformat(),
            "items": [f.model_dump() for f in sign.items]},
        "evaluation": None if p.evaluation is None else p.evaluation.model_dump(mode="json"),
    }


def gate_lines(result: GateEvaluation) -> list[str]:
    """The gate as text: a heading, each item with its figure, then every blocker and
    where it is fixed."""
    p = result.phase
    lines = [_("Gate of {order}. {name} ({status}): {state}, {met}/{total}",
               order=result.number, name=p.name, status=label(p.status),
               state=state_label(result.state), met=result.met, total=len(result.items))]
    if p.sign_off:
        lines.append(_("  signed by {by} on {day}", by=p.sign_off.by,
                       day=p.sign_off.at.date().isoformat()))
    for r in result.items:
        sort = _("live") if r.item.live else role_label(r.item.role)
        flags = [_("since regressed")] if r.regressed else []
        if r.waived and r.item.waiver:
            flags.append(_("waived until {day}", day=r.item.waiver.until.isoformat()))
        tail = f" [{'; '.join(flags)}]" if flags else ""
        lines.append(f" {mark(r)} {r.index + 1}. {r.item.text} ({sort}): {r.figure}{tail}")
    if result.blockers:
        lines.append(_("Blockers ({count}):", count=len(result.blockers)))
        for r in result.blockers:
            lines.append(f" ✗ {r.index + 1}. {r.item.text}: {r.detail}")
            for record in r.records[:10]:
                lines.append(f"     - {record}")
            if len(r.records) > 10:
                lines.append(_("     … and {count} more", count=len(r.records) - 10))
            lines.append(_("     fixed in: {where}", where=fix_text(r)))
    return lines


@dataclass(frozen=True)
class Overview:
    """Everything the Phases area shows, judged once."""

    rows: list[dict[str, Any]]
    gates: dict[int, GateEvaluation]
    """Each phase's gate, by phase id (record id; GateEvaluation.number is what is shown)."""
    health: list[HealthCheck]
    current_id: int | None
    """The current phase (the first not done)."""


def overview(store: Store, now: datetime) -> Overview:
    """Every phase's row and gate, and the 1+5 panel, from one read of the project."""
    from crmgov.domain.phases.figures import current_phase
    from crmgov.domain.phases.health import health
    from crmgov.domain.phases.rules import evaluate_gate

    inputs = live_inputs(store, now)
    gates = {p.id: evaluate_gate(p, inputs, file_states(store, p)) for p in inputs.phases}
    current = current_phase(inputs.phases)
    return Overview(_rows(gates), gates, health(inputs), current.id if current else None)


def phase_rows(store: Store, now: datetime) -> list[dict[str, Any]]:
    """One row per phase with its gate judged now (for lists and the timeline)."""
    return overview(store, now).rows


def _rows(gates: dict[int, GateEvaluation]) -> list[dict[str, Any]]:
    rows = []
    for result in sorted(gates.values(), key=lambda g: g.number):
        p = result.phase
        rows.append({
            "id": p.id, "number": result.number, "order": p.order, "name": p.name,
            "kind": str(p.kind),
            "status": str(p.status), "status_label": label(p.status),
            "planned_start": _iso(p.planned_start), "planned_end": _iso(p.planned_end),
            "actual_start": _iso(p.actual_start), "actual_end": _iso(p.actual_end),
            "gate_met": result.met, "gate_total": len(result.items),
            "state": result.state, "state_label": state_label(result.state),
        })
    return rows


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None
