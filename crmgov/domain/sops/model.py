"""Written standard operating procedures (标准作业流程): versioned, approved, acknowledged.

Document control after ISO 9001 §7.5: every SOP is identified by its code, each version
goes draft → in review → approved → superseded, the approved version is the one in force,
and obsolete versions are kept, marked and readable. Fields added after the first release
all have defaults, so older project files load unchanged (a version without a `status`
gets one from its approval fields, see `SOP._status_of_older_files`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

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
from crmgov.domain.enums import Role, SOPStatus
from crmgov.i18n import N_

#: Roles that may be named as an SOP's approver instead of a person.
APPROVER_ROLES: dict[str, str] = {
    "sponsor": N_("executive sponsor"),
    "project_manager": N_("project manager"),
    "consultant": N_("consultant"),
    "internal_owner": N_("internal owner"),
}

#: How each version status is shown (English msgids).
STATUS_LABELS: dict[SOPStatus, str] = {
    SOPStatus.DRAFT: N_("draft"),
    SOPStatus.IN_REVIEW: N_("in review"),
    SOPStatus.APPROVED: N_("approved"),
    SOPStatus.SUPERSEDED: N_("superseded"),
    SOPStatus.RETIRED: N_("retired"),
}

#: Months between reviews unless an SOP says otherwise.
DEFAULT_REVIEW_MONTHS = 12


class VersionEvent(DomainModel):
    """One transition of a version: who moved it to which status, and when."""

    status: SOPStatus
    """The status the version entered."""
    at: LocalTime
    """When."""
    by: NonBlank
    """Who."""
    note: Text = ""
    """Why, where one is given (e.g. the reason for retiring)."""


class SOPVersion(DomainModel):
    """One version of an SOP; processes change, so SOPs are revised and re-approved."""

    version: int = Field(ge=1)
    """Version number, 1 = first."""
    summary: NonBlank
    """What changed in this version."""
    body: Text = ""
    """The procedure text (Markdown); its numbered lines are the steps."""
    author: SingleLine
    """Who wrote this version."""
    written_on: date
    """When it was written."""
    approved_by: SingleLineText = ""
    """Who approved it; empty = not approved."""
    approved_on: date | None = None
    """When it was approved."""
    status: SOPStatus = SOPStatus.DRAFT
    """Where the version stands in document control."""
    submitted_on: date | None = None
    """When it was submitted for review."""
    effective_on: date | None = None
    """From when it is in force (the approval date unless stated)."""
    step_ids: list[int] = Field(default_factory=list)
    """Stable id of each numbered step of the body, in order (`SOP-SAL-01 §3` is id 3)."""
    changed_step_ids: list[int] = Field(default_factory=list)
    """Set on approval: the steps added, edited or removed since the version it superseded
    (all steps for a first version). Certification reads it to flag questions and
    certificates that rest on those steps."""
    because_of: list[int] = Field(default_factory=list)
    """Issue ids whose preventive action caused this revision."""
    history: list[VersionEvent] = Field(default_factory=list)
    """Every transition of this version, oldest first."""

    @property
    def approved(self) -> bool:
        """Approved at some point (in force or superseded): staff were trained on it."""
        return bool(self.approved_by and self.approved_on)

    @property
    def editable(self) -> bool:
        """Only a draft may change; an approved version is immutable."""
        return self.status is SOPStatus.DRAFT


class Acknowledgement(DomainModel):
    """A staff member confirming they read a given SOP version."""

    staff_id: int = Field(gt=0)
    """Who acknowledged."""
    version: int = Field(ge=1)
    """Which version they read."""
    on: date
    """When."""


class ReviewRecord(DomainModel):
    """A periodic review of the version in force: confirmed unchanged, or revision started."""

    version: int = Field(ge=1)
    """The version reviewed."""
    on: date
    """When."""
    by: NonBlank
    """Who reviewed."""
    outcome: NonBlank
    """"confirmed" (unchanged, review clock restarts) or "revision" (a draft was started)."""
    note: Text = ""
    """What the reviewer found."""


class SOP(Record):
    """A written procedure, the material for training and for audits."""

    code: SingleLine
    """Short reference, e.g. "SOP-SAL-01"."""
    title: SingleLine
    """What the procedure covers."""
    owner: SingleLineText = ""
    """Who keeps it up to date."""
    department: SingleLineText = ""
    """Department it applies to (older files; `departments` is the list)."""
    versions: list[SOPVersion] = Field(default_factory=list)
    """All versions, oldest first."""
    acknowledgements: list[Acknowledgement] = Field(default_factory=list)
    """Who has read which version."""
    area: Text = ""
    """Process area, e.g. "sales", "service", "master data"."""
    departments: list[str] = Field(default_factory=list)
    """Departments it applies to; empty = the one in `department`, or everyone."""
    roles: list[Role] = Field(default_factory=list)
    """Roles it applies to; empty = every role that works in the CRM."""
    approver: Text = ""
    """The named person who approves new versions (or see `approver_role`)."""
    approver_role: Text = ""
    """A role whose holder approves instead of a named person (APPROVER_ROLES)."""
    review_months: int = Field(DEFAULT_REVIEW_MONTHS, ge=1, le=120)
    """Months from the version's effective date (or last confirmed review) to the next."""
    reviews: list[ReviewRecord] = Field(default_factory=list)
    """Periodic reviews, oldest first."""
    retired_on: date | None = None
    """When the SOP was withdrawn as a whole."""
    retired_reason: Text = ""
    """Why it was withdrawn."""

    @property
    def current(self) -> SOPVersion | None:
        """The approved version in force (None for a retired or never-approved SOP)."""
        if self.retired:
            return None
        for v in reversed(self.versions):
            if v.status is SOPStatus.APPROVED:
                return v
        return None

    @property
    def retired(self) -> bool:
        """Withdrawn as a whole: no version is in force any more."""
        return self.retired_on is not None

    @property
    def latest(self) -> SOPVersion | None:
        """The newest version, whatever its status."""
        return self.versions[-1] if self.versions else None

    @property
    def scope_departments(self) -> list[str]:
        """The departments it applies to (empty = all)."""
        if self.departments:
            return list(self.departments)
        return [self.department] if self.department else []

    def version_of(self, number: int) -> SOPVersion | None:
        """Version `number`, or None."""
        return next((v for v in self.versions if v.version == number), None)

    @model_validator(mode="before")
    @classmethod
    def _status_of_older_files(cls, data: Any) -> Any:
        # Files written before document control held no status: an approved version is in
        # force if it is the last approved one, superseded otherwise; the rest are drafts.
        if not isinstance(data, dict):
            return data
        versions = data.get("versions")
        if not isinstance(versions, list) or not versions:
            return data
        if any(_has_status(v) for v in versions):
            return data
        rows = [v.model_dump() if isinstance(v, SOPVersion) else v for v in versions]
        if not all(isinstance(v, dict) for v in rows):
            return data  # let field validation report it
        approved = [i for i, v in enumerate(rows) if v.get("approved_by") and v.get("approved_on")]
        fixed = []
        for i, v in enumerate(rows):
            status = SOPStatus.DRAFT
            if approved and i == approved[-1]:
                status = SOPStatus.APPROVED
            elif i in approved:
                status = SOPStatus.SUPERSEDED
            fixed.append({**v, "status": status})
        data = {**data, "versions": fixed}
        return data

    @model_validator(mode="after")
    def _versions_ascending(self) -> SOP:
        numbers = [v.version for v in self.versions]
        if numbers != sorted(set(numbers)):
            raise ValueError("versions must be unique and in ascending order")
        known = set(numbers)
        for ack in self.acknowledgements:
            if ack.version not in known:
                raise ValueError(f"acknowledgement of unknown version {ack.version}")
        if sum(1 for v in self.versions if v.status is SOPStatus.APPROVED) > 1:
            raise ValueError("only one version can be approved (in force) at a time")
        return self


def _has_status(version: Any) -> bool:
    if isinstance(version, SOPVersion):
        return "status" in version.model_fields_set
    return isinstance(version, dict) and "status" in version
