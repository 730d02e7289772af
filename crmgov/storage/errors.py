"""Errors the store raises for expected failures; the CLI turns them into exit code 2."""

from __future__ import annotations

from pathlib import Path


class StoreError(OSError):
    """An expected failure reading or writing a project file (never a traceback).

    An OSError, so that the TUI's form dialogs and actions, which show an OSError as one
    line beside the form, show these too (a read-only file, a busy lock) instead of
    crashing.
    """

    exit_code = 2

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class ProjectNotFound(StoreError):
    """There is no project file at the path."""


class DamagedProject(StoreError):
    """The file is not valid JSON, or a record fails validation. The file is left untouched."""


class NewerSchema(StoreError):
    """The file was written by a newer crmgov; refusing to touch it."""


class ProjectBusy(StoreError):
    """Another process held the file lock for too long."""


class DamagedAuditTrail(StoreError):
    """The audit trail's last event cannot be read, so no new event can be chained to it."""


class ProjectExists(StoreError):
    """`create` found a file at the path; it is never overwritten."""


class ProjectUnwritable(StoreError):
    """The user may not read or write the file, or write in its folder; nothing changed."""


class DatabaseError(StoreError):
    """The database cannot be reached, refused the login, or the connection was lost; a
    transaction in progress was rolled back, so nothing was half-written."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(location, message)
        self.location = location
        self.args = (f"{location}: {message}",)

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SchemaMismatch(DatabaseError):
    """The database's schema is older or newer than this crmgov's (`crmgov db upgrade`)."""


class DatabaseNotProject(DatabaseError):
    """The database holds no crmgov project (or already holds one, for `init`)."""
