"""The question bank: questions in two sections (system, process), versioned, en and zh."""

from __future__ import annotations

from datetime import date

from pydantic import Field, model_validator

from crmgov.domain.base import DomainModel, NonBlank, Record, Text
from crmgov.domain.enums import QuestionKind, QuizPart


class Localized(DomainModel):
    """A text in English and Chinese; a missing Chinese text falls back to English."""

    en: NonBlank
    """English text."""
    zh: Text = ""
    """简体中文 text ("" = not translated yet; `questions lint` reports it)."""

    def text(self, lang: str) -> str:
        """The text in `lang`, else English."""
        return self.zh if lang == "zh" and self.zh else self.en


class QuestionVersion(DomainModel):
    """One wording of a question; a revision adds a version, attempts keep pointing at theirs."""

    version: int = Field(ge=1)
    """1 = first wording."""
    prompt: Localized
    """The question."""
    options: list[Localized]
    """The choices, in their canonical order (attempts shuffle them)."""
    answer: list[int]
    """Indices (0-based) of the right options."""
    explanation: Localized | None = None
    """Why the answer is right (shown only where a quiz allows reviewing answers)."""
    written_on: date | None = None
    """When this wording was written or imported."""


class Question(Record):
    """A certification question: stable code, section, topic, optional SOP step, versions."""

    code: NonBlank
    """Stable identifier in the bank files, e.g. "SYS-ACC-01"."""
    section: QuizPart
    """System operation or business process (both must be passed)."""
    topic: NonBlank
    """Topic within the section, e.g. "accounts"; quizzes draw a minimum per topic."""
    kind: QuestionKind
    """Single choice, multiple choice or true/false."""
    difficulty: int = Field(1, ge=1, le=3)
    """1 easy … 3 hard."""
    sop_code: Text = ""
    """The SOP it tests, e.g. "SOP-SAL-01" ("" = none)."""
    sop_step: int | None = Field(None, ge=1)
    """The step of that SOP (shown as "SOP-SAL-01 §3"); None = the SOP as a whole."""
    versions: list[QuestionVersion] = Field(min_length=1)
    """Every wording, oldest first; the last is the one drawn."""
    needs_review: bool = False
    """Set when its SOP step changed in a newly approved version; left out of draws."""
    review_reason: Text = ""
    """Why it needs review."""
    retired: bool = False
    """No longer drawn (kept because attempts point at it)."""

    @property
    def current(self) -> QuestionVersion:
        """The wording in force."""
        return self.versions[-1]

    def version(self, number: int) -> QuestionVersion:
        """The wording with this version number (KeyError if none)."""
        for v in self.versions:
            if v.version == number:
                return v
        raise KeyError(number)

    @property
    def drawable(self) -> bool:
        """Whether quizzes may draw it now."""
        return not (self.retired or self.needs_review)

    @property
    def sop_ref(self) -> str:
        """"SOP-SAL-01 §3", "SOP-SAL-01" or ""."""
        if not self.sop_code:
            return ""
        return f"{self.sop_code} §{self.sop_step}" if self.sop_step else self.sop_code

    @model_validator(mode="after")
    def _well_formed(self) -> Question:
        numbers = [v.version for v in self.versions]
        if numbers != sorted(set(numbers)):
            raise ValueError("versions must be unique and in ascending order")
        for v in self.versions:
            problem = answer_problem(self.kind, len(v.options), v.answer)
            if problem:
                raise ValueError(f"version {v.version}: {problem}")
        return self


def answer_problem(kind: QuestionKind, n_options: int, answer: list[int]) -> str:
    """What is wrong with an answer key for `kind` with `n_options` options ("" = nothing)."""
    if n_options < 2:
        return "fewer than 2 options"
    if kind is QuestionKind.TRUE_FALSE and n_options != 2:
        return "a true/false question has exactly 2 options"
    if not answer:
        return "no right answer given"
    if any(a < 0 or a >= n_options for a in answer):
        return f"answer out of range (options 1 to {n_options})"
    if len(set(answer)) != len(answer):
        return "an answer is given twice"
    if kind is not QuestionKind.MULTIPLE and len(answer) != 1:
        return "a single-choice or true/false question has exactly one right answer"
    return ""
