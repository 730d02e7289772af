"""`crmgov questions lint`: what makes a bank weak, each finding as FILE:LINE: problem.

Checks: duplicate or near-duplicate questions (same section, rapidfuzz similarity ≥ 90),
a missing Chinese text, an SOP code the project does not know, a topic or section with
fewer questions than a quiz draws, and (from the project's attempts) a question that
nearly everyone fails or passes. Fewer than 2 options, an answer out of range and
duplicate codes are refused by the reader itself (BankFileError).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.draw import pool
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import QuizPart
from crmgov.i18n import _
from crmgov.services.certification.bankfiles import Located, read_questions, read_quizzes
from crmgov.storage.interface import Store

#: Prompts at least this similar (rapidfuzz token_sort_ratio) are near-duplicates.
NEAR_DUPLICATE = 90
#: A question needs this many graded answers before its pass rate means anything.
MIN_ANSWERS = 10
#: Pass rates at or beyond these are "nearly everyone passes / fails".
TOO_EASY, TOO_HARD = 0.95, 0.10


def lint_bank(paths: list[Path], store: Store | None = None) -> list[str]:
    """Every finding in the bank files `paths` (BankFileError if they cannot be read)."""
    from rapidfuzz import fuzz  # only lint needs it

    located = read_questions(paths)
    quizzes = read_quizzes(paths)
    findings: list[str] = []
    where = {q.code: row for q, row in located}
    questions = [q for q, _row in located]
    by_section: dict[QuizPart, list[Question]] = defaultdict(list)
    for q in questions:
        by_section[q.section].append(q)
    for qs in by_section.values():
        for i, a in enumerate(qs):
            for b in qs[i + 1:]:
                score = fuzz.token_sort_ratio(a.current.prompt.en, b.current.prompt.en)
                if score >= NEAR_DUPLICATE:
                    findings.append(f"{where[b.code].where('en')}: " + _(
                        "{code} nearly repeats {other} ({score:.0f}% alike)", code=b.code,
                        other=a.code, score=score))
    for q in questions:
        row = where[q.code]
        v = q.current
        if not v.prompt.zh:
            findings.append(f"{row.where('zh')}: " + _("{code}: no Chinese question text",
                                                       code=q.code))
        if any(not o.zh for o in v.options):
            findings.append(f"{row.where('options')}: " + _("{code}: an option has no Chinese "
                                                            "text", code=q.code))
    if store is not None:
        findings += _unknown_sops(questions, where, store)
        findings += _pass_rates(store, where)
    # The files' quizzes, else (linting a bank alone) the project's.
    checked: list[tuple[QuizDefinition, Located | None]] = list(quizzes)
    if not checked and store is not None:
        checked = [(z, None) for z in store.all("quizzes")]
    for quiz, qrow in checked:
        for section in QuizPart:
            have = len(pool(questions, quiz, section))
            if have < quiz.size(section):
                findings.append(_where(qrow) + _(
                    "quiz {quiz}: {have} {section} question(s), draws {need}", quiz=quiz.code,
                    have=have, section=section.value, need=quiz.size(section)))
        counts: dict[str, int] = defaultdict(int)
        for q in questions:
            if q.drawable and (not quiz.topics or q.topic in quiz.topics):
                counts[q.topic] += 1
        for topic in quiz.topics:
            if counts[topic] < max(1, quiz.min_per_topic):
                findings.append(_where(qrow) + _(
                    "quiz {quiz}: topic {topic} has {have} question(s), needs {need}",
                    quiz=quiz.code, topic=topic, have=counts[topic],
                    need=max(1, quiz.min_per_topic)))
    return findings


def _where(row: Located | None) -> str:
    return f"{row.where()}: " if row is not None else "project: "


def _unknown_sops(questions: list[Question], where: dict[str, Located],
                  store: Store) -> list[str]:
    # A project without SOPs yet is checked too: every link dangles, which `questions
    # import` also says (issue 22: a fresh project's import and lint were silent).
    known = {s.code for s in store.all("sops")}
    return [f"{where[q.code].where('sop')}: " + _("{code}: links to {sop}, which the project "
                                                  "does not have", code=q.code, sop=q.sop_code)
            for q in questions if q.sop_code and q.sop_code not in known]


def _pass_rates(store: Store, where: dict[str, Located]) -> list[str]:
    codes = {q.id: q.code for q in store.all("questions")}
    graded: dict[int, list[float]] = defaultdict(list)
    for a in store.all("quiz_attempts"):
        if a.submitted:
            for item in a.items:
                if item.credit is not None:
                    graded[item.question_id].append(item.credit)
    out = []
    for qid, credits in sorted(graded.items()):
        if len(credits) < MIN_ANSWERS or qid not in codes:
            continue
        rate = sum(1 for c in credits if c >= 1) / len(credits)
        if rate >= TOO_EASY or rate <= TOO_HARD:
            code = codes[qid]
            place = where[code].where() if code in where else "project"
            text = (_("{code}: {rate:.0%} of {n} answers right: nearly everyone passes it",
                      code=code, rate=rate, n=len(credits)) if rate >= TOO_EASY else
                    _("{code}: {rate:.0%} of {n} answers right: nearly everyone fails it",
                      code=code, rate=rate, n=len(credits)))
            out.append(f"{place}: {text}")
    return out
