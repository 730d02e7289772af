"""The seeded draw of a quiz's questions: reproducible from the seed and the bank."""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.model import AttemptItem
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuestionKind, QuizPart
from crmgov.i18n import _


class DrawError(ValueError):
    """The bank cannot supply what the quiz asks for (already translated)."""


def pool(questions: Sequence[Question], quiz: QuizDefinition, section: QuizPart) -> list[Question]:
    """The drawable questions of `section` the quiz may use, in code order (deterministic)."""
    topics = set(quiz.topics)
    found = [
        q for q in questions
        if q.section is section and q.drawable and (not topics or q.topic in topics)
    ]
    found.sort(key=lambda q: q.code)
    return found


def draw(
    questions: Sequence[Question],
    quiz: QuizDefinition,
    seed: int,
    avoid: Collection[int] = (),
) -> list[AttemptItem]:
    """Draw the quiz's questions: system section first, then process, each shuffled.

    Each section takes `quiz.min_per_topic` questions of every topic (topics in a random
    order, while the section has room), then fills up at random. Questions whose ids are in
    `avoid` (the person's last attempt) are taken only when the bank has no others left.
    Options are shuffled when the quiz says so (true/false keep their order). The same
    `questions`, `quiz`, `seed` and `avoid` always give the same draw. Raises DrawError when
    a section has fewer drawable questions than the quiz asks for.
    """
    rng = random.Random(seed)
    items: list[AttemptItem] = []
    for section in (QuizPart.SYSTEM, QuizPart.PROCESS):
        wanted = quiz.size(section)
        candidates = pool(questions, quiz, section)
        if len(candidates) < wanted:
            raise DrawError(
                _("the bank has {have} drawable {section} question(s); quiz {quiz} needs {need}",
                  have=len(candidates), section=section.value, quiz=quiz.code, need=wanted)
            )
        picked = _pick_section(rng, candidates, wanted, quiz.min_per_topic, set(avoid))
        rng.shuffle(picked)
        for q in picked:
            order = list(range(len(q.current.options)))
            if quiz.shuffle_options and q.kind is not QuestionKind.TRUE_FALSE:
                rng.shuffle(order)
            items.append(AttemptItem(question_id=q.id, version=q.current.version,
                                     section=section, topic=q.topic, options=order))
    return items


def _fresh_first(rng: random.Random, qs: list[Question], avoid: set[int]) -> list[Question]:
    """`qs` in random order, those not in `avoid` before those in it."""
    fresh = [q for q in qs if q.id not in avoid]
    stale = [q for q in qs if q.id in avoid]
    rng.shuffle(fresh)
    rng.shuffle(stale)
    return fresh + stale


def _pick_section(
    rng: random.Random, candidates: list[Question], wanted: int, per_topic: int, avoid: set[int]
) -> list[Question]:
    by_topic: dict[str, list[Question]] = {}
    for q in candidates:
        by_topic.setdefault(q.topic, []).append(q)
    topics = sorted(by_topic)
    rng.shuffle(topics)  # when there are more topics than room, chance decides which
    picked: list[Question] = []
    taken: set[int] = set()
    for topic in topics:
        for q in _fresh_first(rng, by_topic[topic], avoid)[:per_topic]:
            if len(picked) < wanted:
                picked.append(q)
                taken.add(q.id)
    rest = [q for q in candidates if q.id not in taken]
    picked += _fresh_first(rng, rest, avoid)[: wanted - len(picked)]
    return picked
