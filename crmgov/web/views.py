"""What the pages show, as plain data: built from certification's services by
crmgov.web.desk, so the templates never see a model (nor the answer key)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class SectionInfo:
    """A quiz section on the welcome page."""

    name: str
    questions: int
    pass_mark: float


@dataclass(frozen=True)
class Welcome:
    """The welcome page: who, which quiz, its rules, and whether the person may start."""

    person: str
    quiz: str
    sections: list[SectionInfo]
    time_limit_minutes: int
    attempts_left: int | None
    training_missing: list[str]
    can_start: bool
    refusal: str = ""
    """Why not, in the taker's language ("" when they may start)."""
    resume: bool = False
    """An attempt of this quiz is already running (started through another invitation):
    the page offers to continue it, not to start."""


@dataclass(frozen=True)
class Option:
    """One choice as displayed: `position` is what the form sends back."""

    position: int
    text: str
    chosen: bool


@dataclass(frozen=True)
class Item:
    """One question as the taker sees it (no answer key, no explanation)."""

    number: int
    section: str
    topic: str
    multiple: bool
    prompt: str
    options: list[Option]
    answered: bool


@dataclass(frozen=True)
class Sitting:
    """An attempt in progress."""

    attempt_id: int
    quiz: str
    person: str
    deadline: datetime
    seconds_left: int
    items: list[Item]

    @property
    def answered(self) -> int:
        """How many questions have an answer."""
        return sum(1 for item in self.items if item.answered)

    def resume_at(self) -> int:
        """The first unanswered question's number, else the last one."""
        for item in self.items:
            if not item.answered:
                return item.number
        return len(self.items)


@dataclass(frozen=True)
class SectionResult:
    """A section's score against its pass mark."""

    name: str
    score: float
    pass_mark: float
    passed: bool


@dataclass(frozen=True)
class Reread:
    """A topic with questions missed, and the SOP steps that teach it."""

    topic: str
    section: str
    steps: list[str]


@dataclass(frozen=True)
class Certificate:
    """What the printable certificate shows."""

    number: str
    holder: str
    quiz: str
    issued: str
    valid_until: str
    code: str
    scores: list[SectionResult]


@dataclass(frozen=True)
class Reviewed:
    """One question with the right answer: only for quizzes that allow reviewing."""

    number: int
    prompt: str
    chosen: list[str]
    right: list[str]
    explanation: str


@dataclass(frozen=True)
class Result:
    """The result page of a submitted attempt."""

    person: str
    quiz: str
    passed: bool
    timed_out: bool
    submitted_at: datetime
    sections: list[SectionResult]
    reread: list[Reread] = field(default_factory=list)
    certificate: Certificate | None = None
    review: list[Reviewed] = field(default_factory=list)
    """Empty unless the quiz shows the right answers after submitting (off by default)."""
