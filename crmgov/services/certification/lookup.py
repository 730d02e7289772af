"""Finding staff, quizzes, questions and attempts by what a person types."""

from __future__ import annotations

from collections.abc import Iterable

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.model import QuizAttempt, StaffMember
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.i18n import _
from crmgov.services.certification.errors import NotFound
from crmgov.storage.interface import Store


def get_staff(store: Store, staff_id: int) -> StaffMember:
    """One person by id; NotFound if none."""
    try:
        person: StaffMember = store.get("staff", staff_id)
    except KeyError:
        raise NotFound(_("no staff member {id}", id=staff_id), "staff") from None
    return person


def find_staff(store: Store, who: str) -> StaffMember:
    """A person by id, HR number or exact name (case-insensitive); NotFound if none, or
    if a name is shared (then the ids are listed, so the caller can pick one)."""
    text = who.strip()
    if text.isdigit() and int(text) in store.ids("staff"):
        return get_staff(store, int(text))
    people: list[StaffMember] = store.all("staff")
    by_no = [p for p in people if p.employee_no and p.employee_no == text]
    if len(by_no) == 1:
        return by_no[0]
    named = [p for p in people if p.name.casefold() == text.casefold()]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise NotFound(
            _("{count} people are named {name}: use an id ({ids})", count=len(named),
              name=text, ids=listing(str(p.id) for p in named)),
            "staff",
        )
    raise NotFound(_("no staff member named or numbered {who}", who=text), "staff")


def listing(items: Iterable[str]) -> str:
    """Items joined as the language lists them ("a, b" / "a、b")."""
    return _(", ").join(items)


def get_quiz(store: Store, code: str) -> QuizDefinition:
    """A quiz definition by code; NotFound if none."""
    for quiz in store.all("quizzes"):
        if quiz.code == code:
            found: QuizDefinition = quiz
            return found
    raise NotFound(_("no quiz {code}", code=code), "quiz")


def get_attempt(store: Store, attempt_id: int) -> QuizAttempt:
    """One attempt by id; NotFound if none."""
    try:
        attempt: QuizAttempt = store.get("quiz_attempts", attempt_id)
    except KeyError:
        raise NotFound(_("no quiz attempt {id}", id=attempt_id), "attempt") from None
    return attempt


def get_question(store: Store, question_id: int) -> Question:
    """One question by record id; NotFound if none."""
    try:
        question: Question = store.get("questions", question_id)
    except KeyError:
        raise NotFound(_("no question {id}", id=question_id), "question") from None
    return question


def find_question(store: Store, code: str) -> Question:
    """A question by its code (e.g. SYS-ACC-01); NotFound if none."""
    for q in store.all("questions"):
        if q.code == code:
            found: Question = q
            return found
    raise NotFound(_("no question {code}", code=code), "question")
