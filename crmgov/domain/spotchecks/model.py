"""Unannounced spot checks (不定期抽查) of veterans' CRM records against the written SOPs."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import Record, SingleLine, Text


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

    @property
    def passed(self) -> bool:
        """A check passes when no checked record deviated from the process."""
        return self.deviations == 0

    @model_validator(mode="after")
    def _deviations_bounded(self) -> SpotCheck:
        if self.deviations > self.records_checked:
            raise ValueError("deviations exceed records_checked")
        return self
