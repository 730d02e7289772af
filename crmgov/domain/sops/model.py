"""Written standard operating procedures (标准作业流程): versioned, approved, acknowledged."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import DomainModel, NonBlank, Record, SingleLine, SingleLineText, Text


class SOPVersion(DomainModel):
    """One version of an SOP; processes change, so SOPs are revised and re-approved."""

    version: int = Field(ge=1)
    """Version number, 1 = first."""
    summary: NonBlank
    """What changed in this version."""
    body: Text = ""
    """The procedure text (Markdown)."""
    author: SingleLine
    """Who wrote this version."""
    written_on: date
    """When it was written."""
    approved_by: SingleLineText = ""
    """Who approved it; empty = draft."""
    approved_on: date | None = None
    """When it was approved."""

    @property
    def approved(self) -> bool:
        """Approved versions are the ones staff are trained and audited against."""
        return bool(self.approved_by and self.approved_on)


class Acknowledgement(DomainModel):
    """A staff member confirming they read a given SOP version."""

    staff_id: int = Field(gt=0)
    """Who acknowledged."""
    version: int = Field(ge=1)
    """Which version they read."""
    on: date
    """When."""


class SOP(Record):
    """A written procedure, the material for training and for audits."""

    code: SingleLine
    """Short reference, e.g. "SOP-SAL-01"."""
    title: SingleLine
    """What the procedure covers."""
    owner: SingleLineText = ""
    """Who keeps it up to date."""
    department: SingleLineText = ""
    """Department it applies to."""
    versions: list[SOPVersion] = Field(default_factory=list)
    """All versions, oldest first."""
    acknowledgements: list[Acknowledgement] = Field(default_factory=list)
    """Who has read which version."""

    @property
    def current(self) -> SOPVersion | None:
        """The latest approved version, which is the one in force."""
        approved = [v for v in self.versions if v.approved]
        return approved[-1] if approved else None

    @model_validator(mode="after")
    def _versions_ascending(self) -> SOP:
        numbers = [v.version for v in self.versions]
        if numbers != sorted(set(numbers)):
            raise ValueError("versions must be unique and in ascending order")
        known = set(numbers)
        for ack in self.acknowledgements:
            if ack.version not in known:
                raise ValueError(f"acknowledgement of unknown version {ack.version}")
        return self
