"""Pure rules of certification: who may start a quiz, certificate states, validity, SOP
changes that send questions to review and certificates to recertification."""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.model import (
    CERTIFIED_ROLES,
    Certification,
    QuizAttempt,
    StaffMember,
)
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.training import TrainingSession
from crmgov.domain.enums import CertState

#: Certificates expiring within this many days are "expiring" (reminders at 30 and 7 days).
EXPIRY_WARNING_DAYS = 30
#: Days before expiry at which a reminder is due.
REMINDER_DAYS = (30, 7)


@dataclass(frozen=True)
class Refusal:
    """Why a person may not start a quiz now.

    code: "inactive", "certified" (holds a valid certificate not yet expiring; `until` =
    its expiry), "training_required" (`topics` = topics still to attend), "cooldown"
    (`until` = when the next attempt may start), "retrain" (failed again after the
    cool-down: attend training first), "quiz_inactive".
    """

    code: str
    until: datetime | None = None
    topics: tuple[str, ...] = ()


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months (31 Jan + 1 month = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(issued_on: date, quiz: QuizDefinition) -> date:
    """Last day a certificate issued on `issued_on` by `quiz` is valid."""
    return add_months(issued_on, quiz.validity_months) - timedelta(days=1)


def attended(person_id: int, sessions: Iterable[TrainingSession], until: date) -> dict[str, date]:
    """Each training topic the person attended on or before `until`, with the latest date."""
    out: dict[str, date] = {}
    for s in sessions:
        if person_id in s.attendees and s.held_on <= until:
            out[s.topic] = max(s.held_on, out.get(s.topic, s.held_on))
    return out


def failures_since_training(
    attempts: Sequence[QuizAttempt], last_training: date | None
) -> list[QuizAttempt]:
    """Submitted failed attempts after the later of the last pass and the last training."""
    done = sorted((a for a in attempts if a.submitted), key=lambda a: a.taken_at)
    fails: list[QuizAttempt] = []
    for a in done:
        if a.passed:
            fails = []
        elif last_training is None or a.taken_at.date() > last_training:
            fails.append(a)
    return fails


def check_start(
    person: StaffMember,
    quiz: QuizDefinition,
    attempts: Sequence[QuizAttempt],
    certificates: Sequence[Certification],
    sessions: Sequence[TrainingSession],
    now: datetime,
) -> Refusal | None:
    """Whether `person` may start a new attempt of `quiz` at `now` (None = yes).

    `attempts` and `certificates` are the person's own for this quiz. The rules, in order:
    the person is active and the quiz too; no valid certificate from this quiz that is
    neither expiring (≤ 30 days) nor due for recertification; recorded training on every
    one of `quiz.training_topics` before a first attempt; at most `attempt_limit` failed
    attempts since the last pass or training, then a wait of `cooldown_hours` after the
    last, then one more attempt, and after that failure training first (attending any
    required topic — or any session, when the quiz requires none — after the last failure
    resets the count).
    """
    if not person.active:
        return Refusal("inactive")
    if not quiz.active:
        return Refusal("quiz_inactive")
    today = now.date()
    for cert in certificates:
        if cert.valid_on(today) and not cert.recert_due and not expiring(cert, today):
            until = datetime.combine(cert.expires_on or date.max, datetime.min.time())
            return Refusal("certified", until=until)
    topics = attended(person.id, sessions, today)
    missing = tuple(t for t in quiz.training_topics if t not in topics)
    if missing and not any(a.submitted for a in attempts):
        return Refusal("training_required", topics=missing)
    relevant = [topics[t] for t in quiz.training_topics if t in topics] or list(topics.values())
    last_training = max(relevant, default=None)
    fails = failures_since_training(attempts, last_training)
    if len(fails) > quiz.attempt_limit:
        return Refusal("retrain", topics=tuple(quiz.training_topics))
    if len(fails) == quiz.attempt_limit:
        until = fails[-1].taken_at + timedelta(hours=quiz.cooldown_hours)
        if now < until:
            return Refusal("cooldown", until=until)
    return None


def expiring(cert: Certification, today: date) -> bool:
    """Valid, with an expiry no more than 30 days away."""
    return (
        cert.expires_on is not None
        and cert.valid_on(today)
        and (cert.expires_on - today).days <= EXPIRY_WARNING_DAYS
    )


def best_certificate(certs: Iterable[Certification], today: date) -> Certification | None:
    """The valid certificate lasting longest (a person who renewed early holds two)."""
    valid = [c for c in certs if c.valid_on(today)]
    return max(valid, key=lambda c: (c.expires_on or date.max, c.id), default=None)


def person_state(
    person: StaffMember, certs: Sequence[Certification], today: date
) -> tuple[CertState, Certification | None]:
    """Where `person` stands on `today`, and the certificate that decides it.

    A valid certificate makes the person certified, expiring (≤ 30 days) or
    recertification-due (an SOP step it covered changed) — all three may work in the
    CRM. Otherwise: not required (a role outside the CRM), revoked (the latest certificate
    was withdrawn), expired, or not certified.
    """
    best = best_certificate(certs, today)
    if best is not None:
        if best.recert_due:
            return CertState.RECERT_DUE, best
        if expiring(best, today):
            return CertState.EXPIRING, best
        return CertState.CERTIFIED, best
    if person.role not in CERTIFIED_ROLES:
        return CertState.NOT_REQUIRED, None
    latest = max(certs, key=lambda c: (c.issued_on, c.id), default=None)
    if latest is None:
        return CertState.NOT_CERTIFIED, None
    if latest.revoked:
        return CertState.REVOKED, latest
    return CertState.EXPIRED, latest


def may_work(state: CertState) -> bool:
    """Whether a person in `state` may work in the CRM (is on the access list as allowed)."""
    return state in (CertState.CERTIFIED, CertState.EXPIRING, CertState.RECERT_DUE)


def reminder_due(cert: Certification, today: date) -> int | None:
    """30 or 7 when `today` is that many days or fewer before expiry (the nearer one)."""
    if cert.expires_on is None or not cert.valid_on(today):
        return None
    left = (cert.expires_on - today).days
    due = [d for d in REMINDER_DAYS if left <= d]
    return min(due) if due else None


def questions_needing_review(
    bank: Iterable[Question], changed_steps: Collection[tuple[str, int | None]]
) -> list[Question]:
    """Questions linked to an SOP step that changed.

    `changed_steps` holds (sop code, step number) pairs of a newly approved SOP version;
    step None means the whole SOP changed (every question linked to that SOP matches).
    A question linked to the SOP as a whole (no step) matches any change of that SOP.
    """
    whole = {code for code, step in changed_steps if step is None}
    steps = {(code, step) for code, step in changed_steps if step is not None}
    codes = {code for code, _step in changed_steps}
    out = []
    for q in bank:
        if not q.sop_code:
            continue
        if (
            q.sop_code in whole
            or (q.sop_code, q.sop_step) in steps
            or (q.sop_step is None and q.sop_code in codes)
        ):
            out.append(q)
    return out
