"""Versioned schema migrations of a crmgov database (migrations/NNN_name.sql)."""

from __future__ import annotations

import re
from pathlib import Path

import psycopg

from crmgov.paths import pg_migrations_dir

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
#: An advisory lock key for creating and upgrading ("crmg" in ASCII).
SCHEMA_LOCK = 0x63726D67


def migration_files() -> list[tuple[int, Path]]:
    """(version, file) of every shipped migration, in order."""
    found = []
    for path in sorted(pg_migrations_dir().iterdir()):
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return found


#: The schema version this crmgov reads and writes.
DB_SCHEMA_VERSION = migration_files()[-1][0]


def current_version(conn: psycopg.Connection) -> int | None:
    """The database's schema version; None if it has no crmgov schema at all."""
    row = conn.execute("SELECT to_regclass('crmgov_schema') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    got = conn.execute("SELECT max(version) FROM crmgov_schema").fetchone()
    return int(got[0]) if got and got[0] is not None else 0


def upgrade(conn: psycopg.Connection) -> tuple[int | None, int]:
    """Apply the migrations the database lacks, each in its own transaction, under an
    advisory lock (two upgrades at once apply each once). Returns (from, to)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        before = current_version(conn)
        version = before or 0
        for number, path in migration_files():
            if number <= version:
                continue
            conn.execute(path.read_text(encoding="utf-8").encode())
            conn.execute("UPDATE crmgov_schema SET version = %s", (number,))
            version = number
    return before, version
