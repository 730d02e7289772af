"""Certificates (上岗证): issue on a pass, verify by code, revoke, recertification due."""

from __future__ import annotations

import secrets
from datetime import date

from crmgov.domain.certification.bank import Question
from crmgov.domain.certification.model import Certification, QuizAttempt
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.rules import expiry_for
from crmgov.storage.interface import Store
from crmgov.storage.transaction import Transaction

#: Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    """A random verification code like "K7QF-9XZ2-M4TB" (60 bits; secrets, not random)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def next_number(store: Store, year: int) -> str:
    """The next certificate number of `year`: CERT-2026-0001, CERT-2026-0002, …"""
    prefix = f"CERT-{year}-"
    used = [int(c.number.removeprefix(prefix)) for c in store.all("certifications")
            if c.number.startswith(prefix) and c.number.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(used, default=0) + 1:04d}"


def issue_certificate(
    store: Store, txn: Transaction, attempt: QuizAttempt, quiz: QuizDefinition,
    day: date,
) -> Certification:
    """Issue the certificate a passed `attempt` earns (inside the caller's transaction)."""
    known = {c.code for c in store.all("certifications")}
    code = new_code()
    while code in known:  # 60 random bits: a clash is all but impossible; never reuse one
        code = new_code()
    cert = Certification(
        staff_id=attempt.staff_id, attempt_id=attempt.id, issued_on=day,
        expires_on=expiry_for(day, quiz), number=next_number(store, day.year), code=code,
        quiz=quiz.code,
    )
    return txn.insert("certifications", cert)


def recert_due_for(
    store: Store, txn: Transaction, changed: list[Question], reason: str
) -> list[Certification]:
    """Mark "recertification due" on every valid certificate whose attempt drew one of the
    `changed` questions (their SOP step changed); inside the caller's transaction."""
    ids = {q.id for q in changed}
    out = []
    for cert in store.all("certifications"):
        if cert.revoked or cert.recert_due:
            continue
        try:
            attempt = store.get("quiz_attempts", cert.attempt_id)
        except KeyError:
            continue
        if any(i.question_id in ids for i in attempt.items):
            out.append(txn.update("certifications", cert.model_copy(
                update={"recert_due": True, "recert_reason": reason})))
    return out


def verify_code(store: Store, code: str, today: date) -> Certification | None:
    """The certificate with this verification code if it is valid on `today` (None if no
    certificate has it, or it is revoked or expired). Case and blanks do not matter."""
    wanted = code.strip().upper().replace(" ", "")
    for cert in store.all("certifications"):
        if cert.code and cert.code.upper() == wanted:
            found: Certification = cert
            return found if found.valid_on(today) else None
    return None


def get_certificate(store: Store, ref: str) -> Certification:
    """A certificate by id, number or verification code."""
    from crmgov.i18n import _
    from crmgov.services.certification.errors import NotFound

    text = ref.strip()
    for cert in store.all("certifications"):
        if str(cert.id) == text or cert.number == text or cert.code.upper() == text.upper():
            found: Certification = cert
            return found
    raise NotFound(_("no certificate {ref}", ref=text), "certificate")


def revoke(store: Store, ref: str, reason: str, on: date) -> Certification:
    """Withdraw a certificate (e.g. after a failed spot check); a reason is required."""
    from crmgov.i18n import _
    from crmgov.services.certification.errors import CertificationError

    cert = get_certificate(store, ref)
    if not reason.strip():
        raise CertificationError(_("a revoked certificate needs a reason"), "reason")
    if cert.revoked:
        raise CertificationError(_("certificate {number} is already revoked",
                                   number=cert.number or cert.id), "certificate")
    with store.transaction("cert.revoke") as txn:
        return txn.update("certifications", cert.model_copy(update={
            "revoked": True, "revoked_reason": reason.strip(), "revoked_on": on}))


def reminders(store: Store, today: date) -> list[tuple[Certification, int]]:
    """Certificates due a reminder today (30 or 7 days or fewer before expiry), with the
    reminder (30 or 7); only each person's longest-lasting valid certificate counts."""
    from crmgov.domain.certification.rules import best_certificate, reminder_due

    by_person: dict[int, list[Certification]] = {}
    for c in store.all("certifications"):
        by_person.setdefault(c.staff_id, []).append(c)
    out = []
    for person in store.all("staff"):
        if not person.active:
            continue
        best = best_certificate(by_person.get(person.id, []), today)
        if best is not None and (due := reminder_due(best, today)) is not None:
            out.append((best, due))
    return sorted(out, key=lambda x: x[0].expires_on or today)
