"""People and their certification (上岗证): quiz attempts and certificates."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import LocalTime, NonBlank, Record, SingleLine, SingleLineText, Text
from crmgov.domain.enums import Role

#: Roles that work in the CRM day to day and therefore need a certificate first.
CERTIFIED_ROLES = frozenset({Role.NEW_HIRE, Role.VETERAN, Role.SALES_ASSISTANT})


class StaffMember(Record):
    """A person on the project or working in the CRM."""

    name: SingleLine
    """Full name as used in the company."""
    role: Role
    """Project or operational role."""
    department: SingleLineText = ""
    """Department, e.g. "Sales"."""
    region: SingleLineText = ""
    """Region, e.g. "East"."""
    hire_date: date | None = None
    """Hiring date; new hires must be certified before working in the CRM."""
    active: bool = True
    """False once the person has left (staff turn over every 1-2 years)."""


class QuizAttempt(Record):
    """One sitting of a certification quiz."""

    staff_id: int = Field(gt=0)
    """Who sat the quiz (StaffMember id)."""
    bank: NonBlank
    """Question bank used, e.g. "sales-basic"."""
    taken_at: LocalTime
    """When the quiz was submitted."""
    system_score: float = Field(ge=0, le=100)
    """Score in percent on CRM operation questions."""
    process_score: float = Field(ge=0, le=100)
    """Score in percent on business-process questions."""
    pass_mark: float = Field(80, ge=0, le=100)
    """Minimum percent required in EACH part."""

    @property
    def passed(self) -> bool:
        """Both parts must reach the pass mark; a strong part cannot carry a weak one."""
        return self.system_score >= self.pass_mark and self.process_score >= self.pass_mark


class Certification(Record):
    """A certificate to work in the CRM (上岗证), earned by passing a quiz."""

    staff_id: int = Field(gt=0)
    """Holder (StaffMember id)."""
    attempt_id: int = Field(gt=0)
    """The passed QuizAttempt it rests on."""
    issued_on: date
    """Date of issue."""
    expires_on: date | None = None
    """Date after which recertification is required; None = no expiry."""
    revoked: bool = False
    """True if withdrawn, e.g. after a failed spot check."""
    revoked_reason: Text = ""
    """Why it was withdrawn."""

    def valid_on(self, day: date) -> bool:
        """Whether the certificate entitles its holder to work in the CRM on `day`."""
        if self.revoked or day < self.issued_on:
            return False
        return self.expires_on is None or day <= self.expires_on

    @model_validator(mode="after")
    def _expiry_after_issue(self) -> Certification:
        if self.expires_on and self.expires_on < self.issued_on:
            raise ValueError("expires_on is before issued_on")
        if self.revoked and not self.revoked_reason:
            raise ValueError("a revoked certificate needs a reason")
        return self
