"""The demo's certification area: the shipped question bank and quizzes, training sessions,
and attempts that really drew and answered questions, telling every outcome — pass, fail on
one section only, cool-down after three failures, an attempt resumed after an interruption —
with certificates valid, expiring, expired, revoked and due for recertification.

Works on the records build.py made (ids = position + 1) with its own seeded Random, so the
rest of the demo is drawn exactly as before.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.draw import draw
from crmgov.domain.certification.grading import grade
from crmgov.domain.certification.model import (
    CERTIFIED_ROLES,
    Certification,
    QuizAttempt,
    StaffMember,
)
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.training import TrainingSession
from crmgov.domain.enums import Language, QuizPart, Role
from crmgov.services.certification.bankfiles import read_questions, read_quizzes, shipped_dir
from crmgov.services.certification.certificates import CODE_ALPHABET
from crmgov.services.demo import build

#: Training topics per department key; quizzes require them before a first attempt.
TRAINING = {"sales": "sales", "service": "service"}
TRAINERS = {"en": ("Zhou Min (CRM project office)", "Lin Hao (consultant)"),
            "zh": ("周敏（CRM项目办公室）", "林浩（实施顾问）")}
TITLES = {
    "sales": ("Sales in the CRM: leads, accounts, opportunity stages",
              "CRM中的销售：线索、客户、商机阶段"),
    "service": ("Service cases, time limits and complaints", "服务工单、时限与投诉处理"),
}
SOPS = {"sales": ["SOP-SAL-01", "SOP-SAL-02", "SOP-SAL-03", "SOP-SAL-04"],
        "service": ["SOP-SVC-01", "SOP-SVC-02"]}
#: The question whose SOP step changed (SOP-SAL-02 §3): flagged for review, and the
#: certificates whose attempt drew it are due for recertification.
CHANGED_STEP = ("SOP-SAL-02", 3)
RECERT_REASON = {"en": "SOP-SAL-02 §3 changed in its newly approved version",
                 "zh": "SOP-SAL-02 §3 在新批准的版本中有变更"}


def bank() -> tuple[list[Question], list[QuizDefinition]]:
    """The shipped bank and quizzes, with ids by position."""
    questions = [q.model_copy(update={"id": n})
                 for n, (q, _row) in enumerate(read_questions([shipped_dir()]), start=1)]
    quizzes = [z.model_copy(update={"id": n})
               for n, (z, _row) in enumerate(read_quizzes([shipped_dir()]), start=1)]
    return questions, quizzes


def _code(rng: random.Random) -> str:
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _answer(rng: random.Random, attempt: QuizAttempt, questions: dict[int, Question],
            quiz: QuizDefinition) -> QuizAttempt:
    """Answer the drawn items so each section scores as the story's target says (a failing
    target stays below the mark, a passing one at or above it), and grade them."""
    targets = {QuizPart.SYSTEM: attempt.system_score, QuizPart.PROCESS: attempt.process_score}
    items = list(attempt.items)
    start = attempt.started_at or attempt.taken_at
    for section, target in targets.items():
        positions = [k for k, i in enumerate(items) if i.section is section]
        exact = target * len(positions) / 100
        right = math.ceil(exact) if target >= quiz.mark(section) else math.floor(exact)
        chosen = set(rng.sample(positions, min(right, len(positions))))
        for k in positions:
            q = questions[items[k].question_id]
            key = q.current.answer
            wrong = [n for n in range(len(q.current.options)) if n not in key][:1]
            items[k] = items[k].model_copy(update={
                "answer": sorted(key) if k in chosen else wrong,
                "answered_at": start + timedelta(minutes=1 + k),
            })
    graded = grade(items, lambda i: (questions[i.question_id],
                                     questions[i.question_id].version(i.version)), quiz)
    items = [i.model_copy(update={"credit": c}) for i, c in zip(items, graded.credits,
                                                                  strict=True)]
    return attempt.model_copy(update={
        "items": items, "system_score": graded.score(QuizPart.SYSTEM),
        "process_score": graded.score(QuizPart.PROCESS),
    })


def enrich(tables: dict[str, Sequence[Any]], language: Language, today: date, seed: int) -> None:
    """Add the bank, quizzes and training to `tables`, and give the attempts and
    certificates build.py made their drawn questions, answers, numbers and codes."""
    rng = random.Random(seed * 7 + 11)
    lang = language.value
    questions, quizzes = bank()
    by_id = {q.id: q for q in questions}
    by_code = {z.code: z for z in quizzes}
    people: list[StaffMember] = list(tables["staff"])
    attempts: list[QuizAttempt] = list(tables["quiz_attempts"])

    # Cool-down: the sales new hire who failed the system part fails twice more today.
    cooling = next(i for i, row in enumerate(build.ROSTER) if row[3] == "failed_system")
    first_fail = next(a for a in attempts if a.staff_id == cooling + 1)
    for hours in (5, 2):
        when = build.at(today, 9) - timedelta(hours=hours)
        attempts.append(first_fail.model_copy(update={
            "taken_at": when, "system_score": float(rng.randint(50, 75)),
            "process_score": float(rng.randint(60, 90))}))
    tables["quiz_attempts"] = attempts

    # Training before the test: one session per topic before each person's first attempt.
    firsts: dict[int, datetime] = {}
    for a in attempts:
        firsts[a.staff_id] = min(a.taken_at, firsts.get(a.staff_id, a.taken_at))
    sessions: list[TrainingSession] = []
    for dept, topic in TRAINING.items():
        members = [n for n, (p, row) in enumerate(zip(people, build.ROSTER, strict=True),
                                                  start=1)
                   if row[1] == dept and p.role in CERTIFIED_ROLES]
        # Sessions ~ every 90 days over the last two years; each person attends the last
        # one before their first attempt (those never tested: the latest, except one).
        held = [today - timedelta(days=d) for d in range(720, 0, -90)]
        for n, day in enumerate(held):
            who = [pid for pid in members
                   if (firsts.get(pid) or datetime.combine(today, datetime.min.time())).date()
                   > day and _last_before(held, firsts.get(pid), today) == day]
            if who:
                sessions.append(TrainingSession(
                    id=len(sessions) + 1, topic=topic, title=TITLES[dept][lang == "zh"],
                    held_on=day, trainer=TRAINERS[lang][n % 2], sop_codes=SOPS[dept],
                    attendees=who, hours=3.0))
    untrained = next(i for i, row in enumerate(build.ROSTER)
                     if row[3] == "none" and row[1] == "service")
    for s in sessions:
        if untrained + 1 in s.attendees:
            s.attendees.remove(untrained + 1)  # a new hire still waiting for training
    tables["training"] = [s for s in sessions if s.attendees]

    # Every attempt draws real questions and answers them to its story's scores.
    out = []
    for n, a in enumerate(attempts, start=1):
        quiz = by_code[a.bank]
        limit = timedelta(minutes=quiz.time_limit_minutes)
        started = a.taken_at - timedelta(minutes=rng.randint(12, quiz.time_limit_minutes - 2))
        drawn = a.model_copy(update={
            "id": n, "seed": rng.randrange(2**31), "started_at": started,
            "deadline": started + limit, "language": language,
            "pass_mark": quiz.pass_mark, "process_pass_mark": quiz.process_pass_mark,
        })
        drawn = drawn.model_copy(update={"items": draw(questions, quiz, drawn.seed)})
        out.append(_answer(rng, drawn, by_id, quiz))
    # One passed attempt was interrupted (a closed laptop) and resumed within its time.
    resumed = next(a for a in out if a.passed and people[a.staff_id - 1].role is Role.NEW_HIRE)
    out[resumed.id - 1] = resumed.model_copy(update={"resumed": 1})
    tables["quiz_attempts"] = out

    # Certificates: numbers in issue order, codes, the quiz, and the recertification story.
    certs: list[Certification] = list(tables["certifications"])
    changed = next(q for q in questions if (q.sop_code, q.sop_step) == CHANGED_STEP)
    counters: dict[int, int] = {}
    enriched = []
    recert_done = False
    for c in sorted(certs, key=lambda c: (c.issued_on, c.id)):
        counters[c.issued_on.year] = counters.get(c.issued_on.year, 0) + 1
        update: dict[str, Any] = {
            "number": f"CERT-{c.issued_on.year}-{counters[c.issued_on.year]:04d}",
            "code": _code(rng), "quiz": out[c.attempt_id - 1].bank,
        }
        if c.revoked:
            update["revoked_on"] = today - timedelta(days=140)
        attempt = out[c.attempt_id - 1]
        if (not recert_done and c.valid_on(today) and not c.revoked
                and c.expires_on and (c.expires_on - today).days > 30
                and any(i.question_id == changed.id for i in attempt.items)):
            update.update(recert_due=True, recert_reason=RECERT_REASON[lang])
            recert_done = True
        enriched.append(c.model_copy(update=update))
    if not recert_done:  # no long-valid certificate drew that question: take the first
        k = next(k for k, c in enumerate(enriched) if c.valid_on(today) and not c.revoked
                 and c.expires_on and (c.expires_on - today).days > 30)
        enriched[k] = enriched[k].model_copy(update={"recert_due": True,
                                                     "recert_reason": RECERT_REASON[lang]})
    tables["certifications"] = sorted(enriched, key=lambda c: c.id)
    questions[changed.id - 1] = changed.model_copy(update={
        "needs_review": True, "review_reason": RECERT_REASON[lang]})
    tables["questions"] = questions
    tables["quizzes"] = quizzes


def _last_before(held: list[date], first: datetime | None, today: date) -> date | None:
    limit = first.date() if first else today
    before = [d for d in held if d < limit]
    return before[-1] if before else None
