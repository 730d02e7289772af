"""Invitations to take a certification quiz in the browser, and their pure rules.

A new hire gets a link with a random token; the token admits one person to one quiz until
it expires, is revoked, or its attempt is submitted. Only the token's SHA-256 is stored:
the project file is kept in git, and a copy of it must not let anyone in.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import Field

from crmgov.domain.base import LocalTime, NonBlank, Record
from crmgov.i18n import _

#: Shortest and longest validity `--valid` accepts.
MIN_VALID = timedelta(minutes=10)
MAX_VALID = timedelta(days=90)

_DURATION = re.compile(r"^\s*(\d{1,4})\s*([mhdw])\s*$", re.IGNORECASE)
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class InviteState(StrEnum):
    """Where an invitation stands at a given moment."""

    OPEN = "open"
    """Not used yet, or its attempt is in progress: the link works."""
    USED = "used"
    """Its attempt was submitted: the link no longer admits anyone."""
    EXPIRED = "expired"
    REVOKED = "revoked"


class Invitation(Record):
    """A link that lets one person take one quiz in the browser until it expires."""

    staff_id: int = Field(gt=0)
    """Who may use it (StaffMember id)."""
    quiz: NonBlank
    """Code of the quiz definition it admits to."""
    token_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    """SHA-256 (hex) of the token in the link; the token itself is never stored."""
    created_at: LocalTime
    """When it was issued."""
    expires_at: LocalTime
    """After this moment the link admits nobody."""
    revoked_at: LocalTime | None = None
    """When the project manager withdrew it; None = not revoked."""
    attempt_id: int | None = Field(None, gt=0)
    """The quiz attempt started through it, once there is one."""
    used_at: LocalTime | None = None
    """When its attempt was submitted (the link then admits nobody)."""

    def state(self, now: datetime) -> InviteState:
        """Revoked, used, expired or open, in that order of precedence."""
        if self.revoked_at is not None:
            return InviteState.REVOKED
        if self.used_at is not None:
            return InviteState.USED
        if now >= self.expires_at:
            return InviteState.EXPIRED
        return InviteState.OPEN


def hash_token(token: str) -> str:
    """The stored form of a token (hex SHA-256 of its UTF-8 bytes)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_validity(text: str) -> timedelta:
    """"7d", "12h", "2w", "90m" → a timedelta between MIN_VALID and MAX_VALID.

    Raises ValueError with a message naming what is wrong.
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(
            _("{text!r}: give a number and a unit m, h, d or w, e.g. 7d", text=text)
        )
    amount, unit = int(match.group(1)), match.group(2).lower()
    value = timedelta(**{_UNITS[unit]: amount})
    if not MIN_VALID <= value <= MAX_VALID:
        raise ValueError(
            _("{text!r}: validity must be between 10 minutes and 90 days", text=text)
        )
    return value
