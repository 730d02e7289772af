"""The rollout phases' part of the readiness figures (domain.readiness): each phase's gate
as the dashboard and `crmgov status` show it, and the phase in progress."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crmgov.domain.enums import PhaseStatus
from crmgov.domain.phases.model import Phase, rollout_order
from crmgov.domain.phases.rules import FileState, evaluate_gate
from crmgov.domain.phases.scope import LiveInputs


@dataclass
class PhaseFigures:
    id: int
    order: int
    name: str
    kind: str
    status: str
    gate_met: int
    gate_total: int
    gate_state: str = "blocked"
    """blocked, passes, signed or regressed (signed, since regressed): rules.GateEvaluation."""
    number: int = 0
    """The phase's number as shown and typed (phases.model.phase_numbers)."""


def phase_figures(phase: Phase, gate: tuple[int, str], number: int) -> PhaseFigures:
    """A phase's figures, `gate` being its (met, state) from `gate_met`."""
    return PhaseFigures(
        phase.id,
        phase.order,
        phase.name,
        str(phase.kind),
        str(phase.status),
        gate[0],
        len(phase.gate),
        gate[1],
        number,
    )


def gate_met(
    phases: Sequence[Phase], inputs: LiveInputs, files: Mapping[int, Mapping[int, FileState]]
) -> dict[int, tuple[int, str]]:
    """Per phase id, the gate items that pass or are waived now, and the gate's state
    (phases.rules)."""
    out = {}
    for p in phases:
        result = evaluate_gate(p, inputs, files.get(p.id))
        out[p.id] = (result.met, result.state)
    return out


def current_phase(phases: Sequence[Phase]) -> Phase | None:
    """The first phase not done, in rollout order (None when all are done or none exist)."""
    for phase in rollout_order(phases):
        if phase.status is not PhaseStatus.DONE:
            return phase
    return None
