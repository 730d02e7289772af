"""Rollout phases (pilot, expand, integrate) with their evidence-backed exit gates.

A gate item is of one of two sorts: an *evidence* item (a note, a link or a file, signed
off by the role the item names) or a *live* item (a criterion computed from the project's
data against a threshold, never ticked by hand; see domain.phases.rules). Every field
added since the first version has a default, so older project files still load.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import (
    DomainModel,
    LocalTime,
    NonBlank,
    Record,
    SingleLine,
    SingleLineText,
    Text,
)
from crmgov.domain.enums import PhaseKind, PhaseStatus

#: Roles that may sign off an evidence item (the project names who holds each).
SIGNER_ROLES = ("sponsor", "project_manager", "consultant", "internal_owner")
#: The live criteria a checklist may name (domain.phases.rules computes each).
LIVE_CRITERIA = (
    "certification",
    "urgent_overdue",
    "issues_owned",
    "recurring_prevented",
    "sops",
    "data_quality",
    "sponsor",
    "integration_points",
)
#: Decisions of a phase evaluation (试点评估).
DECISIONS = ("proceed", "extend", "stop")
#: States of an integration point.
INTEGRATION_STATES = ("planned", "building", "testing", "live")


class PhaseScope(DomainModel):
    """What a phase covers: who and which CRM functions."""

    departments: list[SingleLine] = Field(default_factory=list)
    """Departments in this phase, e.g. "Sales" (none = every department)."""
    regions: list[SingleLine] = Field(default_factory=list)
    """Regions in this phase, e.g. "East" (none = every region)."""
    functions: list[SingleLine] = Field(default_factory=list)
    """CRM functions opened in this phase, e.g. "Opportunities"."""


class EvidenceFile(DomainModel):
    """A file offered as evidence, pinned by its size and SHA-256 when recorded."""

    path: NonBlank
    """Where the file is, as given (relative paths are relative to the project file)."""
    size: int = Field(ge=0)
    """Its size in bytes when recorded."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Its SHA-256 when recorded; a different one later means it changed."""


class Waiver(DomainModel):
    """Permission to sign a gate although this item fails: why, who, and until when."""

    reason: NonBlank
    """Why the gate may pass without this item."""
    by: NonBlank
    """Who granted the waiver."""
    until: date
    """The last day the waiver holds."""
    at: LocalTime | None = None
    """When it was granted."""


class GateItem(DomainModel):
    """One exit criterion of a phase."""

    text: NonBlank
    """The criterion, e.g. "Pilot users' data error rate under 5%"."""
    key: Text = ""
    """The checklist id it came from (checklists/gates.toml), e.g. "users-certified"."""
    live: Text = ""
    """The live criterion computing it (one of LIVE_CRITERIA); empty = an evidence item."""
    threshold: float | None = None
    """The live criterion's threshold (its meaning depends on the criterion)."""
    tables: list[NonBlank] = Field(default_factory=list)
    """CRM tables a data-quality criterion reads."""
    role: Text = "project_manager"
    """Who signs off an evidence item (one of SIGNER_ROLES)."""
    evidence: Text = ""
    """A note of what proves it: a report, a measurement, a document reference."""
    link: Text = ""
    """A link to the evidence (URL or document reference)."""
    file: EvidenceFile | None = None
    """A file offered as evidence, with its size and hash."""
    signed_off_by: SingleLineText = ""
    """Who accepted the evidence."""
    signed_off_at: LocalTime | None = None
    """When it was signed off."""
    waiver: Waiver | None = None
    """A waiver letting the gate pass although the item fails."""

    @property
    def has_evidence(self) -> bool:
        """A note, a link or a file is recorded."""
        return bool(self.evidence or self.link or self.file)

    @property
    def met(self) -> bool:
        """An evidence item is met once evidenced and signed off. A live item is judged by
        domain.phases.rules.evaluate_gate against the project's data, never here."""
        if self.live:
            return False
        return bool(self.has_evidence and self.signed_off_by and self.signed_off_at)

    @model_validator(mode="after")
    def _sign_off_needs_evidence(self) -> GateItem:
        if self.signed_off_by and not self.has_evidence:
            raise ValueError("a gate item cannot be signed off without evidence")
        if self.live and self.live not in LIVE_CRITERIA:
            raise ValueError(f"unknown live criterion {self.live!r}")
        if self.role not in SIGNER_ROLES:
            raise ValueError(f"unknown sign-off role {self.role!r}")
        return self


class IntegrationPoint(DomainModel):
    """A link to another system (ERP, finance, HR), with who owns it and how far it is."""

    name: NonBlank
    """What is exchanged, e.g. "Orders to ERP"."""
    system: Text = ""
    """The other system, e.g. "ERP"."""
    owner: Text = ""
    """Who is responsible for it."""
    state: Text = "planned"
    """One of INTEGRATION_STATES."""


class FrozenItem(DomainModel):
    """What one gate item showed at the moment the gate was signed."""

    key: Text = ""
    """The item's checklist id."""
    text: NonBlank
    """The criterion."""
    passed: bool
    """Whether it passed then."""
    figure: Text = ""
    """Its figure then, e.g. "28/35 (80%)"."""
    waived: bool = False
    """Whether it was waived at sign-off."""
    sha256: Text = ""
    """The evidence file's hash then, if any."""


class GateSignOff(DomainModel):
    """The sponsor's signature on a gate, with the figures frozen as they were."""

    by: NonBlank
    """Who signed (the executive sponsor)."""
    at: LocalTime
    """When."""
    items: list[FrozenItem] = Field(default_factory=list)
    """Every item as it stood at sign-off, in gate order."""


class Evaluation(DomainModel):
    """The phase evaluation (试点评估): results, adjustments and the sponsor's decision."""

    results: NonBlank
    """What the phase achieved against its goal."""
    adjustments: Text = ""
    """What was adjusted for the next step."""
    decision: NonBlank
    """proceed, extend or stop (DECISIONS)."""
    signed_by: NonBlank
    """The sponsor who took the decision."""
    signed_on: date
    """When."""

    @model_validator(mode="after")
    def _known_decision(self) -> Evaluation:
        if self.decision not in DECISIONS:
            raise ValueError(f"unknown decision {self.decision!r}")
        return self


class Phase(Record):
    """A rollout phase (试点 pilot, expansion, integration) with its exit gate."""

    order: int = Field(ge=1)
    """Position in the rollout, 1 = first."""
    name: SingleLine
    """Short name, e.g. "Pilot: East region sales"."""
    kind: PhaseKind = PhaseKind.OTHER
    """Which step of the rollout this is."""
    goal: NonBlank
    """What the phase must achieve."""
    scope: PhaseScope = Field(default_factory=PhaseScope)
    """Departments, regions and functions covered."""
    planned_start: date | None = None
    """Planned start date."""
    planned_end: date | None = None
    """Planned end date."""
    actual_start: date | None = None
    """Actual start date."""
    actual_end: date | None = None
    """Actual end date (set when the phase is closed)."""
    status: PhaseStatus = PhaseStatus.PLANNED
    """Where the phase stands."""
    gate: list[GateItem] = Field(default_factory=list)
    """Exit criteria; all must pass (or be waived) before the sponsor signs the gate."""
    integration_points: list[IntegrationPoint] = Field(default_factory=list)
    """Links to other systems this phase builds (integrate phases)."""
    evaluation: Evaluation | None = None
    """The phase evaluation with the sponsor's decision."""
    sign_off: GateSignOff | None = None
    """The sponsor's signature on the gate, with the figures frozen then."""

    @property
    def gate_met(self) -> int:
        """Evidence items evidenced and signed off (live items: rules.evaluate_gate)."""
        return sum(1 for item in self.gate if item.met)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Phase:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValueError("planned_end is before planned_start")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValueError("actual_end is before actual_start")
        return self


def rollout_order(phases: Iterable[Phase]) -> list[Phase]:
    """The phases in rollout order: by `order`, then by when they were added."""
    return sorted(phases, key=lambda p: (p.order, p.id))


def phase_numbers(phases: Iterable[Phase]) -> dict[int, int]:
    """Each phase's number, by record id: its 1-based position in the rollout.

    This is the one number a person sees and types: the TUI, `phase list`, `gate N`, every
    `phase` command, reports and JSON (`number`). The record id stays internal."""
    return {p.id: n for n, p in enumerate(rollout_order(phases), 1)}
