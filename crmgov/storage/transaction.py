"""Transaction: the changes of one use case, applied to the store's data under its lock.

Writes go straight into the store's TinyDB-layout dict ({table: {"id": doc}}) rather than
through TinyDB's Table, which rebuilds the whole table dict twice per write (0.2 s at 100k
records) and updates documents in place (so a failed transaction could not be undone
without rereading the file). Every change is recorded in an undo log instead; the file
format stays exactly TinyDB's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from datetime import datetime
from typing import Any, Protocol, TypeVar

from crmgov.domain.base import Record
from crmgov.domain.integrity import REFERENCES, dangling_references, referrers
from crmgov.domain.project import Project
from crmgov.i18n import _
from crmgov.storage.atomic import Tables, encode_entry
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES


class StoreState(Protocol):
    """What a transaction reads and asks of the store it changes (ProjectStore and
    PgStore provide it); named here so that transaction.py need not import store.py,
    which imports it. A database store reads `_models[table]` only when asked (a
    table's models), so the checks ask for one record or a table's ids where that will do."""

    _meta: dict[str, Any]

    @property
    def _models(self) -> Mapping[str, Mapping[int, Any]]: ...

    @property
    def project(self) -> Project: ...

    def _record(self, table: str, record_id: int) -> Any | None:
        """A record as the transaction found it, or None."""

    def _record_ids(self, table: str) -> Set[int]:
        """A table's ids as the transaction found them."""

    def _take_id(self, table: str) -> int: ...

    def _event(
        self, action: str, table: str, record_id: int, before: Any, after: Any
    ) -> dict[str, Any]: ...

R = TypeVar("R", bound=Record)

_MISSING = object()


def dump_record(model: Record) -> dict[str, Any]:
    """The stored document of a record (its id is the document key, not a field)."""
    return model.model_dump(mode="json", exclude={"id"})


class IntegrityError(ValueError):
    """A change would leave a record naming a record that does not exist."""


class Transaction:
    """The changes of one use case; build it with `ProjectStore.transaction`."""

    def __init__(self, store: StoreState, tables: Tables, action: str) -> None:
        self._store = store
        self._tables = tables
        self.meta: dict[str, Any] = dict(store._meta)
        self.action = action
        self.events: list[dict[str, Any]] = []
        self.changed: dict[str, dict[int, Record | None]] = {}
        self.docs: dict[str, dict[int, Any]] = {}
        """The stored document (`dump_record`) of each record in `changed` (not of the
        deleted ones), so that a store writing the rows need not dump the models again."""
        self.new_project: Project | None = None
        self._undo: list[tuple[str, str, Any]] = []

    # -------------------------------------------------------------------- internals
    def _set(self, table: str, key: str, doc: Any) -> None:
        rows = self._tables.setdefault(table, {})
        self._undo.append((table, key, rows.get(key, _MISSING)))
        if doc is _MISSING:
            del rows[key]
        else:
            rows[key] = encode_entry(key, doc)

    def rollback(self) -> None:
        """Put the store's data back as it was before this transaction."""
        for table, key, old in reversed(self._undo):
            if old is _MISSING:
                self._tables[table].pop(key, None)
            else:
                self._tables[table][key] = old
        self._undo.clear()

    def _check_table(self, table: str) -> None:
        if table not in RECORD_TABLES:
            raise KeyError(f"unknown table {table!r}")

    def _current(self, table: str, record_id: int) -> Record | None:
        pending = self.changed.get(table, {})
        if record_id in pending:
            return pending[record_id]
        return self._store._record(table, record_id)

    def _event(self, table: str, record_id: int, before: Any, after: Any) -> None:
        self.events.append(self._store._event(self.action, table, record_id, before, after))

    # ------------------------------------------------------------------------ changes
    def insert(self, table: str, model: R) -> R:
        """Add a record; returns it with its new id."""
        return self.insert_many(table, [model])[0]

    def insert_many(self, table: str, models: Sequence[R]) -> list[R]:
        """Add many records in one go (bulk imports must batch); returns them with ids."""
        self._check_table(table)
        out: list[R] = []
        bucket = self.changed.setdefault(table, {})
        for model in models:
            record_id = self._store._take_id(table)
            stored = model.model_copy(update={"id": record_id})
            doc = dump_record(stored)
            self._set(table, str(record_id), doc)
            bucket[record_id] = stored
            self.docs.setdefault(table, {})[record_id] = doc
            self._event(table, record_id, None, doc)
            out.append(stored)
        return out

    def update(self, table: str, model: R) -> R:
        """Replace an existing record (matched by id)."""
        self._check_table(table)
        before = self._current(table, model.id)
        if before is None:
            raise KeyError(f"{table} has no record {model.id}")
        doc = dump_record(model)
        self._set(table, str(model.id), doc)
        self.changed.setdefault(table, {})[model.id] = model
        self.docs.setdefault(table, {})[model.id] = doc
        self._event(table, model.id, dump_record(before), doc)
        return model

    def delete(self, table: str, record_id: int) -> None:
        """Remove a record; refused while another record still names it."""
        self._check_table(table)
        before = self._current(table, record_id)
        if before is None:
            raise KeyError(f"{table} has no record {record_id}")
        self._set(table, str(record_id), _MISSING)
        self.changed.setdefault(table, {})[record_id] = None
        self.docs.get(table, {}).pop(record_id, None)
        self._event(table, record_id, dump_record(before), None)

    def set_project(self, project: Project) -> Project:
        """Replace the project record."""
        before = self.new_project or self._store.project
        doc = project.model_dump(mode="json")
        self._set(PROJECT, "1", doc)
        self.new_project = project
        self._event(PROJECT, 1, before.model_dump(mode="json"), doc)
        return project

    def note(
        self, table: str, record_id: int, before: Any, after: Any, **extra: Any
    ) -> None:
        """Record an audited event that changes no data: `audit accept` states that the
        file's content of a record (`after`) replaces its last audited state (`before`)."""
        event = self._store._event(self.action, table, record_id, before, after)
        self.events.append({**event, **extra})

    def set_meta(self, **values: Any) -> None:
        """Record bookkeeping values in the `_meta` document (not audited: not user data)."""
        self.meta.update(values)
        self._set(META, "1", self.meta)

    # ------------------------------------------------------------------------ checks
    def _rows_after(self, table: str) -> list[Any]:
        changes = self.changed.get(table, {})
        base = self._store._models.get(table, {})
        if not changes:
            return list(base.values())
        merged = {**base, **changes}
        return [m for m in merged.values() if m is not None]

    def check_references(self) -> None:
        """Refuse to commit if a record would name a record that does not exist.

        Checks what this transaction can have broken, not the whole file: references out of
        inserted/updated records, and references into deleted ones.
        """
        if not self.changed:
            return
        rows = {
            t: [m for m in changes.values() if m is not None] for t, changes in self.changed.items()
        }
        # Only the tables the changed records name: a database need not read the others.
        named = {target for source, _field, target in REFERENCES if rows.get(source)}
        if rows.get("sops"):
            named.add("staff")  # acknowledgements
        ids = {
            t: _IdsAfter(self._store._record_ids(t), self.changed.get(t, {})) for t in named
        }
        problems = dangling_references(ids, rows)
        sources: dict[str, list[Any]] = {}
        for table, changes in self.changed.items():
            for record_id, model in changes.items():
                if model is None:
                    naming = {s for s, _field, target in REFERENCES if target == table}
                    if table == "staff":
                        naming.add("sops")
                    for source in naming - sources.keys():
                        sources[source] = self._rows_after(source)
                    problems += referrers(table, record_id, sources)
        if problems:
            raise IntegrityError(
                _("refused, the project would be inconsistent: {problems}",
                  problems="; ".join(problems[:3]))
            )


class _IdsAfter(Set[int]):
    """The ids a table will hold after the transaction, answered without copying them."""

    def __init__(self, ids: Set[int], changes: dict[int, Record | None]) -> None:
        self._ids = ids
        self._changes = changes

    def __contains__(self, record_id: object) -> bool:
        if record_id in self._changes:
            return self._changes[record_id] is not None
        return record_id in self._ids

    def __iter__(self) -> Iterator[int]:
        for record_id in dict.fromkeys([*self._ids, *self._changes]):
            if record_id in self:
                yield record_id

    def __len__(self) -> int:
        return sum(1 for _ in self)


class AuditedIds:
    """What both stores give a Transaction: the audit event of a change and the next id
    of a table (never reused, even after the newest record is deleted). A store sets
    `clock`, `actor` and `_max_ids`."""

    clock: Callable[[], datetime]
    actor: str
    _max_ids: dict[str, int]

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

    def _take_id(self, table: str) -> int:
        next_id = self._max_ids.get(table, 0) + 1
        self._max_ids[table] = next_id
        return next_id
