"""The store interface: what services, the TUI, the CLI and the web quiz use of a project.

Two backends satisfy it: `storage.store.ProjectStore` (one JSON file, the embedded
default) and `storage.postgres.PgStore` (a PostgreSQL database, for a team). Services
name only this Protocol; `storage.open.open_store` picks the backend from the location.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from crmgov.domain.project import Project
from crmgov.storage.transaction import Transaction

if TYPE_CHECKING:
    from crmgov.storage.store import Layout


@runtime_checkable
class Store(Protocol):
    """A project's records, changed only inside transactions, with an audit trail."""

    actor: str
    """Who is acting, for the audit trail."""

    @property
    def path(self) -> Path:
        """The project file; for a database, a name in the working folder whose parent is
        where relative evidence paths are resolved (nothing is written there)."""

    @property
    def file_backed(self) -> bool:
        """Whether the project is a file (derived index files and byte layouts exist)."""

    @property
    def location(self) -> str:
        """What to show the user: the file's path, or the DSN without its password."""

    @property
    def loaded(self) -> bool: ...

    def load(self) -> None: ...

    def read_all(self) -> None:
        """Read and validate every table now. A file is read whole by `load`; a database
        reads a table when it is first asked for, so a thread that must not wait later
        (the TUI's event loop) has a worker call this after `load` and `refresh`."""

    @property
    def project(self) -> Project: ...

    def all(self, table: str) -> list[Any]: ...

    def get(self, table: str, record_id: int) -> Any: ...

    def count(self, table: str) -> int: ...

    def ids(self, table: str) -> list[int]: ...

    def stored_json(self, table: str, record_id: int) -> bytes: ...

    def stored_json_many(self, table: str, record_ids: Sequence[int]) -> list[bytes]:
        """`stored_json` of many records, in the order asked (a database: one query)."""

    def fields(
        self,
        table: str,
        names: Sequence[str],
        *,
        where: Mapping[str, Collection[str | None]] | None = None,
    ) -> list[tuple[Any, ...]] | None:
        """(id, *values of `names`) of each record whose `where` fields hold one of the
        given texts (None: the record lacks the field), in id order, each value as the
        record's JSON holds it (not validated), without building models; None when the
        store holds validated models already (a file: read `all` instead). A database
        reads its columns: at 100k issues this keeps `issue add` and `issue list` fast.
        Besides fields, `names` may hold the derived values a database keeps in columns
        of their own (issues.clock_steps: the transitions in domain.issues.sla.CLOCK_STEPS,
        in order; None when there are none; "stored_json": the record's JSON as
        `stored_json` gives it; "has_tasks": whether its tasks list holds any)."""

    def refresh(self) -> bool: ...

    def changed_on_disk(self) -> bool: ...

    def refresh_shared(self) -> bool: ...

    @property
    def audit_seq(self) -> int | None: ...

    def transaction(self, action: str) -> AbstractContextManager[Transaction]: ...

    def layout(self, table: str) -> Layout:
        """The file's bytes and where each record sits in them (storage.derived); only
        for a file-backed store (`file_backed`): a database has no such bytes."""

    def export(self, path: Path) -> Path:
        """Write the project as a project file at `path`, its audit trail beside it
        (refuses to overwrite either); returns the file's path. `crmgov db pull`, and
        `audit verify` of a database, which verifies the exported pair."""


__all__ = ["Iterator", "Store"]
