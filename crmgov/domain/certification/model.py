"""People and their certification (上岗证): quiz attempts and certificates."""

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
from crmgov.domain.enums import AttemptStatus, Language, QuizPart, Role

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
    employee_no: Text = ""
    """The HR number, used to match rows of an HR export; empty when unknown."""
    email: Text = ""
    """Work e-mail, for the CRM administrator granting accounts."""
    left_on: date | None = None
    """The day the person left (set by `staff leave`); the history stays."""


class AttemptItem(DomainModel):
    """One question as an attempt drew and showed it, with the taker's answer."""

    question_id: int = Field(gt=0)
    """The Question record drawn."""
    version: int = Field(ge=1)
    """Which version of its text was shown (questions are revised; attempts are not)."""
    section: QuizPart
    """System operation or business process, copied from the question when drawn."""
    topic: NonBlank
    """The question's topic when drawn (per-topic results)."""
    options: list[int] = Field(default_factory=list)
    """Display order: options[k] is the question's option index shown at position k."""
    answer: list[int] | None = None
    """The options chosen, as the question's option indices; None = not answered."""
    answered_at: LocalTime | None = None
    """When the answer was last saved."""
    credit: float | None = Field(None, ge=0, le=1)
    """Credit earned (0..1), set when the attempt is graded."""


class QuizAttempt(Record):
    """One sitting of a certification quiz: in progress, then submitted and immutable."""

    staff_id: int = Field(gt=0)
    """Who sat the quiz (StaffMember id)."""
    bank: NonBlank
    """Code of the quiz definition sat, e.g. "sales-basic"."""
    taken_at: LocalTime
    """When the quiz was submitted; while in progress, when it was started."""
    system_score: float = Field(ge=0, le=100)
    """Score in percent on CRM operation questions (0 until submitted)."""
    process_score: float = Field(ge=0, le=100)
    """Score in percent on business-process questions (0 until submitted)."""
    pass_mark: float = Field(80, ge=0, le=100)
    """Minimum percent required in the system part (and in the process part unless
    `process_pass_mark` says otherwise)."""
    process_pass_mark: float | None = Field(None, ge=0, le=100)
    """Minimum percent in the process part; None = the same as `pass_mark`."""
    status: AttemptStatus = AttemptStatus.SUBMITTED
    """In progress (answers still being saved) or submitted (immutable)."""
    started_at: LocalTime | None = None
    """When the attempt was started (None for results recorded without the quiz)."""
    deadline: LocalTime | None = None
    """When time runs out; fixed at the start so a later change to the quiz cannot move it."""
    seed: int = 0
    """The draw's seed: with the bank it reproduces exactly which questions were drawn."""
    language: Language = Language.EN
    """Language the questions were shown in."""
    items: list[AttemptItem] = Field(default_factory=list)
    """The questions drawn, in the order shown, with the answers."""
    timed_out: bool = False
    """True if the time ran out and what was answered was submitted."""
    resumed: int = Field(0, ge=0)
    """How many times the attempt was resumed after an interruption (a killed terminal)."""

    @property
    def submitted(self) -> bool:
        """Whether the attempt is finished (and therefore immutable)."""
        return self.status is AttemptStatus.SUBMITTED

    @property
    def passed(self) -> bool:
        """Both parts must reach the pass mark; a strong part cannot carry a weak one."""
        process_mark = self.pass_mark if self.process_pass_mark is None else self.process_pass_mark
        return (
            self.submitted
            and self.system_score >= self.pass_mark
            and self.process_score >= process_mark
        )


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
    revoked_on: date | None = None
    """When it was withdrawn."""
    number: Text = ""
    """Certificate number printed on it, e.g. "CERT-2026-0007"."""
    code: Text = ""
    """Random verification code (`crmgov cert verify CODE`)."""
    quiz: Text = ""
    """Code of the quiz definition passed."""
    recert_due: bool = False
    """True when an SOP step its quiz covered changed: still valid, but must be retaken."""
    recert_reason: Text = ""
    """Which SOP steps changed, e.g. "SOP-SAL-01 §3"."""

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
