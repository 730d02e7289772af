"""Use cases of the question bank: import (new versions of changed questions), export,
review after SOP changes, and the quiz definitions that draw from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.rules import questions_needing_review
from crmgov.i18n import _, join_list
from crmgov.services.certification.bankfiles import (
    bank_toml,
    read_questions,
    read_quizzes,
    shipped_dir,
)
from crmgov.services.certification.lookup import find_question
from crmgov.storage.interface import Store
from crmgov.storage.transaction import Transaction


@dataclass
class BankImport:
    """What an import did."""

    added: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    """Questions whose wording changed: a new version was added (attempts keep theirs)."""
    unchanged: int = 0
    quizzes_added: list[str] = field(default_factory=list)
    quizzes_updated: list[str] = field(default_factory=list)
    missing_sops: dict[str, list[str]] = field(default_factory=dict)
    """SOP code -> the imported questions citing it, for SOPs the project does not have
    (imported all the same: the SOP may come later, but the user is told)."""

    def missing_sop_lines(self) -> list[str]:
        """One warning per missing SOP, naming the questions that cite it."""
        return [_("{sop} is not in the project, yet {count} question(s) cite it: {codes}",
                  sop=sop, count=len(codes), codes=join_list(codes))
                for sop, codes in sorted(self.missing_sops.items())]


def _same_wording(a: Question, b: Question) -> bool:
    x, y = a.current, b.current
    return (x.prompt, x.options, x.answer, x.explanation) == (
        y.prompt, y.options, y.answer, y.explanation)


def import_bank(store: Store, paths: list[Path], today: date) -> BankImport:
    """Import bank files and quiz files (folders: every *.toml; quizzes*.toml are quizzes).

    Every file is checked first (BankFileError with FILE:LINE on the first problem of each
    record); nothing is imported unless all are valid. A question is matched by code: a
    new code is added; a changed wording adds a version (and clears "needs review", since
    someone has just looked at it); changed metadata (topic, SOP step…) is updated in place.
    A quiz is matched by code and replaced.
    """
    questions = read_questions(paths)
    quizzes = read_quizzes(paths)
    report = BankImport()
    with store.transaction("questions.import") as txn:
        existing = {q.code: q for q in store.all("questions")}
        new: list[Question] = []
        for q, _row in questions:
            fresh = q.model_copy(update={"versions": [
                q.current.model_copy(update={"written_on": today})]})
            old = existing.get(q.code)
            if old is None:
                new.append(fresh)
                report.added.append(q.code)
                continue
            meta = {k: getattr(q, k) for k in
                    ("section", "topic", "kind", "difficulty", "sop_code", "sop_step", "retired")}
            changed_meta = any(getattr(old, k) != v for k, v in meta.items())
            if _same_wording(old, q):
                if changed_meta:
                    txn.update("questions", old.model_copy(update=meta))
                    report.revised.append(q.code)
                else:
                    report.unchanged += 1
                continue
            version = fresh.current.model_copy(update={"version": old.current.version + 1})
            revised = Question.model_validate({
                **old.model_dump(), **meta, "versions": [*old.versions, version],
                "needs_review": False, "review_reason": "",
            })
            txn.update("questions", revised)
            report.revised.append(q.code)
        txn.insert_many("questions", new)
        known_sops = {sop.code for sop in store.all("sops")}
        for q, _row in questions:
            if q.sop_code and q.sop_code not in known_sops:
                report.missing_sops.setdefault(q.sop_code, []).append(q.code)
        known = {z.code: z for z in store.all("quizzes")}
        for quiz, _row in quizzes:
            if quiz.code in known:
                txn.update("quizzes", quiz.model_copy(update={"id": known[quiz.code].id}))
                report.quizzes_updated.append(quiz.code)
            else:
                txn.insert("quizzes", quiz)
                report.quizzes_added.append(quiz.code)
    return report


def install_default_bank(store: Store, today: date) -> BankImport:
    """Import the shipped bank and quizzes (checklists/questions/)."""
    return import_bank(store, [shipped_dir()], today)


def export_bank(store: Store, path: Path) -> int:
    """Write the project's bank (current wordings) to a TOML file, or to .xlsx/.csv;
    returns the count."""
    questions: list[Question] = store.all("questions")
    if path.suffix.lower() in (".xlsx", ".csv"):
        from crmgov.services.certification.banksheet import write_bank_sheet

        write_bank_sheet(path, questions)
    else:
        path.write_text(bank_toml(questions), encoding="utf-8")
    return len(questions)


def list_quizzes(store: Store) -> list[QuizDefinition]:
    """Every quiz definition, by code."""
    return sorted(store.all("quizzes"), key=lambda q: q.code)


def mark_for_review(
    store: Store, changed_steps: list[tuple[str, int | None]], reason: str
) -> list[str]:
    """Flag the questions linked to changed SOP steps "needs review" (out of draws until
    reviewed) and mark the certificates whose attempt drew them "recertification due".
    Called when an SOP version is approved; returns the codes flagged.

    `changed_steps`: (SOP code, step id) pairs, e.g. [("SOP-SAL-02", 3)]; step None = the
    whole SOP. From inside another transaction (the SOP approval's own), use
    `mark_for_review_in` so both land together.
    """
    with store.transaction("questions.review") as txn:
        return mark_for_review_in(store, txn, changed_steps, reason)


def mark_for_review_in(
    store: Store, txn: Transaction, changed_steps: list[tuple[str, int | None]],
    reason: str,
) -> list[str]:
    """`mark_for_review` inside the caller's transaction `txn`."""
    from crmgov.services.certification.certificates import recert_due_for

    flagged = questions_needing_review(store.all("questions"), set(changed_steps))
    for q in flagged:
        txn.update("questions", q.model_copy(update={"needs_review": True,
                                                     "review_reason": reason}))
    recert_due_for(store, txn, flagged, reason)
    return [q.code for q in flagged]


def mark_reviewed(store: Store, code: str) -> Question:
    """A person has checked the question against the new SOP step: drawable again."""
    q = find_question(store, code)
    with store.transaction("questions.reviewed") as txn:
        return txn.update("questions", q.model_copy(update={"needs_review": False,
                                                            "review_reason": ""}))


def revise_question(
    store: Store, code: str, *, en: str, zh: str, options: list[tuple[str, str]],
    answer: list[int], today: date,
) -> Question:
    """A new wording of question `code` (a new version; attempts keep the one they showed).

    `options`: (English, Chinese) pairs; `answer`: option numbers counted from 1. An
    unchanged wording changes nothing. Refused with CertificationError naming the field.
    """
    from pydantic import ValidationError

    from crmgov.domain.certification.bank import Localized, QuestionVersion, answer_problem
    from crmgov.services.certification.errors import CertificationError

    q = find_question(store, code)
    keys = [a - 1 for a in answer]
    problem = answer_problem(q.kind, len(options), keys)
    if problem:
        raise CertificationError(problem, "options" if problem.endswith("2 options")
                                 else "answer")
    try:
        version = QuestionVersion(
            version=q.current.version + 1, prompt=Localized(en=en, zh=zh),
            options=[Localized(en=o_en, zh=o_zh) for o_en, o_zh in options], answer=keys,
            explanation=q.current.explanation, written_on=today)
    except ValidationError as exc:
        raise CertificationError(exc.errors()[0]["msg"], "en") from None
    current = q.current
    if (version.prompt, version.options, version.answer) == (
            current.prompt, current.options, current.answer):
        return q
    with store.transaction("questions.revise") as txn:
        return txn.update("questions", q.model_copy(update={
            "versions": [*q.versions, version], "needs_review": False, "review_reason": ""}))
