"""ProjectStore: one project file, validated on load, changed only inside transactions.

Reads are served from validated models in memory. Every change happens in
`transaction()`, which holds an OS file lock around the whole read-modify-write: it first
reloads if another process replaced the file, takes new ids from the reloaded data (each
process caching its next id silently loses records under concurrency), applies the
changes, appends the audit events, then replaces the file atomically — once.

Crash contract (tested by killing writers): the project file is always the old or the new
version; the audit trail may end in a torn line (cut off by the next append) or hold the
events of a change that never reached the file (the next transaction appends an
`audit.reconcile` event saying so, because the file records the last event it reflects).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from filelock import FileLock, Timeout

from crmgov.domain.base import Record
from crmgov.domain.integrity import dangling_references
from crmgov.domain.project import Project
from crmgov.i18n import _, os_reason
from crmgov.storage import migrations
from crmgov.storage.atomic import (
    Signature,
    Span,
    Tables,
    dump_project,
    encode_models,
    encode_tables,
    file_chunks,
    file_signature,
    lock_path_for,
    record_spans,
    remove_orphans,
    remove_orphans_if_idle,
    write_atomic,
)
from crmgov.storage.audit_log import AuditLog, audit_path_for
from crmgov.storage.derived import content_digest
from crmgov.storage.errors import (
    DamagedProject,
    NewerSchema,
    ProjectBusy,
    ProjectExists,
    ProjectNotFound,
    ProjectUnwritable,
)
from crmgov.storage.fastload import Entries, fast_load
from crmgov.storage.migrations import write_backup
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES
from crmgov.storage.transaction import AuditedIds, Transaction
from crmgov.storage.validate import Data, Invalid, no_gc, parse, validate

Validated = tuple[Project, dict[str, dict[int, Record]]]


class Layout(NamedTuple):
    """See `ProjectStore.layout`."""

    digest: str
    project: Project
    table_span: Span
    records: list[tuple[Any, Span]]


class ProjectStore(AuditedIds):
    """A project file on disk, with its audit trail beside it."""

    #: See `storage.interface.Store.file_backed`.
    file_backed = True

    @property
    def location(self) -> str:
        """The file's path, as shown to the user."""
        return str(self.path)

    def __init__(
        self,
        path: Path | str,
        actor: str,
        *,
        lock_timeout: float = 30.0,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        # resolve(), not absolute(): through a symlink (a project kept in a git checkout and
        # linked elsewhere) os.replace would swap the link for a plain file, and two
        # processes using the two names would take two different locks.
        self.path = Path(path).expanduser().resolve()
        self.actor = actor
        self.audit = AuditLog(audit_path_for(self.path))
        self.clock = clock
        self._lock = FileLock(str(lock_path_for(self.path)), timeout=lock_timeout)
        # Each record's serialised file entry, in file order (raw documents are not kept:
        # at 100k issues they would cost ~600 MB beside the models).
        self._tables: Tables | None = None
        # Set instead of _tables by the fast load path: builds them on the first write.
        self._pending_entries: Entries | None = None
        self._meta: dict[str, Any] = {}
        self._signature: Signature | None = None
        self._project: Project | None = None
        self._models: dict[str, dict[int, Record]] = {}
        self._max_ids: dict[str, int] = {}
        # One transaction at a time per store object (the file lock serialises processes;
        # this serialises threads, whose OS-level lock would not), and who holds it.
        self._txn_turn = threading.Lock()
        self._txn_thread: int | None = None

    # ----------------------------------------------------------------- creating, loading
    @classmethod
    def create(cls, path: Path | str, project: Project, actor: str, **kwargs: Any) -> ProjectStore:
        """Write a new, empty project file; refuses to overwrite an existing one."""
        store = cls(path, actor, **kwargs)
        try:
            store.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectUnwritable(
                store.path.parent, _("cannot create this folder ({error})", error=os_reason(exc))
            ) from None
        data: Data = {
            META: {"1": {"schema_version": migrations.SCHEMA_VERSION}},
            PROJECT: {"1": project.model_dump(mode="json")},
            **{table: {} for table in RECORD_TABLES},
        }
        with store._locked():
            # Checked under the lock: two `crmgov init` at once must not both write.
            if store.path.exists():
                raise ProjectExists(store.path, _("a file already exists here; not overwriting it"))
            seq, _hash = store.audit.append(
                [store._event("project.create", PROJECT, 1, None, data[PROJECT]["1"])]
            )
            data[META]["1"]["audit_seq"] = seq
            write_atomic(store.path, dump_project(data))
        store.load()
        return store

    @property
    def loaded(self) -> bool:
        """Whether the file has been read and validated."""
        return self._project is not None

    def _current_signature(self) -> Signature | None:
        return file_signature(self.path, self.audit.path)

    def load(self) -> None:
        """Read, migrate if older, and validate the whole file.

        Raises ProjectNotFound, DamagedProject or NewerSchema; the file is never modified
        except by a migration, which writes a backup copy first.
        """
        try:
            audit_size = self.audit.path.stat().st_size
        except FileNotFoundError:
            audit_size = -1
        try:
            # Signature and bytes from the same open file: another process may replace the
            # path between a stat() and a read(), and we must not pair old and new.
            with open(self.path, "rb") as handle:
                st = os.fstat(handle.fileno())
                raw = handle.read()
        except FileNotFoundError:
            raise ProjectNotFound(
                self.path, _("no project file here (create one with `crmgov init`)")
            ) from None
        except IsADirectoryError:
            raise ProjectNotFound(
                self.path, _("this is a folder, not a project file (give the file's path)")
            ) from None
        except PermissionError:
            raise ProjectUnwritable(self.path, _("you may not read this file")) from None
        signature: Signature | None = (st.st_ino, st.st_size, st.st_mtime_ns, audit_size)
        remove_orphans_if_idle(self.path, self._lock)
        with no_gc():
            fast = fast_load(raw)
            if fast is not None:
                project, models, meta, entries = fast
                if not dangling_references(
                    {t: m.keys() for t, m in models.items()},
                    {t: m.values() for t, m in models.items()},
                ):
                    self._install_parts(project, models, meta, None, signature)
                    self._pending_entries = entries
                    return
            # Not in crmgov's own layout, an older schema, or invalid: the general path
            # migrates, or names the table, record and field at fault.
            del fast
            self._load_bytes(raw, signature)

    def _load_bytes(self, raw: bytes, signature: Signature | None) -> None:
        data = self._parse(raw)
        del raw  # up to 75 MB at 100k issues; the parsed tables are what we keep
        version = migrations.version_of(data)
        if version > migrations.SCHEMA_VERSION:
            raise NewerSchema(
                self.path,
                _("written by a newer crmgov (schema {found}; this one reads up to {supported}); "
                  "upgrade crmgov to open it",
                  found=version, supported=migrations.SCHEMA_VERSION),
            )
        if version < migrations.SCHEMA_VERSION:
            data, signature, validated = self._migrate()
        else:
            validated = self._validate(data)
        self._install(data, signature, validated)

    def _install(self, data: Data, signature: Signature | None, validated: Validated) -> None:
        meta = data.get(META, {}).get("1", {})
        project, models = validated
        self._install_parts(
            project, models, meta if isinstance(meta, dict) else {}, encode_tables(data), signature
        )

    def _install_parts(
        self,
        project: Project,
        models: dict[str, dict[int, Record]],
        meta: dict[str, Any],
        tables: Tables | None,
        signature: Signature | None,
    ) -> None:
        self._project, self._models = project, models
        self._meta = dict(meta)
        self._tables, self._signature = tables, signature
        self._pending_entries = None
        recorded = self._meta.get("last_ids", {})
        self._max_ids = {
            table: max(max(models, default=0), int(recorded.get(table, 0)))
            for table, models in self._models.items()
        }

    def refresh(self) -> bool:
        """Reload if another process changed the file; return whether it did."""
        if self._project is not None and self._current_signature() == self._signature:
            return False
        self.load()
        return True

    def changed_on_disk(self) -> bool:
        """Whether another process has replaced the file since this store read or wrote it
        (two stat calls: cheap enough to ask every few seconds)."""
        return self._project is not None and self._current_signature() != self._signature

    def refresh_shared(self) -> bool:
        """`refresh()` from any thread while other threads may be writing: it waits for
        the transaction in progress (a reread during one would mix two versions)."""
        with self._txn_turn:
            return self.refresh()

    def _parse(self, raw: bytes) -> Data:
        try:
            return parse(raw)
        except Invalid as exc:
            raise DamagedProject(self.path, str(exc)) from None

    def _validate(self, data: Data) -> Validated:
        try:
            return validate(data)
        except Invalid as exc:
            raise DamagedProject(self.path, str(exc)) from None

    def _migrate(self) -> tuple[Data, Signature | None, Validated]:
        """Migrate the file to the current schema under the lock, backup first."""
        with self._locked():
            raw = self.path.read_bytes()  # again, under the lock: it may have changed
            data = self._parse(raw)
            version = migrations.version_of(data)
            if version >= migrations.SCHEMA_VERSION:
                # Another process migrated it while we waited for the lock.
                return data, self._current_signature(), self._validate(data)
            backup = write_backup(self.path, version, raw)
            old = self._parse(raw)  # `migrate` changes `data` in place
            data = migrations.migrate(data)
            validated = self._validate(data)  # never write a migrated file that fails
            action = f"schema.migrate v{version}→v{migrations.SCHEMA_VERSION}"
            seq, _hash = self.audit.append([
                self._event(action, META, 1, None, {"backup": backup.name}),
                *self._migration_events(action, old, data),
            ])
            data[META]["1"]["audit_seq"] = seq
            write_atomic(self.path, dump_project(data))
            return data, self._current_signature(), validated

    def _migration_events(self, action: str, old: Data, new: Data) -> list[dict[str, Any]]:
        """One event per record the migration changed, so replaying the trail gives the
        migrated file (`audit verify`). A file with no trail yet (the prototype wrote
        none) has every record recorded as it is adopted: the trail starts here."""
        adopt = self.audit.head() is None
        events = []
        for table, rows in new.items():
            if table == META:
                continue
            for key, doc in rows.items():
                before = old.get(table, {}).get(key)
                if adopt:
                    events.append(self._event(action, table, int(key), None, doc))
                elif before != doc:
                    events.append(self._event(action, table, int(key), before, doc))
        return events

    # ----------------------------------------------------------------------- reading
    def _ensure(self) -> None:
        if self._project is None:
            self.load()

    def _entries(self) -> Tables:
        """Every record's stored text, in file order.

        Built on first need (see fastload): only a write or `stored_json` uses them, and
        building them costs ~0.3 s and ~80 MB at 100k issues.
        """
        if self._tables is None:
            pending, self._pending_entries = self._pending_entries, None
            tables = pending() if pending is not None else None
            if tables is None:  # a valid file crmgov did not lay out: serialise anew
                assert self._project is not None
                tables = encode_models(self._meta, self._project, self._models)
            self._tables = tables
        return self._tables

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

    def stored_json(self, table: str, record_id: int) -> bytes:
        """A record's JSON exactly as the file stores it (without the id, its key).

        Lets bulk JSON output reuse text that already exists instead of dumping tens of
        thousands of models again (`crmgov issue list --json` at 100k issues).
        """
        self._ensure()
        key = str(record_id)
        entry = self._entries()[table][key]
        return entry[len(key) + 5 :]  # entries are stored as ,\n"KEY":{...}

    def ids(self, table: str) -> list[int]:
        """Record ids of a table, in id order (cheaper than `all` when only ids are needed)."""
        self._ensure()
        return list(self._models[table])

    def read_all(self) -> None:
        """Every table is read and validated when the file is: load it if not yet."""
        self._ensure()

    def fields(
        self,
        table: str,
        names: Sequence[str],
        *,
        where: Mapping[str, Collection[str | None]] | None = None,
    ) -> None:
        """A file's records are validated models already: read those (`all`). (A database
        answers (id, *values) rows from its columns: storage.interface.Store.fields.)"""
        del table, names, where
        return None

    def stored_json_many(self, table: str, record_ids: Sequence[int]) -> list[bytes]:
        """`stored_json` of many records."""
        return [self.stored_json(table, i) for i in record_ids]

    def _record(self, table: str, record_id: int) -> Record | None:
        """A record as the open transaction found it, or None (Transaction's checks)."""
        return self._models[table].get(record_id)

    def _record_ids(self, table: str) -> AbstractSet[int]:
        """A table's ids as the open transaction found them (Transaction's checks)."""
        return self._models[table].keys()

    def layout(self, table: str) -> Layout:
        """The store's content as one consistent snapshot: the digest of the file's bytes
        as this store last read or wrote them, and where one table and each of its records
        sit in those bytes (see storage.derived).

        Holds the transaction turn, so a thread can call it while another may write. If
        another process has replaced the file since, the digest will simply not match
        what a reader of the file hashes.
        """
        self._ensure()
        with self._txn_turn:
            tables = self._entries()
            table_span, spans = record_spans(tables, table)
            models = self._models[table]
            return Layout(
                digest=content_digest(file_chunks(tables)),
                project=self.project,
                table_span=table_span,
                records=[
                    (models[int(key)], span)
                    for key, span in zip(tables[table], spans, strict=True)
                ],
            )

    def export(self, path: Path) -> Path:
        """A copy of the file and its trail at `path`, as one consistent pair (under the
        lock); refuses to overwrite either."""
        path = Path(path).expanduser().resolve()
        trail = audit_path_for(path)
        for existing in (path, trail):
            if existing.exists():
                raise ProjectExists(existing, _("a file already exists here; not overwriting it"))
        with self._locked():
            write_atomic(trail, self.audit.path.read_bytes() if self.audit.path.exists() else b"")
            write_atomic(path, self.path.read_bytes())
        return path

    # ----------------------------------------------------------------------- writing
    @contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            self._lock.acquire()
        except Timeout:
            raise ProjectBusy(
                self.path, _("another crmgov process is holding the file; try again")
            ) from None
        except OSError as exc:
            # The lock file sits beside the project: a folder the user may not write.
            raise ProjectUnwritable(
                self.path.parent,
                _("cannot write in this folder ({error}); nothing was changed",
                  error=os_reason(exc)),
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _check_writable(self) -> None:
        """Refuse to replace a file the user may not write (the rename needs only the
        folder's permission, so without this check a read-only file would be replaced)."""
        if self.path.exists() and not os.access(self.path, os.W_OK):
            raise ProjectUnwritable(
                self.path, _("you may not write this file; nothing was changed")
            )

    @property
    def audit_seq(self) -> int | None:
        """The last audit event the project file reflects, as the file records it."""
        self._ensure()
        value = self._meta.get("audit_seq")
        return value if isinstance(value, int) else None

    def _reconcile(self) -> list[dict[str, Any]]:
        """An event noting where the trail and the file disagree on the last event.

        Trail ahead of the file (a writer killed between its append and its replace):
        `audit.reconcile`, and those events are not replayed. Trail behind the file (its
        end was cut off, or it was replaced by an older copy): `audit.lost` names the
        missing range, which `audit verify` reports until `audit accept --reason`; the
        trail is never healed silently.
        """
        recorded = self._meta.get("audit_seq")
        if not isinstance(recorded, int):
            return []  # written before the file recorded its last event
        last, _hash = self.audit.tail()
        if last == recorded:
            return []
        if last < recorded:
            return [self._event("audit.lost", META, 1, {"audit_seq": recorded},
                                {"from": last + 1, "to": recorded})]
        return [self._event("audit.reconcile", META, 1, {"audit_seq": recorded},
                            {"audit_seq": last})]

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        """Apply changes under the file lock; all of them land, or none do.

        `action` names the use case in the audit trail, e.g. "issue.close". Transactions do
        not nest; from several threads (the TUI saves in worker threads) they take turns.
        On an exception the in-memory state is rolled back and the file is untouched.
        """
        if self._txn_thread == threading.get_ident():
            raise RuntimeError("a transaction is already open on this store; they do not nest")
        with self._txn_turn, self._locked():
            self._txn_thread = threading.get_ident()
            try:
                self._check_writable()
                remove_orphans(self.path)
                self.refresh()
                max_ids = dict(self._max_ids)
                txn = Transaction(self, self._entries(), action)
                try:
                    yield txn
                    txn.check_references()
                    if txn.events:
                        self._commit(txn)
                except BaseException:
                    txn.rollback()
                    self._max_ids = max_ids
                    raise
                self._apply(txn)
            finally:
                self._txn_thread = None

    def _commit(self, txn: Transaction) -> None:
        seq, _hash = self.audit.append(self._reconcile() + txn.events)
        # The file records the last event it reflects, so a later writer can tell events
        # that never landed, and `audit verify` can tell a trail cut short.
        txn.set_meta(audit_seq=seq, last_ids=dict(self._max_ids))
        write_atomic(self.path, file_chunks(self._entries()))
        self._signature = self._current_signature()

    def _apply(self, txn: Transaction) -> None:
        self._meta = txn.meta
        for table, changes in txn.changed.items():
            models = self._models[table]
            for record_id, model in changes.items():
                if model is None:
                    models.pop(record_id, None)
                else:
                    models[record_id] = model
        if txn.new_project is not None:
            self._project = txn.new_project
