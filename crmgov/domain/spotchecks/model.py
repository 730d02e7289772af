"""Unannounced spot checks (不定期抽查) of veterans' CRM records against the written SOPs.

A check is planned (drawn by a seeded, weighted sample: `PlannedCheck`), then done: the
auditor examines CRM records against each step of the SOP version in force and records,
per record and step, whether it conforms (`StepResult`), and which consequences followed
(an issue, a revoked certificate, an SOP revision: `Consequence`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from crmgov.domain.base import DomainModel, LocalTime, Record, SingleLine, Text


class ConsequenceKind(StrEnum):
    """What an auditor decided a finding leads to."""

    ISSUE = "issue"
    """A deviation opened an issue (process or training), recurrence-aware."""
    REVOKE = "revoke"
    """A serious finding revoked the certificate: the person must recertify."""
    SOP_REVISION = "sop_revision"
    """The step was unclear: an SOP revision was started."""


class StepResult(DomainModel):
    """One CRM record examined against one SOP step."""

    record: SingleLine
    """The CRM record, as "type id", e.g. "opportunity 10234"."""
    step_id: int = Field(ge=1)
    """The SOP step (its stable id in the SOP, `SOP-SAL-01 §3`)."""
    conforms: bool
    """Whether the record follows the step."""
    note: Text = ""
    """What was seen."""


class Consequence(DomainModel):
    """A consequence of the check, with the record it created or changed."""

    kind: ConsequenceKind
    """Issue, revocation or SOP revision."""
    ref: int = Field(ge=1)
    """The issue id, certificate id or SOP id."""
    step_id: int | None = None
    """The step it concerns, if one."""
    note: Text = ""
    """Why."""
    at: LocalTime | None = None
    """When it was decided."""


class PlannedCheck(Record):
    """A check drawn for the coming period; not shown to the person to be checked."""

    staff_id: int = Field(gt=0)
    """Who is to be checked."""
    sop_id: int = Field(gt=0)
    """The SOP to check against (its version in force on the day)."""
    auditor: SingleLine
    """Who checks (ideally the audit function)."""
    due: date
    """By when."""
    planned_on: date
    """When the draw was made."""
    seed: int
    """The draw's seed: the same seed over the same data reproduces the same draw."""
    weight: float = Field(ge=0)
    """The person's sampling weight in that draw (shows the draw was fair)."""
    done_check_id: int | None = None
    """The SpotCheck that carried it out, once done."""


class SpotCheck(Record):
    """An unannounced check (不定期抽查) of a veteran's records against the written process."""

    staff_id: int = Field(gt=0)
    """Whose work was checked."""
    auditor: SingleLine
    """Who checked (ideally the audit function)."""
    checked_on: date
    """Date of the check."""
    records_checked: int = Field(ge=0)
    """How many CRM records were examined."""
    deviations: int = Field(ge=0)
    """How many deviated from the written SOP."""
    sop_id: int | None = None
    """The SOP checked against, if any."""
    findings: Text = ""
    """What was found; the evidence is the CRM records themselves."""
    sop_version: int | None = None
    """The SOP version in force that the records were checked against."""
    results: list[StepResult] = Field(default_factory=list)
    """Per record and step: conforms or deviates (empty for checks recorded as totals)."""
    consequences: list[Consequence] = Field(default_factory=list)
    """What the findings led to."""
    plan_id: int | None = None
    """The planned check this carried out, if it was planned."""

    @property
    def passed(self) -> bool:
        """A check passes when no checked record deviated from the process."""
        return self.deviations == 0

    @property
    def deviation_rate(self) -> float:
        """Records that deviated from at least one step, over records examined."""
        return self.deviations / self.records_checked if self.records_checked else 0.0

    @model_validator(mode="after")
    def _deviations_bounded(self) -> SpotCheck:
        if self.deviations > self.records_checked:
            raise ValueError("deviations exceed records_checked")
        if self.results:
            records = {r.record for r in self.results}
            deviating = {r.record for r in self.results if not r.conforms}
            if (self.records_checked, self.deviations) != (len(records), len(deviating)):
                raise ValueError("records_checked and deviations must match the results")
        return self
