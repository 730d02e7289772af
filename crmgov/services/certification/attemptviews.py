"""What the quiz API (quiz.py) returns: views for the person taking a quiz, as plain
dataclasses. None of them holds the answer key."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crmgov.domain.enums import QuestionKind, QuizPart


@dataclass
class OptionView:
    """One option as shown: its position (0-based, what `save_answer` takes) and text."""

    position: int
    text: str


@dataclass
class QuestionView:
    """One question as the taker sees it: text, options in the shown order, own choice."""

    position: int
    """0-based position in the attempt (what `save_answer` takes)."""
    number: int
    """1-based number shown ("7 / 20")."""
    section: QuizPart
    topic: str
    kind: QuestionKind
    """single: choose one; multiple: choose one or more; true_false: choose one of two."""
    text: str
    options: list[OptionView]
    selected: list[int] = field(default_factory=list)
    """Positions the taker has chosen so far (empty = not answered)."""

    @property
    def answered(self) -> bool:
        return bool(self.selected)


@dataclass
class AttemptView:
    """An attempt for its taker: never holds the answer key."""

    attempt_id: int
    staff_id: int
    staff_name: str
    quiz_code: str
    quiz_title: str
    language: str
    """"en" or "zh": the language the texts are in (fixed at the start)."""
    questions: list[QuestionView]
    started_at: datetime
    deadline: datetime
    seconds_left: int
    """Whole seconds until the deadline at the `now` asked (0 once expired)."""
    submitted: bool
    resumed: bool = False
    """True when `start_attempt` found this attempt in progress and resumed it."""

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def answered(self) -> int:
        """How many questions have an answer saved."""
        return sum(1 for q in self.questions if q.answered)

    @property
    def expired(self) -> bool:
        """The time limit has passed (the attempt must be submitted)."""
        return self.seconds_left <= 0

    def first_unanswered(self) -> int:
        """Position of the first question without an answer (0 when all are answered)."""
        return next((q.position for q in self.questions if not q.answered), 0)


@dataclass
class AnswerSaved:
    """What `save_answer` stored, and where the attempt stands."""

    attempt_id: int
    position: int
    selected: list[int]
    answered: int
    total: int
    seconds_left: int


@dataclass
class QuizChoice:
    """A quiz a person could sit."""

    code: str
    title: str
    system_questions: int
    process_questions: int
    time_limit_minutes: int
    suits: bool
    """True when the quiz is meant for the person's role and department."""


@dataclass
class Eligibility:
    """Whether a person may start (or resume) a quiz now, without changing anything."""

    staff_id: int
    quiz_code: str
    allowed: bool
    """True when `start_attempt` would start or resume an attempt."""
    resume_attempt_id: int | None = None
    """An attempt in progress, within its time, that `start_attempt` would resume."""
    code: str = ""
    """The refusal code when not allowed (see QuizRefused)."""
    message: str = ""
    """The refusal, translated, one line."""
    until: datetime | None = None
