"""Invitations: issue, list, revoke, and admit a browser taker by the token in the link.

The CLI (`crmgov quiz invite/revoke/invites`), the TUI and the web server all call these.
Tokens are 32 random bytes from `secrets` (256 bits, well over the 128 the issue asks);
only their SHA-256 reaches the project file.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from crmgov.domain.certification.model import StaffMember
from crmgov.domain.certification.quizdef import QuizDefinition
from crmgov.domain.certification.rules import attended, failures_since_training
from crmgov.domain.web.invite import Invitation, InviteState, hash_token
from crmgov.i18n import N_, _
from crmgov.services.certification.errors import CertificationError
from crmgov.services.certification.lookup import find_staff, get_quiz
from crmgov.services.certification.quiz import check_quiz, quizzes_for
from crmgov.storage.interface import Store

TABLE = "invitations"
#: Path of the link the server answers (crmgov.web.app routes it).
LINK_PATH = "/i/"


#: An invitation's state in words: the same in `crmgov quiz invites`, the TUI and the
#: README ("revoked", never another word for it). "link revoked" because a certificate
#: is "revoked" too, and Chinese says the two differently (链接已撤销, 证书已吊销).
STATE_LABELS = {"open": N_("not used yet"), "used": N_("used"), "expired": N_("expired"),
                "revoked": N_("link revoked")}


def state_label(inv: Invitation, now: datetime) -> str:
    """The invitation's state at `now`, translated."""
    return _(STATE_LABELS[str(inv.state(now))])


class InviteError(ValueError):
    """An invitation request was refused (unknown person or quiz, bad validity…)."""


@dataclass(frozen=True)
class Issued:
    """An invitation just created, with the token: shown once, never stored."""

    invitation: Invitation
    person: StaffMember
    token: str

    def link(self, public_url: str) -> str:
        """The URL to hand to the person."""
        return public_url.rstrip("/") + LINK_PATH + quote(self.token, safe="")


def resolve_invitees(
    store: Store, names: Sequence[str], quiz_code: str | None
) -> tuple[list[StaffMember], dict[int, str]]:
    """The people `names` name, and the quiz each is invited to (`quiz_code`, else each
    person's default quiz). For the CLI and the TUI: messages in the process's language.
    Raises InviteError naming the first problem."""
    people: list[StaffMember] = []
    quiz_for: dict[int, str] = {}
    for name in names:
        try:
            person = find_staff(store, name)
            if not person.active:
                raise InviteError(_("{name} has left; no invitation for them", name=person.name))
            if quiz_code:
                code = get_quiz(store, quiz_code).code
            else:
                suitable = [c for c in quizzes_for(store, person.id) if c.suits]
                if not suitable:
                    raise InviteError(_("{name}: no quiz suits this person's role; name one "
                                        "with --quiz", name=person.name))
                code = suitable[0].code
        except CertificationError as exc:
            raise InviteError(str(exc)) from None
        if person.id not in quiz_for:
            people.append(person)
        quiz_for[person.id] = code
    return people, quiz_for


@dataclass(frozen=True)
class HeldBack:
    """A person who cannot sit their quiz now, so gets no link (unless asked anyway)."""

    person: StaffMember
    quiz: str
    reason: str
    """Why, translated: the training missing, the cool-down's end, already certified…"""


def held_back(
    store: Store, people: Sequence[StaffMember], quiz_for: dict[int, str],
    now: datetime,
) -> list[HeldBack]:
    """Those of `people` whom their quiz would refuse now (the rules `start_attempt`
    applies: training first, cool-down, retraining, already certified, quiz not in use).
    A link to them would only open a refusal. An attempt in progress, or one whose time
    ran out (starting submits it), holds nobody back."""
    out = []
    for person in people:
        check = check_quiz(store, person.id, quiz_for[person.id], now)
        if not check.allowed and check.code != "time_up":
            out.append(HeldBack(person, quiz_for[person.id], check.message))
    return out


def new_token() -> str:
    """A fresh URL-safe token of 256 random bits."""
    return secrets.token_urlsafe(32)


def issue(
    store: Store,
    people: list[StaffMember],
    quiz_for: dict[int, str],
    valid: timedelta,
    now: datetime,
) -> list[Issued]:
    """Create one invitation per person (to the quiz `quiz_for[person.id]`), in one
    transaction; returns them with their tokens."""
    now = now.replace(microsecond=0)
    drafts = []
    for person in people:
        token = new_token()
        drafts.append((person, token, Invitation(
            staff_id=person.id, quiz=quiz_for[person.id], token_hash=hash_token(token),
            created_at=now, expires_at=now + valid,
        )))
    with store.transaction("invite.issue") as txn:
        stored = txn.insert_many(TABLE, [d[2] for d in drafts])
    return [Issued(inv, person, token)
            for inv, (person, token, _d) in zip(stored, drafts, strict=True)]


def invitations(store: Store) -> list[Invitation]:
    """Every invitation, newest first."""
    rows: list[Invitation] = store.all(TABLE)
    return sorted(rows, key=lambda inv: (inv.created_at, inv.id), reverse=True)


def revoke(store: Store, target: str, now: datetime) -> list[Invitation]:
    """Revoke invitation number `target` ("#12" or "12"), else every open invitation of
    the person `target` names. Returns what was revoked; refuses when nothing was."""
    text = target.strip().lstrip("#")
    open_ones = [inv for inv in invitations(store) if inv.state(now) is InviteState.OPEN]
    if text.isdigit() and any(inv.id == int(text) for inv in invitations(store)):
        chosen = [inv for inv in open_ones if inv.id == int(text)]
        if not chosen:
            raise InviteError(_("invitation {id} is no longer open", id=text))
    else:
        try:
            person = find_staff(store, text)
        except CertificationError as exc:
            raise InviteError(str(exc)) from None
        chosen = [inv for inv in open_ones if inv.staff_id == person.id]
        if not chosen:
            raise InviteError(_("{name} has no open invitation", name=person.name))
    stamp = now.replace(microsecond=0)
    with store.transaction("invite.revoke") as txn:
        return [txn.update(TABLE, inv.model_copy(update={"revoked_at": stamp}))
                for inv in chosen]


def admit(store: Store, token: str, now: datetime) -> Invitation | None:
    """The open invitation this token belongs to, or None (unknown, expired, revoked or
    used: the caller must not tell the taker which)."""
    if not token or len(token) > 200:
        return None
    wanted = hash_token(token)
    for inv in store.all(TABLE):
        # Comparing hashes, not tokens: a timing difference reveals nothing about a token.
        if secrets.compare_digest(inv.token_hash, wanted):
            return inv if inv.state(now) is InviteState.OPEN else None
    return None


def link_attempt(store: Store, invite_id: int, attempt_id: int) -> Invitation:
    """Record the attempt an invitation started (once)."""
    inv: Invitation = store.get(TABLE, invite_id)
    if inv.attempt_id == attempt_id:
        return inv
    with store.transaction("invite.start") as txn:
        return txn.update(TABLE, inv.model_copy(update={"attempt_id": attempt_id}))


def mark_used(store: Store, invite_id: int, now: datetime) -> Invitation:
    """The invitation's attempt was submitted: its link admits nobody any more."""
    inv: Invitation = store.get(TABLE, invite_id)
    if inv.used_at is not None:
        return inv
    with store.transaction("invite.use") as txn:
        return txn.update(TABLE, inv.model_copy(update={"used_at": now.replace(microsecond=0)}))


def get(store: Store, invite_id: int) -> Invitation:
    """One invitation by number; InviteError if there is none."""
    try:
        found: Invitation = store.get(TABLE, invite_id)
    except KeyError:
        raise InviteError(_("no invitation {id}", id=invite_id)) from None
    return found


def failures_counted(
    store: Store, staff_id: int, quiz: QuizDefinition, now: datetime
) -> int:
    """Failed attempts of `quiz` that count against its attempt limit now (since the last
    pass or the training that resets the count, as certification's check_start counts)."""
    mine = [a for a in store.all("quiz_attempts") if a.staff_id == staff_id and a.bank == quiz.code]
    topics = attended(staff_id, store.all("training"), now.date())
    relevant = [topics[t] for t in quiz.training_topics if t in topics]
    last = max(relevant or list(topics.values()), default=None)
    return min(quiz.attempt_limit, len(failures_since_training(mine, last)))
