"""A database address (DSN) as crmgov shows it: never with its password.

Standard library only: the TUI names the database in its first frame, before psycopg or
the storage layer is imported. `storage.open.check_database` says whether a DSN is valid.
"""

from __future__ import annotations

from pathlib import Path

#: How a --database value begins (libpq's URI forms; key=value strings are not taken).
SCHEMES = ("postgresql://", "postgres://")


def is_database(location: str | Path) -> bool:
    """Whether a location names a PostgreSQL database (postgresql://…)."""
    return str(location).startswith(SCHEMES)


def _without_password_query(query: str) -> str:
    return "&".join(p for p in query.split("&") if p and not p.lower().startswith("password="))


def shown(dsn: str) -> str:
    """The DSN without its password (a ":password" before the "@", or a password=
    option); the rest as given, its `//` kept. Never raises, even on a malformed DSN."""
    scheme, sep, rest = dsn.partition("://")
    if not sep:
        return "postgresql://?"
    # The last "@" before any "?" ends the user part: a password may hold an unescaped
    # "/", "@" or ":" (libpq then refuses the DSN, and its message must not show it).
    # No urllib: it drops the empty host of postgresql:///db and raises on a bad one.
    head, at, tail = rest.partition("?")[0].rpartition("@")
    if at:
        user = head.split(":", 1)[0]
        rest = f"{user}@{rest[len(head) + 1:]}"
    base, question, query = rest.partition("?")
    query = _without_password_query(query)
    return f"{scheme}://{base}{question if query else ''}{query}"
