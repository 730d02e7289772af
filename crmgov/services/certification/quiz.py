"""The quiz for the person taking it: start or resume, view, answer, submit, result.

This is the one API the kiosk TUI (`crmgov quiz`), the CLI and the browser quiz call.
Every function takes the Store and plain ids/values, and returns plain dataclasses
(views); none of them ever returns the answer key while an attempt is open, and a result
carries the right answers only when the quiz says so (`show_answers`, off by default).

Times: every function takes `now` (naive local time, like the project file) so callers and
tests decide the clock. Option positions are the 0-based positions shown to the taker in
the attempt's shuffled order (never the bank's option indices, which would leak the key's
layout across attempts).

Refusals raise `QuizRefused` (a ValueError with a translated one-line message and a `code`
a program can test, see errors.py); unknown ids raise `NotFound`. Each change is one store
transaction, atomic and audited (actions "quiz.start", "quiz.answer", "quiz.submit"), so
several processes can run quizzes on one project file at once and a killed terminal
resumes where it left off.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Sequence
from datetime import datetime

from crmgov.domain.certification.draw import DrawError, draw
from crmgov.domain.certification.model import QuizAttempt
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.rules import Refusal, check_start
from crmgov.domain.certification.topics import topic_name
from crmgov.domain.enums import AttemptStatus, Language, QuestionKind
from crmgov.i18n import _
from crmgov.i18n import language as current_language
from crmgov.services.certification.attemptviews import (
    AnswerSaved,
    AttemptView,
    Eligibility,
    OptionView,
    QuestionView,
    QuizChoice,
)
from crmgov.services.certification.errors import QuizRefused
from crmgov.services.certification.grade import finish_attempt, result_of
from crmgov.services.certification.lookup import (
    get_attempt,
    get_question,
    get_quiz,
    get_staff,
    listing,
)
from crmgov.services.certification.results import QuizResult
from crmgov.storage.interface import Store

__all__ = [
    "AnswerSaved",
    "AttemptView",
    "Eligibility",
    "OptionView",
    "QuestionView",
    "QuizChoice",
    "QuizResult",
    "attempt_result",
    "attempt_view",
    "check_quiz",
    "open_attempt",
    "quizzes_for",
    "save_answer",
    "start_attempt",
    "submit_attempt",
]


# -------------------------------------------------------------------- choosing a quiz
def quizzes_for(store: Store, staff_id: int) -> list[QuizChoice]:
    """The active quizzes, those meant for the person's role and department first.

    The first entry is the default `start_attempt` uses when no quiz is named.
    """
    person = get_staff(store, staff_id)
    lang = current_language()
    out = []
    for q in store.all("quizzes"):
        if not q.active:
            continue
        suits = (not q.roles or person.role in q.roles) and (
            not q.departments or person.department in q.departments
        )
        out.append(QuizChoice(q.code, q.title.text(lang), q.system_questions,
                              q.process_questions, q.time_limit_minutes, suits))
    # Among suitable quizzes, the most specific (naming departments, then roles) first.
    out.sort(key=lambda c: (not c.suits, -_specificity(store, c.code), c.code))
    return out


def _specificity(store: Store, code: str) -> int:
    quiz = get_quiz(store, code)
    return 2 * bool(quiz.departments) + bool(quiz.roles)


def _choose_quiz(store: Store, staff_id: int, quiz_code: str | None) -> QuizDefinition:
    if quiz_code:
        return get_quiz(store, quiz_code)
    choices = [c for c in quizzes_for(store, staff_id) if c.suits]
    if not store.count("quizzes"):
        raise QuizRefused(
            _("no quiz is defined yet: load the shipped ones with `crmgov questions import`"),
            "no_quiz")
    if not choices:
        raise QuizRefused(
            _("no quiz is defined for this person's role; name one with --quiz"), "no_quiz"
        )
    return get_quiz(store, choices[0].code)


# ---------------------------------------------------------------------- starting
def _in_progress(store: Store, staff_id: int, quiz_code: str) -> QuizAttempt | None:
    for a in store.all("quiz_attempts"):
        if a.staff_id == staff_id and a.bank == quiz_code and not a.submitted:
            found: QuizAttempt = a
            return found
    return None


def _refusal_message(refusal: Refusal) -> str:
    if refusal.code == "inactive":
        return _("this person has left and cannot take a quiz")
    if refusal.code == "quiz_inactive":
        return _("this quiz is not active")
    if refusal.code == "certified":
        day = refusal.until.date().isoformat() if refusal.until else ""
        return _("already certified until {day}; recertify within 30 days of expiry", day=day)
    if refusal.code == "training_required":
        return _("training required first (先培训、后考核): attend {topics}",
                 topics=listing([topic_name(t) for t in refusal.topics]))
    if refusal.code == "cooldown":
        until = refusal.until.isoformat(sep=" ", timespec="minutes") if refusal.until else ""
        return _("attempt limit reached: next attempt from {until}", until=until)
    return _("failed again after the cool-down: retrain first, then retake the quiz")


def _refuse(refusal: Refusal, attempt_id: int | None = None) -> QuizRefused:
    return QuizRefused(_refusal_message(refusal), refusal.code, until=refusal.until,
                       topics=refusal.topics, attempt_id=attempt_id)


def _refusal_for(
    store: Store, staff_id: int, quiz: QuizDefinition, now: datetime
) -> Refusal | None:
    person = get_staff(store, staff_id)
    attempts = [a for a in store.all("quiz_attempts")
                if a.staff_id == staff_id and a.bank == quiz.code]
    certs = [c for c in store.all("certifications")
             if c.staff_id == staff_id and (c.quiz or _quiz_of(store, c.attempt_id)) == quiz.code]
    return check_start(person, quiz, attempts, certs, store.all("training"), now)


def _quiz_of(store: Store, attempt_id: int) -> str:
    try:
        return str(store.get("quiz_attempts", attempt_id).bank)
    except KeyError:
        return ""


def check_quiz(
    store: Store, staff_id: int, quiz_code: str | None, now: datetime
) -> Eligibility:
    """Whether `start_attempt(store, staff_id, quiz_code, now)` would start or resume an
    attempt, and if not why; changes nothing. `quiz_code` None = the person's default quiz
    (`quizzes_for`). An attempt in progress whose time has run out gives code "time_up"
    with its id in `resume_attempt_id` (starting submits it and raises QuizRefused).
    Raises NotFound for an unknown person or quiz, QuizRefused("no_quiz") when no quiz
    suits the person."""
    quiz = _choose_quiz(store, staff_id, quiz_code)
    current = _in_progress(store, staff_id, quiz.code)
    if current is not None and current.deadline and now < current.deadline:
        return Eligibility(staff_id, quiz.code, True, resume_attempt_id=current.id)
    if current is not None:
        # start_attempt would submit it and raise QuizRefused("time_up").
        return Eligibility(staff_id, quiz.code, False, resume_attempt_id=current.id,
                           code="time_up", message=_(
                               "time ran out on attempt {id}; what was answered has been "
                               "submitted", id=current.id))
    refusal = _refusal_for(store, staff_id, quiz, now)
    if refusal is None:
        return Eligibility(staff_id, quiz.code, True)
    return Eligibility(staff_id, quiz.code, False, code=refusal.code,
                       message=_refusal_message(refusal), until=refusal.until)


def start_attempt(
    store: Store,
    staff_id: int,
    quiz_code: str | None,
    now: datetime,
    *,
    language: str | None = None,
    seed: int | None = None,
) -> AttemptView:
    """Start an attempt of `quiz_code` (None = the person's default quiz) for `staff_id`,
    or resume the one in progress; returns its view.

    Resuming: an attempt still within its time is returned as it is (`resumed` True),
    whatever `language` or `seed` say. One whose time has run out is submitted with what
    was answered, and QuizRefused("time_up", attempt_id=…) is raised so the caller can
    show its result (`attempt_result`).

    Starting: the rules of `domain.certification.rules.check_start` apply (QuizRefused
    with code "inactive", "quiz_inactive", "certified", "training_required", "cooldown",
    "retrain"). The questions are drawn with `seed` (random when None; recorded on the
    attempt so an auditor can reproduce the draw), avoiding the person's previous attempt's
    questions where the bank allows; the attempt's texts are in `language` ("en"/"zh";
    None = the language in force). QuizRefused("draw") when the bank is too small.
    """
    quiz = _choose_quiz(store, staff_id, quiz_code)
    lang = Language(language or current_language())
    with store.transaction("quiz.start") as txn:
        # Read inside the transaction: it has reread the file, so another process's
        # attempt started a moment ago is seen and resumed, not duplicated.
        current = _in_progress(store, staff_id, quiz.code)
        if current is not None:
            if current.deadline is not None and now < current.deadline:
                attempt = txn.update("quiz_attempts", current.model_copy(
                    update={"resumed": current.resumed + 1}))
                resumed = True
            else:
                txn.action = "quiz.submit"
                finish_attempt(store, txn, current, now, timed_out=True)
                timed_out_id = current.id
                attempt = None
        else:
            timed_out_id, attempt = None, None
        if attempt is None and timed_out_id is None:
            refusal = _refusal_for(store, staff_id, quiz, now)
            if refusal is not None:
                raise _refuse(refusal)
            attempt, resumed = _new_attempt(store, staff_id, quiz, now, lang, seed), False
            attempt = txn.insert("quiz_attempts", attempt)
    if attempt is None:
        raise QuizRefused(
            _("time ran out on attempt {id}; what was answered has been submitted",
              id=timed_out_id),
            "time_up", attempt_id=timed_out_id,
        )
    return _view(store, attempt, now, resumed=resumed)


def _new_attempt(
    store: Store,
    staff_id: int,
    quiz: QuizDefinition,
    now: datetime,
    lang: Language,
    seed: int | None,
) -> QuizAttempt:
    from datetime import timedelta

    previous = [a for a in store.all("quiz_attempts")
                if a.staff_id == staff_id and a.bank == quiz.code and a.submitted]
    last = max(previous, key=lambda a: a.taken_at, default=None)
    avoid = {i.question_id for i in last.items} if last else set()
    chosen_seed = secrets.randbits(31) if seed is None else seed
    try:
        items = draw(store.all("questions"), quiz, chosen_seed, avoid)
    except DrawError as exc:
        raise QuizRefused(str(exc), "draw") from None
    started = now.replace(microsecond=0)
    return QuizAttempt(
        staff_id=staff_id, bank=quiz.code, taken_at=started, system_score=0, process_score=0,
        pass_mark=quiz.pass_mark, process_pass_mark=quiz.process_pass_mark,
        status=AttemptStatus.IN_PROGRESS, started_at=started,
        deadline=started + timedelta(minutes=quiz.time_limit_minutes),
        seed=chosen_seed, language=lang, items=items,
    )


# ------------------------------------------------------------------------ viewing
def _seconds_left(attempt: QuizAttempt, now: datetime) -> int:
    if attempt.submitted or attempt.deadline is None:
        return 0
    return max(0, int((attempt.deadline - now).total_seconds()))


def _view(store: Store, attempt: QuizAttempt, now: datetime, *, resumed: bool = False,
          language: str | None = None, texts: Collection[int] | None = None) -> AttemptView:
    lang = str(language or attempt.language)
    quiz_title = attempt.bank
    try:
        quiz_title = get_quiz(store, attempt.bank).title.text(lang)
    except ValueError:
        pass  # a quiz removed since: the code still names it
    questions = []
    for pos, item in enumerate(attempt.items):
        q = get_question(store, item.question_id)
        chosen = set(item.answer or ())
        selected = [k for k, idx in enumerate(item.options) if idx in chosen]
        if texts is not None and pos not in texts:
            questions.append(QuestionView(pos, pos + 1, item.section, item.topic, q.kind,
                                          "", [], selected))
            continue
        v = q.version(item.version)
        # Only the text of each option, at its shown position: the key never leaves here.
        options = [OptionView(k, v.options[idx].text(lang)) for k, idx in enumerate(item.options)]
        questions.append(QuestionView(pos, pos + 1, item.section, item.topic, q.kind,
                                      v.prompt.text(lang), options, selected))
    started = attempt.started_at or attempt.taken_at
    return AttemptView(
        attempt_id=attempt.id, staff_id=attempt.staff_id,
        staff_name=get_staff(store, attempt.staff_id).name, quiz_code=attempt.bank,
        quiz_title=quiz_title, language=lang, questions=questions, started_at=started,
        deadline=attempt.deadline or started, seconds_left=_seconds_left(attempt, now),
        submitted=attempt.submitted, resumed=resumed,
    )


def attempt_view(store: Store, attempt_id: int, now: datetime,
                 language: str | None = None, *,
                 texts: Collection[int] | None = None) -> AttemptView:
    """The attempt as its taker sees it at `now` (texts, shown order, own choices, time
    left), in `language` (None = the language it was started in; a text the bank has not
    translated falls back to English). Reads only: an expired attempt shows `expired` and
    must be submitted.

    `texts`: the positions (0-based) whose prompt and options to give; the other questions
    come with their section, topic, kind and own choices but an empty text and no options
    (a page that shows one question, or none, need not build all of them). None: all."""
    store.refresh()
    return _view(store, get_attempt(store, attempt_id), now, language=language, texts=texts)


def open_attempt(store: Store, staff_id: int, quiz_code: str | None = None
                 ) -> int | None:
    """The id of the person's attempt in progress (of `quiz_code`, or of any quiz), if any."""
    for a in store.all("quiz_attempts"):
        if a.staff_id == staff_id and not a.submitted and quiz_code in (None, a.bank):
            return int(a.id)
    return None


# ------------------------------------------------------------------------ answering
def save_answer(
    store: Store, attempt_id: int, position: int, choices: Sequence[int], now: datetime
) -> AnswerSaved:
    """Save the answer to the question at `position`: the option positions chosen, as shown.

    Saved at once (one transaction), so a killed terminal loses nothing. An empty `choices`
    clears the answer. Single and true/false take exactly one choice, multiple one or
    more. Refused with QuizRefused: "submitted" once the attempt is finished, "time_up"
    after the deadline (the caller then submits it), "bad_answer" for a position or
    choice out of range.
    """
    with store.transaction("quiz.answer") as txn:
        attempt = get_attempt(store, attempt_id)
        _check_open(attempt, now)
        if not 0 <= position < len(attempt.items):
            raise QuizRefused(_("there is no question {n} in this attempt", n=position + 1),
                              "bad_answer", attempt_id=attempt_id)
        item = attempt.items[position]
        kind = get_question(store, item.question_id).kind
        picked = sorted(set(choices))
        if any(not 0 <= c < len(item.options) for c in picked):
            raise QuizRefused(_("choose among options 1 to {n}", n=len(item.options)),
                              "bad_answer", attempt_id=attempt_id)
        if len(picked) > 1 and kind is not QuestionKind.MULTIPLE:
            raise QuizRefused(_("this question takes exactly one answer"), "bad_answer",
                              attempt_id=attempt_id)
        items = list(attempt.items)
        items[position] = item.model_copy(update={
            "answer": sorted(item.options[c] for c in picked) if picked else None,
            "answered_at": now.replace(microsecond=0),
        })
        saved = txn.update("quiz_attempts", attempt.model_copy(update={"items": items}))
    return AnswerSaved(attempt_id, position, picked, sum(1 for i in saved.items if i.answer),
                       len(saved.items), _seconds_left(saved, now))


def _check_open(attempt: QuizAttempt, now: datetime) -> None:
    if attempt.submitted:
        raise QuizRefused(_("attempt {id} is submitted and can no longer change",
                            id=attempt.id), "submitted", attempt_id=attempt.id)
    if attempt.deadline is not None and now >= attempt.deadline:
        raise QuizRefused(_("time is up: the attempt must be submitted"), "time_up",
                          attempt_id=attempt.id)


# ----------------------------------------------------------------------- submitting
def submit_attempt(store: Store, attempt_id: int, now: datetime) -> QuizResult:
    """Grade the attempt with what was answered, make it immutable and, on a pass, issue the
    certificate (number, random verification code, valid for the quiz's validity).

    After the deadline it is still submitted (time running out submits what was answered)
    and marked `timed_out`. QuizRefused("submitted") if it already was.
    """
    with store.transaction("quiz.submit") as txn:
        attempt = get_attempt(store, attempt_id)
        if attempt.submitted:
            raise QuizRefused(_("attempt {id} is submitted and can no longer change",
                                id=attempt.id), "submitted", attempt_id=attempt.id)
        timed_out = attempt.deadline is not None and now >= attempt.deadline
        finish_attempt(store, txn, attempt, now, timed_out=timed_out)
    return result_of(store, attempt_id)


def attempt_result(store: Store, attempt_id: int, language: str | None = None
                   ) -> QuizResult:
    """The result of a submitted attempt: per section and per topic (with the SOP steps to
    reread), pass or fail, the certificate issued; the right answers only if the quiz
    allows; texts in `language` (None = the language it was taken in).
    QuizRefused("in_progress") while the attempt is still open."""
    store.refresh()
    return result_of(store, attempt_id, language)
