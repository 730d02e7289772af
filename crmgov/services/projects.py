"""Creating and opening project files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from crmgov.domain.enums import Language
from crmgov.domain.project import Project
from crmgov.storage.store import ProjectStore


def init_project(
    path: Path,
    name: str,
    actor: str,
    *,
    language: str = "en",
    company: str = "",
    go_live_target: date | None = None,
    clock: Callable[[], datetime] = datetime.now,
) -> ProjectStore:
    """Create an empty project file (refuses to overwrite one that exists)."""
    project = Project(
        name=name,
        company=company,
        language=Language(language),
        go_live_target=go_live_target,
        created_at=clock().replace(microsecond=0),
    )
    return ProjectStore.create(path, project, actor, clock=clock)


def open_project(
    path: Path, actor: str, *, clock: Callable[[], datetime] = datetime.now
) -> ProjectStore:
    """Open and validate an existing project file (raises StoreError subclasses)."""
    store = ProjectStore(path, actor, clock=clock)
    store.load()
    return store
