"""The result of a quiz attempt, as plain dataclasses for the kiosk, the CLI and the web."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from crmgov.domain.enums import QuizPart


@dataclass
class SectionResult:
    """One section's score: both sections must reach their pass mark."""

    section: QuizPart
    score: float
    """Percent, one decimal."""
    pass_mark: float
    passed: bool
    earned: float
    total: int


@dataclass
class TopicResult:
    """How a topic went, and the SOP steps to reread (e.g. "SOP-SAL-01 §3")."""

    section: QuizPart
    topic: str
    earned: float
    total: int
    reread: list[str] = field(default_factory=list)


@dataclass
class CertificateInfo:
    """The certificate a pass issued."""

    certificate_id: int
    number: str
    code: str
    """Verification code (`crmgov cert verify CODE`)."""
    issued_on: date
    valid_until: date | None


@dataclass
class ReviewItem:
    """One question with the right answer; only in results of quizzes that show answers."""

    number: int
    text: str
    chosen: list[str]
    right: list[str]
    explanation: str = ""


@dataclass
class QuizResult:
    """A submitted attempt's result."""

    attempt_id: int
    staff_id: int
    staff_name: str
    quiz_code: str
    quiz_title: str
    language: str
    submitted_at: datetime
    passed: bool
    timed_out: bool
    answered: int
    total: int
    sections: list[SectionResult]
    topics: list[TopicResult]
    certificate: CertificateInfo | None = None
    review: list[ReviewItem] = field(default_factory=list)
    """Empty unless the quiz's `show_answers` is on."""
