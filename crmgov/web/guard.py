"""What keeps strangers out: sessions, CSRF tokens and the token-guessing limit.

Sessions live in the server's memory only: the cookie holds a random id, never the
invitation token, and a restart simply asks the taker to open the link again (the
attempt itself is in the project file and resumes).
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

#: Cookie naming the session.
SESSION_COOKIE = "crmgov_quiz"


@dataclass
class Session:
    """One browser admitted by an invitation."""

    invite_id: int
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Must come back in every POST (hidden form field)."""


class Sessions:
    """Session id → Session, bounded twice: at most `per_invite` sessions per invitation
    (a new one replaces that invitation's oldest), and `limit` in all (oldest dropped
    first). The first bound is what keeps one link, opened 20,000 times, from pushing
    every other taker's session out: it can only replace its own."""

    def __init__(self, limit: int = 20_000, per_invite: int = 3) -> None:
        self._by_id: dict[str, Session] = {}
        self._of_invite: dict[int, deque[str]] = {}
        self._limit, self._per_invite = limit, per_invite
        self._lock = threading.Lock()

    def create(self, invite_id: int) -> tuple[str, Session]:
        """A new session for an admitted invitation; returns its id and itself."""
        sid = secrets.token_urlsafe(32)
        session = Session(invite_id)
        with self._lock:
            own = self._of_invite.setdefault(invite_id, deque())
            while len(own) >= self._per_invite:
                self._by_id.pop(own.popleft(), None)
            own.append(sid)
            self._by_id[sid] = session
            while len(self._by_id) > self._limit:
                self._forget(next(iter(self._by_id)))
        return sid, session

    def _forget(self, sid: str) -> None:
        """Drop one session (call with the lock held)."""
        session = self._by_id.pop(sid)
        own = self._of_invite.get(session.invite_id)
        if own is not None:
            own.remove(sid)
            if not own:
                del self._of_invite[session.invite_id]

    def get(self, sid: str | None) -> Session | None:
        """The session of a cookie value, if any."""
        if not sid:
            return None
        with self._lock:
            return self._by_id.get(sid)

    def drop_invite(self, invite_id: int) -> None:
        """Forget every session of an invitation (e.g. it was revoked)."""
        with self._lock:
            for sid in self._of_invite.pop(invite_id, ()):
                self._by_id.pop(sid, None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._by_id)


def csrf_ok(session: Session, sent: object) -> bool:
    """Whether a POST carried this session's CSRF token (constant-time comparison)."""
    return isinstance(sent, str) and hmac.compare_digest(session.csrf, sent)


class FailureLimit:
    """Throttles token guessing without ever locking out the honest.

    Only wrong tokens count (a taker reopening a good link is never slowed). An address
    may try `per_client` wrong tokens in `window` seconds; then it is refused (429) until
    its oldest failure is older than the window. All addresses together have a budget of
    `overall` wrong tokens per window (a guesser with many addresses): once it is spent,
    guessing slows to `busy_per_client` wrong token per address and window, while an
    address with no recent wrong token is never refused, so a valid link from it still
    opens. (Before, a spent budget refused every address, valid links too: 10 wrong
    tokens from each of 20 addresses shut the quiz for 10 minutes.) "Refused" concerns
    wrong tokens only: the page judges the token first, and a valid one opens even from a
    blocked address (crmgov.web.pages.enter says why that helps no guesser). IPv6 addresses count
    per /64, the block one household or office gets, so one guesser cannot pose as
    millions of addresses.
    """

    def __init__(
        self, per_client: int = 10, overall: int = 200, window: float = 600.0,
        clock: object = time.monotonic, busy_per_client: int = 1,
    ) -> None:
        self.per_client, self.overall, self.window = per_client, overall, window
        self.busy_per_client = busy_per_client
        self._clock = clock
        self._client: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        """The newest `overall` failures of all addresses (enough to tell a spent budget)."""
        self._lock = threading.Lock()

    def _now(self) -> float:
        clock = self._clock
        assert callable(clock)
        return float(clock())

    def _trim(self, stamps: deque[float], now: float) -> None:
        while stamps and stamps[0] <= now - self.window:
            stamps.popleft()

    def busy(self) -> bool:
        """Whether the overall budget of wrong tokens is spent (guessing is slowed)."""
        now = self._now()
        with self._lock:
            self._trim(self._all, now)
            return len(self._all) >= self.overall

    def blocked(self, client: str) -> bool:
        """Whether this client must wait before trying another token."""
        now = self._now()
        key = _client_key(client)
        with self._lock:
            stamps = self._client.get(key)
            if not stamps:
                return False  # no recent wrong token: never refused
            self._trim(stamps, now)
            self._trim(self._all, now)
            allowed = self.busy_per_client if len(self._all) >= self.overall else self.per_client
            return len(stamps) >= allowed

    def failed(self, client: str) -> None:
        """Count one wrong token from this client."""
        now = self._now()
        key = _client_key(client)
        with self._lock:
            stamps = self._client.pop(key, None) or deque()
            self._trim(stamps, now)
            stamps.append(now)
            while len(stamps) > self.per_client:
                stamps.popleft()
            self._client[key] = stamps  # re-inserted: the dict stays in order of last use
            self._all.append(now)
            while len(self._all) > self.overall:
                self._all.popleft()
            if len(self._client) > 50_000:  # bounded memory under a flood of addresses
                self._client.pop(next(iter(self._client)))


def _client_key(client: str) -> str:
    """The address a limit counts: an IPv6 address by its /64, anything else as it is."""
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
