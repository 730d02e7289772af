"""Quiz definitions: what a role's certification quiz draws, how long it runs, how it passes."""

from __future__ import annotations

from pydantic import Field

from crmgov.domain.base import NonBlank, Record, Text
from crmgov.domain.certification.bank import Localized
from crmgov.domain.enums import QuizPart, Role


class QuizDefinition(Record):
    """A certification quiz for one or more roles (Moodle-like: random by topic, timed)."""

    code: NonBlank
    """Stable identifier, e.g. "sales-basic" (`crmgov quiz --quiz CODE`)."""
    title: Localized
    """Shown to the taker and on the certificate."""
    roles: list[Role] = Field(default_factory=list)
    """Roles it is meant for (chooses the default quiz; empty = any)."""
    departments: list[str] = Field(default_factory=list)
    """Departments it is meant for (chooses the default quiz; empty = any)."""
    system_questions: int = Field(10, ge=1)
    """How many questions on CRM operation are drawn."""
    process_questions: int = Field(10, ge=1)
    """How many questions on the business process are drawn."""
    topics: list[str] = Field(default_factory=list)
    """Topics drawn from (empty = every topic of the bank)."""
    min_per_topic: int = Field(1, ge=0)
    """At least this many questions of each topic, where the section's size allows."""
    time_limit_minutes: int = Field(30, ge=1)
    """Time allowed from the start; time running out submits what was answered."""
    pass_mark: float = Field(80, ge=0, le=100)
    """Percent needed in the system section."""
    process_pass_mark: float = Field(80, ge=0, le=100)
    """Percent needed in the process section (both must pass)."""
    attempt_limit: int = Field(3, ge=1)
    """Failed attempts allowed before the cool-down."""
    cooldown_hours: int = Field(24, ge=0)
    """Wait after the last of `attempt_limit` failed attempts; one more failure after it
    means retraining first."""
    validity_months: int = Field(12, ge=1)
    """How long a certificate from this quiz is valid."""
    shuffle_options: bool = True
    """Shuffle the options of each question (true/false keep their order)."""
    partial_credit: bool = False
    """Multiple choice: each right option +1/n, each wrong one −1/n (floor 0) instead of
    all-or-nothing."""
    show_answers: bool = False
    """Whether the result shows the right answers (off: the bank stays a test)."""
    training_topics: list[str] = Field(default_factory=list)
    """Training topics a person must have attended before a first attempt (先培训、后考核)."""
    active: bool = True
    """Inactive quizzes cannot be started."""
    note: Text = ""
    """Free note for the people maintaining the quiz."""

    def size(self, section: QuizPart) -> int:
        """Questions drawn in `section`."""
        return self.system_questions if section is QuizPart.SYSTEM else self.process_questions

    def mark(self, section: QuizPart) -> float:
        """Pass mark of `section`."""
        return self.pass_mark if section is QuizPart.SYSTEM else self.process_pass_mark
