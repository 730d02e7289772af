"""The demo's browser-quiz invitations: some used (their attempt was taken in the
browser), two open for the new hires who have not sat a quiz yet, one expired unopened,
one revoked. `crmgov quiz invites` and the TUI then show every state.

The links' tokens are random and shown to nobody (only their hashes are stored), so a
demo invitation cannot be opened: `crmgov quiz invite NAME` makes a working one.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from crmgov.domain.certification.model import QuizAttempt
from crmgov.domain.enums import Role
from crmgov.domain.web.invite import Invitation, hash_token
from crmgov.services.demo import build


def enrich(tables: dict[str, Sequence[Any]], today: date, seed: int) -> None:
    """Add the `invitations` table to the demo's `tables` (ids = position + 1)."""
    rng = random.Random(seed * 13 + 5)

    def token_hash() -> str:
        return hash_token(rng.randbytes(32).hex())

    attempts: list[QuizAttempt] = list(tables["quiz_attempts"])
    new_hires = [n for n, row in enumerate(build.ROSTER, start=1) if row[0] is Role.NEW_HIRE]
    stories = {n: build.ROSTER[n - 1][3] for n in new_hires}
    invitations: list[Invitation] = []
    for staff_id in new_hires:
        mine = [(i, a) for i, a in enumerate(attempts, start=1)
                if a.staff_id == staff_id and a.submitted]
        dept = build.ROSTER[staff_id - 1][1]
        quiz = build.BANKS.get(dept, "sales-basic")
        if mine:  # their latest attempt was taken in the browser
            attempt_id, attempt = max(mine, key=lambda pair: pair[1].taken_at)
            sent = attempt.taken_at - timedelta(days=1, hours=2)
            invitations.append(Invitation(
                staff_id=staff_id, quiz=attempt.bank, token_hash=token_hash(),
                created_at=sent, expires_at=sent + timedelta(days=7),
                attempt_id=attempt_id, used_at=attempt.taken_at,
            ))
        elif stories[staff_id] == "none":  # invited yesterday, not opened yet
            sent = build.at(today - timedelta(days=1), 16)
            invitations.append(Invitation(
                staff_id=staff_id, quiz=quiz, token_hash=token_hash(),
                created_at=sent, expires_at=sent + timedelta(days=7),
            ))
    first_open = next((i for i in invitations if i.attempt_id is None), None)
    if first_open is not None:
        # An earlier link to the same person, never opened, expired; another was revoked
        # when it went to the wrong address.
        old = build.at(today - timedelta(days=21), 10)
        invitations.insert(0, first_open.model_copy(update={
            "token_hash": token_hash(), "created_at": old, "expires_at": old + timedelta(days=7),
        }))
        wrong = build.at(today - timedelta(days=2), 11)
        invitations.insert(1, first_open.model_copy(update={
            "token_hash": token_hash(), "created_at": wrong,
            "expires_at": wrong + timedelta(days=7), "revoked_at": wrong + timedelta(hours=1),
        }))
    tables["invitations"] = invitations
