"""Use cases of the rollout phases: add, edit, start, hold, close; integration points;
the people the gates name (sponsor, consultant, internal owner).

Every change is one store transaction. Refusals raise PhaseRuleError (translated, with the
field concerned), which the CLI prints as one line and a form shows beside its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import PhaseKind, PhaseStatus
from crmgov.domain.phases.errors import PhaseRuleError
from crmgov.domain.phases.model import (
    INTEGRATION_STATES,
    IntegrationPoint,
    Phase,
    phase_numbers,
    rollout_order,
)
from crmgov.i18n import _
from crmgov.services.phases.checklists import GateChecklists, load_gate_checklists
from crmgov.storage.interface import Store

TABLE = "phases"
#: Fields `edit_phase` may change (status, gate and sign-off have their own use cases).
EDITABLE = frozenset(
    {"name", "goal", "order", "planned_start", "planned_end", "departments", "regions",
     "functions"}
)
_SCOPE = frozenset({"departments", "regions", "functions"})


def phases(store: Store) -> list[Phase]:
    """Every phase in rollout order."""
    return rollout_order(store.all(TABLE))


def phase_by_number(store: Store, number: int) -> Phase:
    """A phase by its number (its position in the rollout, as every view shows it);
    PhaseRuleError if there is none."""
    every = phases(store)
    if not 1 <= number <= len(every):
        if not every:
            raise PhaseRuleError(_("no phase {id}: no rollout phase planned yet "
                                   "(crmgov phase add)", id=number), "id")
        raise PhaseRuleError(_("no phase {id} (phases are numbered 1-{count} in rollout "
                               "order: crmgov phase list)", id=number, count=len(every)), "id")
    return every[number - 1]


def number_of(store: Store, phase: Phase) -> int:
    """The phase's number as shown and typed."""
    return phase_numbers(store.all(TABLE)).get(phase.id, phase.order)


def _placed(others: list[Phase], phase: Phase, position: int | None) -> list[Phase]:
    """The rollout with `phase` at `position` (1-based; None or past the end: last)."""
    spot = len(others) if position is None else min(max(position, 1) - 1, len(others))
    return [*others[:spot], phase, *others[spot:]]


def _renumber(txn: Any, rollout: list[Phase], skip: int) -> None:
    """Keep `order` equal to each phase's number (1..n), so `--order N` puts a phase at
    position N and moves the later ones down; `skip` is the phase the caller writes."""
    for n, p in enumerate(rollout, 1):
        if p.id != skip and p.order != n:
            txn.update(TABLE, p.model_copy(update={"order": n}))


def get_phase(store: Store, phase_id: int) -> Phase:
    """One phase by id; PhaseRuleError if there is none."""
    try:
        phase: Phase = store.get(TABLE, phase_id)
    except KeyError:
        raise PhaseRuleError(_("no phase {id}", id=phase_id), "id") from None
    return phase


def _problem(exc: ValidationError) -> PhaseRuleError:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "phase"
    field = str(error["loc"][-1]) if error["loc"] else ""
    message = str(error["msg"]).removeprefix("Value error, ")
    return PhaseRuleError(_("{field}: {message}", field=where, message=message), field)


def rebuild(phase: Phase, changes: dict[str, Any]) -> Phase:
    """The phase with `changes`, validated again (model_copy would skip validation)."""
    try:
        return Phase.model_validate({**phase.model_dump(), **changes})
    except ValidationError as exc:
        raise _problem(exc) from None


def save(store: Store, action: str, phase: Phase) -> Phase:
    """Write one changed phase."""
    with store.transaction(action) as txn:
        return txn.update(TABLE, phase)


def add_phase(
    store: Store,
    *,
    name: str,
    goal: str,
    kind: PhaseKind | str = PhaseKind.PILOT,
    departments: Sequence[str] = (),
    regions: Sequence[str] = (),
    functions: Sequence[str] = (),
    planned_start: date | None = None,
    planned_end: date | None = None,
    order: int | None = None,
    checklists: GateChecklists | None = None,
) -> Phase:
    """A new planned phase whose gate is its kind's checklist (checklists/gates.toml), in
    the project's language. Raises ChecklistError for a broken checklist file."""
    try:
        kind = PhaseKind(kind)
    except ValueError:
        raise PhaseRuleError(_("unknown phase kind '{kind}'", kind=kind), "kind") from None
    gates = checklists or load_gate_checklists()
    lang = store.project.language
    existing = phases(store)
    position = order or len(existing) + 1
    try:
        phase = Phase(
            order=min(position, len(existing) + 1),
            name=name,
            kind=kind,
            goal=goal,
            scope={"departments": list(departments), "regions": list(regions),
                   "functions": list(functions)},
            planned_start=planned_start,
            planned_end=planned_end,
            gate=[entry.gate_item(lang) for entry in gates.for_kind(kind)],
        )
    except ValidationError as exc:
        raise _problem(exc) from None
    with store.transaction("phase.add") as txn:
        added: Phase = txn.insert(TABLE, phase)
        _renumber(txn, _placed(existing, added, position), added.id)
        return added


def edit_phase(store: Store, phase_id: int, **changes: Any) -> Phase:
    """Change a phase's name, goal, order, planned dates or scope."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise PhaseRuleError(_("cannot edit {fields}", fields=", ".join(sorted(unknown))))
    phase = get_phase(store, phase_id)
    scope = phase.scope.model_dump()
    scope.update({k: list(v) for k, v in changes.items() if k in _SCOPE})
    plain = {k: v for k, v in changes.items() if k not in _SCOPE}
    rollout = None
    if plain.get("order", 0) >= 1:
        others = [p for p in phases(store) if p.id != phase.id]
        rollout = _placed(others, phase, plain["order"])
        plain["order"] = rollout.index(phase) + 1
    changed = rebuild(phase, {**plain, "scope": scope})
    with store.transaction("phase.edit") as txn:
        if rollout is not None:
            _renumber(txn, rollout, phase.id)
        return txn.update(TABLE, changed)


def start_phase(store: Store, phase_id: int, today: date) -> Phase:
    """Start a planned (or held) phase; its actual start is today unless already set."""
    phase = get_phase(store, phase_id)
    if phase.status not in (PhaseStatus.PLANNED, PhaseStatus.ON_HOLD):
        raise PhaseRuleError(_("{name} is already {status}", name=phase.name,
                               status=_status(phase)), "status")
    return save(store, "phase.start", rebuild(phase, {
        "status": PhaseStatus.ACTIVE, "actual_start": phase.actual_start or today}))


def hold_phase(store: Store, phase_id: int) -> Phase:
    """Put a phase on hold (e.g. after a "stop" decision)."""
    phase = get_phase(store, phase_id)
    if phase.status is PhaseStatus.DONE:
        raise PhaseRuleError(_("{name} is already done", name=phase.name), "status")
    return save(store, "phase.hold", rebuild(phase, {"status": PhaseStatus.ON_HOLD}))


def close_phase(store: Store, phase_id: int, today: date) -> Phase:
    """Close a phase: only once the sponsor has signed its gate."""
    phase = get_phase(store, phase_id)
    if phase.status is PhaseStatus.DONE:
        raise PhaseRuleError(_("{name} is already done", name=phase.name), "status")
    if phase.sign_off is None:
        raise PhaseRuleError(
            _("{name} cannot close before the sponsor signs its gate (crmgov gate {id})",
              name=phase.name, id=number_of(store, phase)), "status")
    return save(store, "phase.close", rebuild(phase, {
        "status": PhaseStatus.DONE, "actual_end": today,
        "actual_start": phase.actual_start or today}))


def add_integration_point(
    store: Store, phase_id: int, *, name: str, system: str = "", owner: str = "",
    state: str = "planned",
) -> Phase:
    """List a link to another system (ERP, finance, HR) with its owner and state; a point of
    the same name is updated."""
    if state not in INTEGRATION_STATES:
        raise PhaseRuleError(_("unknown state '{state}' (expected {states})", state=state,
                               states=", ".join(INTEGRATION_STATES)), "state")
    phase = get_phase(store, phase_id)
    try:
        point = IntegrationPoint(name=name, system=system, owner=owner, state=state)
    except ValidationError as exc:
        raise _problem(exc) from None
    points = [p for p in phase.integration_points if p.name != point.name] + [point]
    return save(store, "phase.integration", rebuild(phase, {
        "integration_points": [p.model_dump() for p in points]}))


def set_people(
    store: Store, *, sponsor: str | None = None, consultant: str | None = None,
    internal_owner: str | None = None,
) -> Any:
    """Name the executive sponsor, the consultant and the internal owner of the project."""
    changes = {k: v.strip() for k, v in (("executive_sponsor", sponsor),
                                         ("consultant", consultant),
                                         ("internal_owner", internal_owner)) if v is not None}
    if not changes:
        raise PhaseRuleError(_("name at least one of sponsor, consultant, internal owner"))
    project = store.project.model_copy(update=changes)
    with store.transaction("project.people") as txn:
        return txn.set_project(project)


def _status(phase: Phase) -> str:
    from crmgov.domain.labels import label

    return label(phase.status)
