"""Creating and opening project files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from crmgov.domain.enums import Language
from crmgov.domain.project import Project
from crmgov.storage.interface import Store
from crmgov.storage.open import (
    create_store,
    open_store,
    pull_database,
    push_file,
    upgrade_database,
)


def init_project(
    path: Path | str,
    name: str,
    actor: str,
    *,
    language: str = "en",
    company: str = "",
    go_live_target: date | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> Store:
    """Create an empty project, a file or a postgresql:// database (never overwrites one)."""
    project = Project(
        name=name,
        company=company,
        language=Language(language),
        go_live_target=go_live_target,
        created_at=clock().replace(microsecond=0),
    )
    return create_store(path, project, actor, clock=clock)


def open_project(
    path: Path | str,
    actor: str,
    *,
    clock: Callable[[], datetime] = datetime.now,
    shared: bool = False,
) -> Store:
    """Open and validate an existing project, file or database (raises StoreError);
    `shared`: for many threads (`crmgov serve`)."""
    return open_store(path, actor, clock=clock, shared=shared)


def push_project(path: Path, dsn: str, actor: str) -> Store:
    """`crmgov db push`: a project file and its audit trail into an empty database."""
    return push_file(path, dsn, actor)


def pull_project(dsn: str, path: Path, actor: str) -> Path:
    """`crmgov db pull`: a database's project and audit trail into a new project file."""
    return pull_database(dsn, path, actor)


def upgrade_database_schema(dsn: str) -> tuple[int | None, int]:
    """`crmgov db upgrade`: (schema version before, after)."""
    return upgrade_database(dsn)
