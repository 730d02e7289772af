"""A small project to take the certification quiz on: staff, a question bank, one quiz.

Used by the web tests and benchmarks/bench_web.py. Texts are plain and numbered, so a test
can look for them; every explanation carries the marker EXPLANATION (never to be sent to a
browser), and `swap_key=True` builds the same bank with other right answers (a page that
does not change with it cannot be leaking the key).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from crmgov.domain.certification.bank import Localized, Question, QuestionVersion
from crmgov.domain.certification.model import QuizAttempt, StaffMember
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuestionKind, QuizPart, Role
from crmgov.services.projects import init_project
from crmgov.storage.store import ProjectStore

QUIZ = "new-hire"
TOPICS = {QuizPart.SYSTEM: ["accounts", "quotes"], QuizPart.PROCESS: ["leads", "service"]}


def _question(section: QuizPart, n: int, swap_key: bool) -> Question:
    prefix = "SYS" if section is QuizPart.SYSTEM else "PRO"
    code = f"{prefix}-{n:02d}"
    topic = TOPICS[section][n % 2]
    kind = (QuestionKind.TRUE_FALSE if n % 5 == 4 else
            QuestionKind.MULTIPLE if n % 5 == 3 else QuestionKind.SINGLE)
    if kind is QuestionKind.TRUE_FALSE:
        options = [Localized(en="True", zh="对"), Localized(en="False", zh="错")]
        answer = [1 if swap_key else 0]
    else:
        options = [Localized(en=f"Option {letter} of {code}", zh=f"{code} 的选项 {letter}")
                   for letter in "ABCD"]
        answer = ([0, 2] if not swap_key else [1, 3]) if kind is QuestionKind.MULTIPLE else (
            [n % 4] if not swap_key else [(n + 1) % 4])
    return Question(
        code=code, section=section, topic=topic, kind=kind,
        sop_code="SOP-SAL-01" if section is QuizPart.SYSTEM else "SOP-SVC-02",
        sop_step=n % 4 + 1,
        versions=[QuestionVersion(
            version=1,
            prompt=Localized(en=f"Question {code}: which is right?",
                             zh=f"题目 {code}：哪个正确？"),
            options=options, answer=answer,
            explanation=Localized(en=f"EXPLANATION {code}", zh=f"EXPLANATION {code} 解释"),
        )],
    )


def quiz_project(
    path: Path,
    *,
    takers: int = 2,
    per_section: int = 5,
    time_limit_minutes: int = 30,
    swap_key: bool = False,
    clock: object = None,
    language: str = "en",
) -> ProjectStore:
    """A project with `takers` new hires ("Taker 1", …), a bank of 2 × per_section + 4
    questions and the quiz QUIZ drawing `per_section` per section."""
    kwargs = {"clock": clock} if clock is not None else {}
    store = init_project(path, "Quiz test project", "tester", language=language, **kwargs)
    with store.transaction("fixture") as txn:
        txn.insert_many("staff", [
            StaffMember(name=f"Taker {i}", role=Role.NEW_HIRE, department="Sales",
                        region="East")
            for i in range(1, takers + 1)
        ])
        txn.insert_many("questions", [
            _question(section, n, swap_key)
            for section in (QuizPart.SYSTEM, QuizPart.PROCESS)
            for n in range(1, per_section + 3)
        ])
        txn.insert("quizzes", QuizDefinition(
            code=QUIZ, title=Localized(en="New hire certification", zh="新员工上岗认证"),
            roles=[Role.NEW_HIRE], system_questions=per_section,
            process_questions=per_section, time_limit_minutes=time_limit_minutes,
        ))
    return store


def right_positions(store: ProjectStore, attempt_id: int) -> list[list[int]]:
    """For each question of an attempt, the shown positions of its right options (what a
    taker who knows everything would tick). Server-side knowledge, for tests only."""
    store.refresh()
    attempt: QuizAttempt = store.get("quiz_attempts", attempt_id)
    out = []
    for item in attempt.items:
        question: Question = store.get("questions", item.question_id)
        key = set(question.version(item.version).answer)
        out.append([pos for pos, idx in enumerate(item.options) if idx in key])
    return out


def wrong_positions(store: ProjectStore, attempt_id: int) -> list[list[int]]:
    """For each question, one shown position that is wrong."""
    store.refresh()
    attempt: QuizAttempt = store.get("quiz_attempts", attempt_id)
    out = []
    for item in attempt.items:
        question: Question = store.get("questions", item.question_id)
        key = set(question.version(item.version).answer)
        out.append([next(pos for pos, idx in enumerate(item.options) if idx not in key)])
    return out


def fixed(moment: datetime) -> object:
    """A clock that always says `moment`."""
    return lambda: moment
