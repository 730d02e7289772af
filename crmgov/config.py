"""Settings resolved from the command line and the environment."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

DEFAULT_PROJECT = "crmgov.json"


def resolve_project_path(arg: str | None) -> Path:
    """--project PATH, else $CRMGOV_PROJECT, else ./crmgov.json."""
    return Path(arg or os.environ.get("CRMGOV_PROJECT") or DEFAULT_PROJECT)


def resolve_database(arg: str | None, project_arg: str | None = None) -> str | None:
    """--database DSN, else $CRMGOV_DATABASE unless --project names a file; a
    postgresql:// DSN given to --project counts as --database."""
    if arg:
        return arg
    if project_arg:
        return project_arg if project_arg.startswith(("postgresql://", "postgres://")) else None
    return os.environ.get("CRMGOV_DATABASE") or None


def resolve_actor(arg: str | None) -> str:
    """--as NAME, else $CRMGOV_USER, else the OS user: who the audit trail names."""
    if arg and arg.strip():
        return arg.strip()
    env = os.environ.get("CRMGOV_USER", "").strip()
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def now() -> datetime:
    """Local wall-clock time to the second (the project file stores local times)."""
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Settings:
    """What the CLI and the TUI need to know beyond the project file itself."""

    project_path: Path
    actor: str
    database: str | None = None
    """--database DSN or $CRMGOV_DATABASE: a PostgreSQL project instead of the file."""
    language: str | None = None
    """--lang; None = the project's own language."""
    theme: str = "textual-dark"
    clock: Callable[[], datetime] = field(default=now)
    """Injected so tests and snapshots see a fixed 'now'."""

    @property
    def location(self) -> Path | str:
        """Where the project is: the database's DSN if one is set, else the file."""
        return self.database or self.project_path
