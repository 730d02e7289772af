"""The web's thin layer over certification's quiz services (services/certification/quiz.py)
and the invitations (services/web/invites.py).

Why a layer at all: a server answers people in English and Chinese at once, while the
services translate their messages in the process-wide language; so the desk turns every
refusal `code` into a sentence in the taker's own language (`Refused.text`), and turns the
services' views into crmgov.web.views for the templates (which never see a model). All
store access goes through one lock: uvicorn runs the handlers in a thread pool, and the
store serialises transactions but not a reread against a read in another thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from crmgov.config import now as wall_clock
from crmgov.domain.enums import QuestionKind, QuizPart
from crmgov.domain.web.invite import Invitation, InviteState
from crmgov.i18n import N_
from crmgov.services.certification import quiz as quizzes
from crmgov.services.certification.errors import CertificationError, QuizRefused
from crmgov.services.certification.grade import finish_attempt
from crmgov.services.certification.lookup import get_attempt, get_quiz, get_staff
from crmgov.services.web import invites
from crmgov.services.web.invites import InviteError
from crmgov.web import views
from crmgov.web.batch import Writer
from crmgov.web.guard import FailureLimit, Sessions
from crmgov.web.language import topic_name, translator

if TYPE_CHECKING:
    from crmgov.storage.interface import Store

SECTION_NAMES = {QuizPart.SYSTEM: N_("System operation"),
                 QuizPart.PROCESS: N_("Business process")}

#: Refusal codes of certification's QuizRefused → the sentence the taker reads.
REFUSALS = {
    "inactive": N_("You are no longer listed as working here, so the quiz cannot start."),
    "quiz_inactive": N_("This quiz is not in use at the moment."),
    "certified": N_("You are already certified until {until}."),
    "training_required": N_("Attend the training first: {topics}."),
    "cooldown": N_("You have used your attempts for now. Next attempt from {until}."),
    "retrain": N_("Retraining comes first: talk to your project manager."),
    "submitted": N_("This quiz has been submitted and can no longer change."),
    "time_up": N_("The time is up: what you answered has been submitted."),
    "bad_answer": N_("That choice does not fit this question."),
    "no_quiz": N_("No quiz is set up for you yet: talk to your project manager."),
    "draw": N_("The question bank is too small for this quiz: talk to your project manager."),
}


class Refused(Exception):
    """The desk refused an action; `code` as in certification's QuizRefused."""

    def __init__(self, code: str, until: datetime | None = None,
                 topics: Sequence[str] = ()) -> None:
        super().__init__(code)
        self.code, self.until, self.topics = code, until, tuple(topics)

    @classmethod
    def of(cls, exc: QuizRefused) -> Refused:
        return cls(exc.code, exc.until, exc.topics)

    def text(self, lang: str) -> str:
        """The refusal in `lang`."""
        t = translator(lang)
        template = REFUSALS.get(self.code, N_("This cannot be done now."))
        until = self.until.strftime("%Y-%m-%d %H:%M") if self.until else ""
        return t(template, until=until,
                 topics=t(", ").join(topic_name(topic, lang) for topic in self.topics))


class Desk:
    """Everything the pages ask of the project, for one store and one clock."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = wall_clock) -> None:
        self.store = store
        self.clock = clock
        self.sessions = Sessions()
        self.limit = FailureLimit()
        self._lock = threading.Lock()
        self.writer = Writer(store, self._lock)

    def _now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def _reader(self, fresh: bool = True) -> Any:
        """The store for a read: first reread if another process (the PM's TUI, a kiosk)
        changed the file, unless a batch is being written right now (a reread must not
        run during a transaction; the batch rereads at its start anyway). Reads then
        take no lock, so a page never waits for a batch's fsync: the store swaps each
        record (or, on a reread, all of them) in one step, and the services' own
        rereads are skipped (`_NoReread`).

        `fresh=False`: no reread, for the later reads of one request: its first read
        (`invitation`, which every page of a session makes) has just reread, and asking
        the project again whether anything changed (on a database, a query) would only
        repeat that."""
        if fresh and self._lock.acquire(blocking=False):
            try:
                self.store.refresh()
            finally:
                self._lock.release()
        return _NoReread(self.store)

    # -------------------------------------------------------------- invitations
    def admit(self, token: str, fresh_on_miss: bool = True) -> Invitation | None:
        """The open invitation of a token, or None (never says why).

        A token not in the data read so far is judged only on a fresh read: `_reader`
        skips the reread while a batch holds the lock, and an invitation issued a moment
        ago by another process (`crmgov quiz invite`) is then not seen yet. So a miss
        waits for the lock (the batch's end) and rereads before the token counts as
        wrong: a valid link is never refused because the project was busy. Without
        `fresh_on_miss` (an address the guessing limit has blocked) a miss is final: a
        guesser's flood never waits for the lock nor rereads the project."""
        now = self._now()
        found = invites.admit(self._reader(), token, now)
        if found is None and fresh_on_miss:
            with self._lock:
                self.store.refresh()
            found = invites.admit(self.store, token, now)
        return found

    def invitation(self, invite_id: int) -> Invitation | None:
        """The invitation a session holds, while it still lets the session in: not
        revoked, and not expired before its attempt started."""
        try:
            inv = invites.get(self._reader(), invite_id)
        except InviteError:
            return None
        state = inv.state(self._now())
        if state is InviteState.REVOKED:
            return None
        if state is InviteState.EXPIRED and inv.attempt_id is None:
            return None
        return inv

    # -------------------------------------------------------------- the quiz
    def welcome(self, inv: Invitation, lang: str, *, fresh: bool = True) -> views.Welcome:
        """Who, which quiz, its rules, and whether the person may start now (`fresh`: as
        in `_reader`)."""
        t = translator(lang)
        store = self._reader(fresh)
        quiz = get_quiz(store, inv.quiz)
        person = get_staff(store, inv.staff_id)
        check = quizzes.check_quiz(store, inv.staff_id, inv.quiz, self._now())
        used = invites.failures_counted(store, inv.staff_id, quiz, self._now())
        refusal = ""
        if inv.state(self._now()) is not InviteState.OPEN:
            refusal = t(REFUSALS["submitted"])
        elif check.code == "training_required":
            # The page lists the topics under this line: the refusal is said once.
            refusal = t(N_("Training still required before the quiz:"))
        elif not check.allowed:
            refusal = Refused(check.code, check.until, self._missing(check)).text(lang)
        return views.Welcome(
            person=person.name, quiz=quiz.title.text(lang),
            sections=[views.SectionInfo(t(SECTION_NAMES[s]), quiz.size(s), quiz.mark(s))
                      for s in (QuizPart.SYSTEM, QuizPart.PROCESS)],
            time_limit_minutes=quiz.time_limit_minutes,
            attempts_left=max(0, quiz.attempt_limit - used),
            training_missing=list(self._missing(check)),
            can_start=not refusal, refusal=refusal,
            resume=not refusal and check.resume_attempt_id is not None,
        )

    def _missing(self, check: quizzes.Eligibility) -> tuple[str, ...]:
        if check.code not in ("training_required", "retrain"):
            return ()
        quiz = get_quiz(self.store, check.quiz_code)
        return tuple(quiz.training_topics)

    def start(self, inv: Invitation, lang: str) -> views.Sitting:
        """Start (or resume) the invitation's attempt; its questions in `lang`."""
        if inv.state(self._now()) is not InviteState.OPEN:
            raise Refused("submitted")
        now = self._now()

        def work(store: Store) -> quizzes.AttemptView:
            view = quizzes.start_attempt(store, inv.staff_id, inv.quiz, now, language=lang)
            invites.link_attempt(store, inv.id, view.attempt_id)
            return view

        try:
            view = self.writer.run({("staff", inv.staff_id), (invites.TABLE, inv.id)}, work)
        except QuizRefused as exc:
            raise Refused.of(exc) from None
        return self._sitting(view, lang)

    def sitting(self, inv: Invitation, lang: str, show: Collection[int] | None = None, *,
                fresh: bool = True) -> views.Sitting | None:
        """The attempt in progress, or None (not started, or submitted). An attempt whose
        time ran out is submitted here, with what was answered.

        `show`: the numbers (1-based) of the questions whose texts the page shows (a
        question page one, an answer none); the sitting still has every question, with
        whether it is answered. None: all of them. `fresh`: as in `_reader`."""
        if inv.attempt_id is None:
            return None
        texts = None if show is None else {number - 1 for number in show}
        view = quizzes.attempt_view(self._reader(fresh), inv.attempt_id, self._now(),
                                    language=lang, texts=texts)
        if view.submitted:
            if inv.used_at is None:
                self._mark_used(inv)
            return None
        if view.expired:
            try:
                self.submit(inv)
            except Refused:
                pass  # submitted meanwhile (another tab): either way it is over
            return None
        return self._sitting(view, lang)

    def save(self, inv: Invitation, number: int, positions: Sequence[int], *,
             fresh: bool = True) -> int | None:
        """An answer as the page posts it: None when no attempt is in progress (not
        started, submitted, or its time ran out: `sitting` says None, and has submitted
        it); else saves it (`answer`) and returns how many questions the attempt has.
        The form is the answer: no box ticked clears an answer given before, while a
        question never answered and left blank costs no write. Refused("bad_answer")
        for a number the attempt has not; `answer`'s refusals. No question's text is
        built: the attempt itself says all this (an attempt no longer open goes through
        `sitting`, which ends it as a page would)."""
        if inv.attempt_id is None:
            return None
        attempt = get_attempt(self._reader(fresh), inv.attempt_id)
        deadline = attempt.deadline
        if (attempt.submitted or deadline is None
                or int((deadline - self._now()).total_seconds()) <= 0):  # `view.expired`
            self.sitting(inv, "en", show=(), fresh=False)  # marks it used, or submits it
            return None
        if not 1 <= number <= len(attempt.items):
            raise Refused("bad_answer")
        if positions or attempt.items[number - 1].answer:
            self.answer(inv, number, positions)
        return len(attempt.items)

    def answer(self, inv: Invitation, number: int, positions: Sequence[int]) -> None:
        """Save the answer to question `number` (1-based): durable before this returns.
        After the time limit nothing is saved: the attempt is submitted and
        Refused("time_up") raised."""
        attempt_id = inv.attempt_id
        if attempt_id is None:
            raise Refused("bad_answer")
        now = self._now()
        try:
            self.writer.run({("quiz_attempts", attempt_id)}, lambda store: quizzes.save_answer(
                store, attempt_id, number - 1, positions, now))
        except QuizRefused as exc:
            if exc.code == "time_up":
                try:
                    self.submit(inv)
                except Refused:
                    pass
            elif exc.code == "submitted":
                self._mark_used(inv)
            raise Refused.of(exc) from None

    def submit(self, inv: Invitation) -> None:
        """Grade and close the attempt, and use up the invitation (Refused("submitted") if
        it already was)."""
        attempt_id = inv.attempt_id
        if attempt_id is None:
            raise Refused("bad_answer")
        now = self._now()

        def work(store: Store) -> bool:
            # submit_attempt's own steps (it reads its result back after committing,
            # which inside a batch would be before the batch commits): finish_attempt
            # grades, makes the attempt immutable and issues the certificate on a pass.
            attempt = get_attempt(store, attempt_id)
            if not attempt.submitted:
                timed_out = attempt.deadline is not None and now >= attempt.deadline
                with store.transaction("quiz.submit") as txn:
                    finish_attempt(store, txn, attempt, now, timed_out=timed_out)
            if invites.get(store, inv.id).used_at is None:
                invites.mark_used(store, inv.id, now)
            return bool(attempt.submitted)

        already = self.writer.run({("quiz_attempts", attempt_id), (invites.TABLE, inv.id),
                                   ("staff", inv.staff_id)}, work)
        if already:
            raise Refused("submitted")

    def _mark_used(self, inv: Invitation) -> None:
        now = self._now()

        def work(store: Store) -> None:
            if invites.get(store, inv.id).used_at is None:
                invites.mark_used(store, inv.id, now)

        self.writer.run({(invites.TABLE, inv.id)}, work)

    def result(self, inv: Invitation, lang: str, *, fresh: bool = True
               ) -> views.Result | None:
        """The submitted attempt's result, or None while there is none (`fresh`: as in
        `_reader`)."""
        if inv.attempt_id is None:
            return None
        store = self._reader(fresh)
        try:
            outcome = quizzes.attempt_result(store, inv.attempt_id, language=lang)
        except QuizRefused:
            return None  # still in progress
        quiz_title = _title(store, outcome.quiz_code, lang, outcome.quiz_title)
        t = translator(lang)
        sections = [views.SectionResult(t(SECTION_NAMES[s.section]), s.score, s.pass_mark,
                                        s.passed) for s in outcome.sections]
        reread = [views.Reread(topic.topic, t(SECTION_NAMES[topic.section]), topic.reread)
                  for topic in outcome.topics if topic.earned < topic.total]
        cert = None
        if outcome.certificate is not None:
            info = outcome.certificate
            cert = views.Certificate(
                number=info.number, holder=outcome.staff_name, quiz=quiz_title,
                issued=info.issued_on.isoformat(),
                valid_until=info.valid_until.isoformat() if info.valid_until else "—",
                code=info.code, scores=sections,
            )
        return views.Result(
            person=outcome.staff_name, quiz=quiz_title, passed=outcome.passed,
            timed_out=outcome.timed_out, submitted_at=outcome.submitted_at,
            sections=sections, reread=reread, certificate=cert,
            review=[views.Reviewed(r.number, r.text, r.chosen, r.right, r.explanation)
                    for r in outcome.review],
        )

    def _sitting(self, view: quizzes.AttemptView, lang: str) -> views.Sitting:
        t = translator(lang)
        items = [
            views.Item(
                number=q.number, section=t(SECTION_NAMES[q.section]), topic=q.topic,
                multiple=q.kind is QuestionKind.MULTIPLE, prompt=q.text,
                options=[views.Option(o.position, o.text, o.position in q.selected)
                         for o in q.options],
                answered=q.answered,
            )
            for q in view.questions
        ]
        return views.Sitting(view.attempt_id, view.quiz_title, view.staff_name, view.deadline,
                             view.seconds_left, items)


class _NoReread:
    """The store for reading only: `refresh()` does nothing (the desk has reread)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def refresh(self) -> bool:
        return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _title(store: Store, code: str, lang: str, fallback: str) -> str:
    try:
        return str(get_quiz(store, code).title.text(lang))
    except CertificationError:
        return fallback


