"""Creating and opening project files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from crmgov.domain.enums import Language
from crmgov.domain.project import Project
from crmgov.storage.interface import Store
from crmgov.storage.open import create_store, open_store


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
    path: Path | str, actor: str, *, clock: Callable[[], datetime] = datetime.now
) -> Store:
    """Open and validate an existing project, file or database (raises StoreError)."""
    return open_store(path, actor, clock=clock)
