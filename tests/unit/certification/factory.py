"""Small banks, quizzes and people for the certification tests."""

from __future__ import annotations

from crmgov.domain.certification.bank import Localized, Question, QuestionVersion
from crmgov.domain.certification.model import StaffMember
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuestionKind, QuizPart, Role
from crmgov.storage.store import ProjectStore

#: Marker put in every explanation (the answer key's words): a test can look for it in
#: anything shown to a taker; it must never appear.
RIGHT = "✔KEY"


def question(code: str, section: QuizPart, topic: str, kind: QuestionKind = QuestionKind.SINGLE,
             sop: str = "SOP-SAL-01", step: int | None = 1) -> Question:
    n = 2 if kind is QuestionKind.TRUE_FALSE else 4
    answer = [0, 2] if kind is QuestionKind.MULTIPLE else [1 if n == 4 else 0]
    options = [
        Localized(en=f"{code} option {k + 1}", zh=f"{code} 选项{k + 1}")
        for k in range(n)
    ]
    return Question(code=code, section=section, topic=topic, kind=kind, sop_code=sop,
                    sop_step=step, versions=[QuestionVersion(
                        version=1, prompt=Localized(en=f"Question {code}?", zh=f"问题 {code}？"),
                        options=options, answer=answer,
                        explanation=Localized(en=f"{RIGHT} {answer}", zh=f"{RIGHT} {answer}"))])


def bank(per_topic: int = 4) -> list[Question]:
    out = []
    for section, topics in ((QuizPart.SYSTEM, ("accounts", "opportunities")),
                            (QuizPart.PROCESS, ("leads", "service"))):
        for t in topics:
            for k in range(per_topic):
                kind = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE,
                        QuestionKind.SINGLE)[k % 4]
                out.append(question(f"{section.value[:3].upper()}-{t[:3].upper()}-{k + 1:02d}",
                                    section, t, kind, step=k % 3 + 1))
    return out


def quiz(**changes: object) -> QuizDefinition:
    base = dict(code="sales-basic", title=Localized(en="Sales basics", zh="销售基础"),
                roles=[Role.NEW_HIRE, Role.VETERAN], system_questions=4, process_questions=4,
                time_limit_minutes=20)
    base.update(changes)
    return QuizDefinition(**base)  # type: ignore[arg-type]


def seed_store(store: ProjectStore, *, people: int = 2, **quiz_changes: object) -> list[int]:
    """Bank, one quiz and `people` new hires; returns the staff ids."""
    with store.transaction("test.seed") as t:
        t.insert_many("questions", bank())
        t.insert("quizzes", quiz(**quiz_changes))
        staff = t.insert_many("staff", [
            StaffMember(name=f"Person {k}", role=Role.NEW_HIRE, department="Sales")
            for k in range(people)])
    return [s.id for s in staff]


def right_positions(store: ProjectStore, attempt_id: int) -> list[list[int]]:
    """For each item, the shown positions of the right options (tests only)."""
    attempt = store.get("quiz_attempts", attempt_id)
    out = []
    for item in attempt.items:
        key = set(store.get("questions", item.question_id).version(item.version).answer)
        out.append([k for k, idx in enumerate(item.options) if idx in key])
    return out
