"""Rollout phases (pilot, expand, integrate) with their evidence-backed exit gates."""

from __future__ import annotations

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


class PhaseScope(DomainModel):
    """What a phase covers: who and which CRM functions."""

    departments: list[SingleLine] = Field(default_factory=list)
    """Departments in this phase, e.g. "Sales"."""
    regions: list[SingleLine] = Field(default_factory=list)
    """Regions in this phase, e.g. "East"."""
    functions: list[SingleLine] = Field(default_factory=list)
    """CRM functions opened in this phase, e.g. "Opportunities"."""


class GateItem(DomainModel):
    """One exit criterion of a phase; it counts as met only with evidence and a sign-off."""

    text: NonBlank
    """The criterion, e.g. "Pilot users' data error rate under 5%"."""
    evidence: Text = ""
    """What proves it: a report, a measurement, a document reference."""
    signed_off_by: SingleLineText = ""
    """Who accepted the evidence."""
    signed_off_at: LocalTime | None = None
    """When it was signed off."""

    @property
    def met(self) -> bool:
        """A criterion is met only when evidence is recorded and someone signed it off."""
        return bool(self.evidence and self.signed_off_by and self.signed_off_at)

    @model_validator(mode="after")
    def _sign_off_needs_evidence(self) -> GateItem:
        if self.signed_off_by and not self.evidence:
            raise ValueError("a gate item cannot be signed off without evidence")
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
    """Actual end date (set when the gate is passed)."""
    status: PhaseStatus = PhaseStatus.PLANNED
    """Where the phase stands."""
    gate: list[GateItem] = Field(default_factory=list)
    """Exit criteria; all must be met before the phase is done."""

    @property
    def gate_met(self) -> int:
        """How many exit criteria are met."""
        return sum(1 for item in self.gate if item.met)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Phase:
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValueError("planned_end is before planned_start")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            raise ValueError("actual_end is before actual_start")
        return self
