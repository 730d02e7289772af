"""Grading and finishing attempts inside a transaction, and reading their results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from crmgov.domain.certification.bank import Question, QuestionVersion
from crmgov.domain.certification.grading import Grade, grade
from crmgov.domain.certification.model import AttemptItem, QuizAttempt
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.enums import AttemptStatus, QuizPart
from crmgov.i18n import _
from crmgov.services.certification.certificates import issue_certificate
from crmgov.services.certification.errors import NotFound, QuizRefused
from crmgov.services.certification.lookup import get_attempt, get_question, get_quiz, get_staff
from crmgov.services.certification.results import (
    CertificateInfo,
    QuizResult,
    ReviewItem,
    SectionResult,
    TopicResult,
)
from crmgov.storage.interface import Store
from crmgov.storage.transaction import Transaction


def _lookup(store: Store) -> Callable[[AttemptItem], tuple[Question, QuestionVersion]]:
    def find(item: AttemptItem) -> tuple[Question, QuestionVersion]:
        q = get_question(store, item.question_id)
        return q, q.version(item.version)

    return find


def quiz_or_default(store: Store, attempt: QuizAttempt) -> QuizDefinition:
    """The attempt's quiz definition; a default one (pass marks from the attempt) if the
    quiz was removed since."""
    try:
        return get_quiz(store, attempt.bank)
    except NotFound:
        mark = attempt.pass_mark
        process = attempt.process_pass_mark if attempt.process_pass_mark is not None else mark
        return QuizDefinition(code=attempt.bank, title={"en": attempt.bank},
                              pass_mark=mark, process_pass_mark=process)


def grade_attempt(store: Store, attempt: QuizAttempt) -> Grade:
    """Grade the attempt's answers against the wordings it showed."""
    quiz = quiz_or_default(store, attempt)
    # The pass marks in force when the attempt started, not the quiz's current ones.
    marks = quiz.model_copy(update={
        "pass_mark": attempt.pass_mark,
        "process_pass_mark": attempt.process_pass_mark
        if attempt.process_pass_mark is not None else attempt.pass_mark,
    })
    return grade(attempt.items, _lookup(store), marks)


def finish_attempt(
    store: Store, txn: Transaction, attempt: QuizAttempt, now: datetime, *,
    timed_out: bool
) -> QuizAttempt:
    """Grade `attempt`, store it submitted, and issue a certificate if it passed."""
    result = grade_attempt(store, attempt)
    items = [i.model_copy(update={"credit": round(c, 4)})
             for i, c in zip(attempt.items, result.credits, strict=True)]
    done = txn.update("quiz_attempts", attempt.model_copy(update={
        "items": items, "status": AttemptStatus.SUBMITTED, "taken_at": now.replace(microsecond=0),
        "system_score": result.score(QuizPart.SYSTEM),
        "process_score": result.score(QuizPart.PROCESS), "timed_out": timed_out,
    }))
    if result.passed:
        issue_certificate(store, txn, done, quiz_or_default(store, done), now.date())
    return done


def result_of(store: Store, attempt_id: int, language: str | None = None
              ) -> QuizResult:
    """The result view of a submitted attempt, its texts in `language` (None = the
    language it was taken in)."""
    attempt = get_attempt(store, attempt_id)
    if not attempt.submitted:
        raise QuizRefused(_("attempt {id} is still in progress", id=attempt_id), "in_progress",
                          attempt_id=attempt_id)
    lang = str(language or attempt.language)
    quiz = quiz_or_default(store, attempt)
    graded = grade_attempt(store, attempt) if attempt.items else None
    sections = (
        [SectionResult(s.section, s.score, s.pass_mark, s.passed, s.earned, s.total)
         for s in graded.sections] if graded else _recorded_sections(attempt)
    )
    topics = [TopicResult(t.section, t.topic, t.earned, t.total, t.reread)
              for t in graded.topics] if graded else []
    cert = next((c for c in store.all("certifications") if c.attempt_id == attempt_id), None)
    info = CertificateInfo(cert.id, cert.number, cert.code, cert.issued_on, cert.expires_on
                           ) if cert else None
    review = _review(store, attempt, lang) if quiz.show_answers else []
    return QuizResult(
        attempt_id=attempt.id, staff_id=attempt.staff_id,
        staff_name=get_staff(store, attempt.staff_id).name, quiz_code=attempt.bank,
        quiz_title=quiz.title.text(lang), language=lang, submitted_at=attempt.taken_at,
        passed=attempt.passed, timed_out=attempt.timed_out,
        answered=sum(1 for i in attempt.items if i.answer), total=len(attempt.items),
        sections=sections, topics=topics, certificate=info, review=review,
    )


def _recorded_sections(attempt: QuizAttempt) -> list[SectionResult]:
    """Results recorded without the quiz's items (older files): the scores alone."""
    process_mark = (attempt.pass_mark if attempt.process_pass_mark is None
                    else attempt.process_pass_mark)
    return [
        SectionResult(QuizPart.SYSTEM, attempt.system_score, attempt.pass_mark,
                      attempt.system_score >= attempt.pass_mark, 0, 0),
        SectionResult(QuizPart.PROCESS, attempt.process_score, process_mark,
                      attempt.process_score >= process_mark, 0, 0),
    ]


def _review(store: Store, attempt: QuizAttempt, lang: str) -> list[ReviewItem]:
    out = []
    for n, item in enumerate(attempt.items, start=1):
        q = get_question(store, item.question_id)
        v = q.version(item.version)
        out.append(ReviewItem(
            n, v.prompt.text(lang), [v.options[i].text(lang) for i in item.answer or ()],
            [v.options[i].text(lang) for i in v.answer],
            v.explanation.text(lang) if v.explanation else "",
        ))
    return out
