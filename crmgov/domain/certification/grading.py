"""Grading an attempt: per question, per section (both must pass) and per topic."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field

from crmgov.domain.certification.bank import Question, QuestionVersion
from crmgov.domain.certification.model import AttemptItem
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuestionKind, QuizPart


def credit(
    kind: QuestionKind, key: Collection[int], chosen: Collection[int] | None, partial: bool
) -> float:
    """Credit (0..1) for one answer.

    Single choice and true/false: right or wrong. Multiple choice: all-or-nothing, or with
    `partial` each right option chosen +1/n and each wrong one −1/n (n = number of right
    options), never below 0. No answer earns 0.
    """
    if not chosen:
        return 0.0
    right, picked = set(key), set(chosen)
    if kind is not QuestionKind.MULTIPLE or not partial:
        return 1.0 if picked == right else 0.0
    hits = len(picked & right)
    misses = len(picked - right)
    return max(0.0, (hits - misses) / len(right))


@dataclass
class SectionGrade:
    """One section's score against its pass mark."""

    section: QuizPart
    earned: float
    total: int
    pass_mark: float

    @property
    def score(self) -> float:
        """Percent, rounded to one decimal."""
        return round(100 * self.earned / self.total, 1) if self.total else 0.0

    @property
    def passed(self) -> bool:
        return self.score >= self.pass_mark


@dataclass
class TopicGrade:
    """How a topic went, and the SOP steps to reread for the questions not fully right."""

    section: QuizPart
    topic: str
    earned: float
    total: int
    reread: list[str] = field(default_factory=list)


@dataclass
class Grade:
    """The whole attempt's result; `credits` holds each item's credit in order."""

    sections: list[SectionGrade]
    topics: list[TopicGrade]
    credits: list[float]

    @property
    def passed(self) -> bool:
        """Both sections must reach their pass mark: a strong one cannot carry a weak one."""
        return all(s.passed for s in self.sections)

    def score(self, section: QuizPart) -> float:
        return next(s.score for s in self.sections if s.section is section)


def grade(
    items: Sequence[AttemptItem],
    lookup: Callable[[AttemptItem], tuple[Question, QuestionVersion]],
    quiz: QuizDefinition,
) -> Grade:
    """Grade `items` against the wording each showed (`lookup` gives question and version)."""
    sections = {s: SectionGrade(s, 0.0, 0, quiz.mark(s)) for s in QuizPart}
    topics: dict[tuple[QuizPart, str], TopicGrade] = {}
    credits: list[float] = []
    for item in items:
        question, version = lookup(item)
        earned = credit(question.kind, version.answer, item.answer, quiz.partial_credit)
        credits.append(earned)
        sec = sections[item.section]
        sec.earned += earned
        sec.total += 1
        topic = topics.setdefault(
            (item.section, item.topic), TopicGrade(item.section, item.topic, 0.0, 0)
        )
        topic.earned += earned
        topic.total += 1
        if earned < 1 and question.sop_ref and question.sop_ref not in topic.reread:
            topic.reread.append(question.sop_ref)
    for t in topics.values():
        t.reread.sort()
    ordered = sorted(topics.values(), key=lambda t: (list(QuizPart).index(t.section), t.topic))
    return Grade(list(sections.values()), ordered, credits)
