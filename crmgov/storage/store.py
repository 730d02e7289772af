"""ProjectStore: one project file, validated on load, changed only inside transactions.

Reads are served from validated models in memory. Every change happens in
`transaction()`, which holds an OS file lock around the whole read-modify-write: it first
reloads if another process replaced the file, resets TinyDB's per-table id counter (each
process caches its next id, which silently loses records under concurrency), applies the
changes, appends the audit events, then replaces the file atomically — once.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import orjson
from filelock import FileLock, Timeout
from pydantic import TypeAdapter, ValidationError
from tinydb import TinyDB

from crmgov.domain.base import Record
from crmgov.domain.integrity import dangling_references
from crmgov.domain.project import Project
from crmgov.storage import migrations
from crmgov.storage.atomic import (
    MemoryBackedStorage,
    Signature,
    file_signature,
    orphan_temp_files,
    write_atomic,
)
from crmgov.storage.audit_log import AuditLog, audit_path_for
from crmgov.storage.errors import DamagedProject, NewerSchema, ProjectBusy, ProjectNotFound
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES

R = TypeVar("R", bound=Record)

_ADAPTERS: dict[str, TypeAdapter[list[Any]]] = {}


def _adapter(table: str) -> TypeAdapter[list[Any]]:
    # Building a TypeAdapter costs a few ms; build each once, on first use.
    if table not in _ADAPTERS:
        _ADAPTERS[table] = TypeAdapter(list[RECORD_TABLES[table]])  # type: ignore[valid-type]
    return _ADAPTERS[table]


def _dump(model: Record) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude={"id"})


def _describe(error: ValidationError, ids: Sequence[int], limit: int = 3) -> str:
    parts = []
    for item in error.errors()[:limit]:
        loc = list(item["loc"])
        record = f"record {ids[loc.pop(0)]}" if loc and isinstance(loc[0], int) else "record"
        field = ".".join(str(p) for p in loc) or "(whole record)"
        got = item.get("input")
        shown = "" if isinstance(got, dict | list) else f" (got {got!r})"
        parts.append(f"{record}, field '{field}': {item['msg']}{shown}")
    more = error.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


class ProjectStore:
    """A project file on disk, with its audit trail beside it."""

    def __init__(
        self,
        path: Path | str,
        actor: str,
        *,
        lock_timeout: float = 30.0,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.path = Path(path).absolute()
        self.actor = actor
        self.audit = AuditLog(audit_path_for(self.path))
        self.clock = clock
        self._lock = FileLock(str(self.path.with_name(f".{self.path.name}.lock")), timeout=lock_timeout)
        self._data: dict[str, dict[str, Any]] | None = None
        self._signature: Signature | None = None
        self._project: Project | None = None
        self._models: dict[str, dict[int, Record]] = {}

    # ----------------------------------------------------------------- creating, loading
    @classmethod
    def create(cls, path: Path | str, project: Project, actor: str, **kwargs: Any) -> ProjectStore:
        """Write a new, empty project file; refuses to overwrite an existing one."""
        store = cls(path, actor, **kwargs)
        if store.path.exists():
            raise DamagedProject(store.path, "a file already exists here; not overwriting it")
        store.path.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, dict[str, Any]] = {
            META: {"1": {"schema_version": migrations.SCHEMA_VERSION}},
            PROJECT: {"1": project.model_dump(mode="json")},
            **{table: {} for table in RECORD_TABLES},
        }
        with store._locked():
            write_atomic(store.path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
            store.audit.append([store._event("project.create", PROJECT, 1, None, data[PROJECT]["1"])])
        store.load()
        return store

    @property
    def loaded(self) -> bool:
        """Whether the file has been read and validated."""
        return self._data is not None

    def load(self) -> None:
        """Read, migrate if older, and validate the whole file.

        Raises ProjectNotFound, DamagedProject or NewerSchema; the file is never modified
        except by a migration, which writes a backup copy first.
        """
        signature = file_signature(self.path)
        if signature is None:
            raise ProjectNotFound(self.path, "no project file here (create one with `crmgov init`)")
        raw = self.path.read_bytes()
        data = self._parse(raw)
        version = migrations.version_of(data)
        if version > migrations.SCHEMA_VERSION:
            raise NewerSchema(
                self.path,
                f"written by a newer crmgov (schema {version}; this one reads up to "
                f"{migrations.SCHEMA_VERSION}); upgrade crmgov to open it",
            )
        if version < migrations.SCHEMA_VERSION:
            data = self._migrate(raw, version)
            signature = file_signature(self.path)
        self._validate(data)
        self._data, self._signature = data, signature

    def refresh(self) -> bool:
        """Reload if another process changed the file; return whether it did."""
        if self._data is not None and file_signature(self.path) == self._signature:
            return False
        self.load()
        return True

    def _parse(self, raw: bytes) -> dict[str, dict[str, Any]]:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise DamagedProject(
                self.path, f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise DamagedProject(self.path, "not a crmgov project file (expected tables of records)")
        if PROJECT not in data or "1" not in data[PROJECT]:
            raise DamagedProject(self.path, "not a crmgov project file (no project record)")
        return cast(dict[str, dict[str, Any]], data)

    def _migrate(self, raw: bytes, version: int) -> dict[str, dict[str, Any]]:
        with self._locked():
            backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
            if not backup.exists():
                shutil.copyfile(self.path, backup)
            data = migrations.migrate(self._parse(self.path.read_bytes()))
            self._validate(data)  # never write a migrated file that does not validate
            write_atomic(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2))
            self.audit.append(
                [self._event(f"schema.migrate v{version}→v{migrations.SCHEMA_VERSION}", META, 1, None, None)]
            )
        return data

    def _validate(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            self._project = Project.model_validate(data[PROJECT]["1"])
        except ValidationError as exc:
            raise DamagedProject(self.path, f"table 'project': {_describe(exc, [1])}") from None
        models: dict[str, dict[int, Record]] = {}
        for table in RECORD_TABLES:
            rows = data.get(table, {})
            try:
                ids = [int(key) for key in rows]
            except ValueError:
                raise DamagedProject(self.path, f"table '{table}': record ids must be numbers") from None
            try:
                records = _adapter(table).validate_python(
                    [{**doc, "id": doc_id} for doc_id, doc in zip(ids, rows.values(), strict=True)]
                )
            except ValidationError as exc:
                raise DamagedProject(self.path, f"table '{table}': {_describe(exc, ids)}") from None
            except TypeError:
                raise DamagedProject(self.path, f"table '{table}': every record must be an object") from None
            models[table] = dict(zip(ids, records, strict=True))
        problems = dangling_references(
            {t: m.keys() for t, m in models.items()}, {t: m.values() for t, m in models.items()}
        )
        if problems:
            more = f"; and {len(problems) - 3} more" if len(problems) > 3 else ""
            raise DamagedProject(self.path, "; ".join(problems[:3]) + more)
        self._models = models

    # ----------------------------------------------------------------------- reading
    def _ensure(self) -> None:
        if self._data is None:
            self.load()

    @property
    def project(self) -> Project:
        """The project record."""
        self._ensure()
        assert self._project is not None
        return self._project

    def all(self, table: str) -> list[Any]:
        """Every record of a table, in id order (validated models; do not mutate)."""
        self._ensure()
        return list(self._models[table].values())

    def get(self, table: str, record_id: int) -> Any:
        """One record by id; KeyError if there is none."""
        self._ensure()
        return self._models[table][record_id]

    def count(self, table: str) -> int:
        """Number of records in a table."""
        self._ensure()
        return len(self._models[table])

    # ----------------------------------------------------------------------- writing
    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self._lock:
                yield
        except Timeout:
            raise ProjectBusy(self.path, "another crmgov process is holding the file; try again") from None

    def _event(
        self, action: str, table: str, record_id: int, before: Any, after: Any
    ) -> dict[str, Any]:
        return {
            "at": self.clock().isoformat(timespec="seconds"),
            "actor": self.actor,
            "action": action,
            "table": table,
            "record_id": record_id,
            "before": before,
            "after": after,
        }

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        """Apply changes under the file lock; all of them land, or none do.

        `action` names the use case in the audit trail, e.g. "issue.close".
        """
        with self._locked():
            for orphan in orphan_temp_files(self.path):
                orphan.unlink(missing_ok=True)
            self.refresh()
            assert self._data is not None
            storage_holder: list[MemoryBackedStorage] = []

            def make_storage() -> MemoryBackedStorage:
                storage = MemoryBackedStorage(self.path, self._data or {})
                storage_holder.append(storage)
                return storage

            db = TinyDB(storage=make_storage)  # type: ignore[arg-type]
            txn = Transaction(self, db, action)
            try:
                yield txn
                txn.check_references()
                self.audit.append(txn.events)
                self._signature = storage_holder[0].flush()
                self._data = storage_holder[0].data
            except BaseException:
                # The in-memory copy may hold half the changes: drop it, reread on next use.
                self._data, self._signature, self._models = None, None, {}
                raise
            for table, changes in txn.changed.items():
                models = self._models[table]
                for record_id, model in changes.items():
                    if model is None:
                        models.pop(record_id, None)
                    else:
                        models[record_id] = model
            if txn.new_project is not None:
                self._project = txn.new_project


class Transaction:
    """The changes of one use case; build it with `ProjectStore.transaction`."""

    def __init__(self, store: ProjectStore, db: TinyDB, action: str) -> None:
        self._store = store
        self._db = db
        self.action = action
        self.events: list[dict[str, Any]] = []
        self.changed: dict[str, dict[int, Record | None]] = {}
        self.new_project: Project | None = None

    def _table(self, table: str) -> Any:
        if table not in RECORD_TABLES:
            raise KeyError(f"unknown table {table!r}")
        t = self._db.table(table, cache_size=0)
        # Another process may have added records since this process last wrote.
        t._next_id = None
        return t

    def _current(self, table: str, record_id: int) -> Record | None:
        pending = self.changed.get(table, {})
        if record_id in pending:
            return pending[record_id]
        return self._store._models[table].get(record_id)

    def insert(self, table: str, model: R) -> R:
        """Add a record; returns it with its new id."""
        return self.insert_many(table, [model])[0]

    def insert_many(self, table: str, models: Sequence[R]) -> list[R]:
        """Add many records in one table write (bulk imports must batch)."""
        if not models:
            return []
        docs = [_dump(m) for m in models]
        ids = self._table(table).insert_multiple(docs)
        out = [m.model_copy(update={"id": i}) for m, i in zip(models, ids, strict=True)]
        bucket = self.changed.setdefault(table, {})
        for model, doc in zip(out, docs, strict=True):
            bucket[model.id] = model
            self.events.append(self._store._event(self.action, table, model.id, None, doc))
        return out

    def update(self, table: str, model: R) -> R:
        """Replace an existing record (matched by id)."""
        before = self._current(table, model.id)
        if before is None:
            raise KeyError(f"{table} has no record {model.id}")
        doc = _dump(model)
        self._table(table).update(doc, doc_ids=[model.id])
        self.changed.setdefault(table, {})[model.id] = model
        self.events.append(self._store._event(self.action, table, model.id, _dump(before), doc))
        return model

    def delete(self, table: str, record_id: int) -> None:
        """Remove a record."""
        before = self._current(table, record_id)
        if before is None:
            raise KeyError(f"{table} has no record {record_id}")
        self._table(table).remove(doc_ids=[record_id])
        self.changed.setdefault(table, {})[record_id] = None
        self.events.append(self._store._event(self.action, table, record_id, _dump(before), None))

    def set_project(self, project: Project) -> Project:
        """Replace the project record."""
        before = self.new_project or self._store.project
        doc = project.model_dump(mode="json")
        self._db.table(PROJECT, cache_size=0).update(doc, doc_ids=[1])
        self.new_project = project
        self.events.append(
            self._store._event(self.action, PROJECT, 1, before.model_dump(mode="json"), doc)
        )
        return project

    def check_references(self) -> None:
        """Refuse to commit a changed record that names a record that does not exist."""
        if not self.changed:
            return
        models = self._store._models
        ids = {
            t: {i for i in models[t] if self.changed.get(t, {}).get(i, 0) is not None}
            | {i for i, m in self.changed.get(t, {}).items() if m is not None}
            for t in RECORD_TABLES
        }
        rows = {
            t: [m for m in changes.values() if m is not None] for t, changes in self.changed.items()
        }
        problems = dangling_references(ids, rows)
        if problems:
            raise ValueError("; ".join(problems))
