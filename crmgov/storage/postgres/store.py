"""PgStore: a project in a PostgreSQL database, behind the same interface as ProjectStore.

Each record kind has its table (see migrations/); a record's document is kept as the exact
JSON text the file stores, so `crmgov db pull` gives the file back byte for byte. Every
change happens in `transaction()`, one database transaction per use case: it locks the
project row (writers take turns; readers never wait), rereads what another writer changed
(the audit head says whether anything did), runs the same `Transaction` as the file store
(its reference checks: the domain rules are not written twice), then writes the changed
rows, the audit events (the same hash chain as the file's trail) and the bookkeeping in
the same commit. A lost connection rolls it all back.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict
from pydantic import ValidationError

from crmgov.domain.audit import GENESIS, event_hash
from crmgov.domain.base import Record
from crmgov.domain.integrity import REFERENCES, dangling_references
from crmgov.domain.project import Project
from crmgov.i18n import _
from crmgov.storage import migrations
from crmgov.storage.errors import (
    DamagedProject,
    DatabaseError,
    DatabaseNotProject,
    SchemaMismatch,
)
from crmgov.storage.postgres.schema import DB_SCHEMA_VERSION, SCHEMA_LOCK, current_version, upgrade
from crmgov.storage.tables import PROJECT, RECORD_TABLES
from crmgov.storage.transaction import AuditedIds, Transaction
from crmgov.storage.validate import Invalid, describe, no_gc, validate, validate_table

_T = TypeVar("_T")

#: The real columns of each table (migrations/), generated from the document: `fields`
#: reads and filters on these without parsing documents.
COLUMNS: dict[str, frozenset[str]] = {
    "phases": frozenset({"status"}),
    "quiz_attempts": frozenset({"staff_id", "status"}),
    "certifications": frozenset({"staff_id", "expires_on"}),
    "issues": frozenset({
        "status", "urgency", "owner", "phase_id", "sop_id", "created_at",  # 001
        "category", "title", "description", "requester", "recurring", "preventive_action",  # 002
        "clock_steps",  # derived: the transitions that start or stop the SLA clock
    }),
    "plan": frozenset({"status", "owner"}),
}
_COLUMNS = COLUMNS
#: Columns of type json or jsonb (the others are text, bigint or boolean), as `fields`
#: selects them. clock_steps: None when there are none (most issues), which spares
#: parsing and copying 100k rows for `[]`.
_JSON_COLUMNS = {"clock_steps": "nullif(\"clock_steps\", '[]'::jsonb)::text"}
#: Derived values `fields` selects as they are: "stored_json" (bytes), the record's JSON
#: as `stored_json` gives it (a listing reads its rows and their JSON in one query);
#: "has_tasks" (bool), whether its tasks list holds any (`status` at 100k issues parsed
#: every task list only to ask that).
_RAW_COLUMNS = {
    "stored_json": "convert_to(doc::text, 'UTF8')",
    "has_tasks": "coalesce(json_array_length(doc->'tasks') > 0, false)",
}
_FIELD = re.compile(r"[a-z_][a-z0-9_]*")


def _name(field: str) -> str:
    """A record field as it may appear in SQL text (the callers' own names, checked)."""
    if not _FIELD.fullmatch(field):
        raise ValueError(f"not a field name: {field!r}")
    return field


def _targets(table: str) -> set[str]:
    """The tables that records of `table` name (domain.integrity.REFERENCES)."""
    found = {target for source, _field, target in REFERENCES if source == table}
    if table == "sops":
        found.add("staff")  # acknowledgements
    return found


def is_dsn(location: str | Path) -> bool:
    """Whether a --project/--database value names a database rather than a file."""
    text = str(location)
    return text.startswith(("postgresql://", "postgres://"))


def safe_location(dsn: str) -> str:
    """The DSN as shown to the user: without its password."""
    url = urlsplit(dsn)
    if url.scheme in ("postgresql", "postgres"):
        netloc = url.netloc
        if url.password is not None:
            netloc = netloc.replace(f":{url.password}@", "@", 1)
        query = "&".join(p for p in url.query.split("&") if not p.startswith("password="))
        return urlunsplit(url._replace(netloc=netloc, query=query))
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "postgresql://?"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host", "")).replace("/", "%2F")
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname', '')}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # psycopg says "connection failed: connection to server at ... failed: REASON".
    return lines[0] if lines else text


def connect(dsn: str, *, timeout: int = 10) -> psycopg.Connection:
    """A connection in autocommit mode (transactions are explicit), or DatabaseError."""
    location = safe_location(dsn)
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=timeout)
    except psycopg.Error as exc:
        raise DatabaseError(
            location, _("cannot connect to the database: {error}", error=_first_line(exc))
        ) from None


class _Sink(dict[str, Any]):
    """A table of the file layout that nobody reads: the database keeps the rows."""

    def __delitem__(self, key: str) -> None:
        self.pop(key, None)


class _NoFile(dict[str, Any]):
    """What `Transaction` writes file entries into; thrown away after each transaction."""

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = _Sink()
        return self[key]


def _dump(doc: Any) -> str:
    return orjson.dumps(doc).decode()


class PgStore(AuditedIds):
    """A project in a PostgreSQL database."""

    file_backed = False

    def __init__(
        self,
        dsn: str,
        actor: str,
        *,
        clock: Callable[[], datetime] = datetime.now,
        conn: psycopg.Connection | None = None,
        pool_size: int = 0,
    ) -> None:
        self.dsn = dsn
        self.actor = actor
        self.clock = clock
        self.location = safe_location(dsn)
        dbname = str(conninfo_to_dict(dsn).get("dbname") or "crmgov")
        # Where relative evidence paths resolve (the working folder); never written.
        self.path = Path.cwd() / dbname
        self._conn = conn
        # `crmgov serve` (many threads): a pool, so that a reader asking whether anything
        # changed never runs its query inside another thread's transaction.
        self._pool: Any = None
        if pool_size:
            from psycopg_pool import ConnectionPool

            self._pool = ConnectionPool(
                dsn, min_size=1, max_size=pool_size, open=False, timeout=30,
                kwargs={"autocommit": True, "connect_timeout": 10},
            )
        self._project: Project | None = None
        self._meta: dict[str, Any] = {}
        # The snapshot at audit head `_head`: the tables read in full so far, single
        # records fetched by `get`, id sets read for reference checks.
        self._tables: dict[str, dict[int, Record]] = {}
        self._some: dict[str, dict[int, Record]] = {}
        self._id_sets: dict[str, set[int]] = {}
        self._models = _LazyTables(self)
        self._max_ids: dict[str, int] = {}
        self._head = -1
        self._moved = False  # a read started a new snapshot: changed_on_disk until refresh
        self._txn_turn = threading.Lock()
        self._read_turn = threading.RLock()
        self._txn_thread: int | None = None
        self._txn_conn: psycopg.Connection | None = None
        self._pending_head = -1

    # ------------------------------------------------------------------- connection
    #: Seconds a connection may sit unused before it is asked whether it still lives.
    IDLE_CHECK = 5.0
    _used = 0.0

    def _db(self) -> psycopg.Connection:
        conn = self._conn
        if (conn is not None and not conn.closed
                and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
                and time.monotonic() - self._used > self.IDLE_CHECK):
            # The server may have ended an idle session (a restart, idle_session_timeout):
            # find out with one round trip and connect again, rather than fail the user's
            # next change with "the connection was lost" (the TUI sits idle for minutes).
            try:
                conn.execute("SELECT 1")
            except psycopg.OperationalError:
                conn.close()
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.dsn)
        self._used = time.monotonic()
        return self._conn

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection]:
        """A connection for one read or transaction: the pool's, else the store's own."""
        if self._pool is None:
            yield self._db()
            return
        if self._pool.closed:
            self._pool.open(wait=True, timeout=10)
        with self._pool.connection() as conn:
            yield conn

    def close(self) -> None:
        """Close the connection (a later use opens a new one)."""
        if self._pool is not None and not self._pool.closed:
            self._pool.close()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._watch_conn is not None:
            self._watch_conn.close()
            self._watch_conn = None

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Database failures as one line (exit 2); the transaction, if any, rolled back."""
        try:
            yield
        except psycopg.OperationalError as exc:
            self.close()
            raise DatabaseError(
                self.location,
                _("the connection to the database was lost ({error}); nothing was changed",
                  error=_first_line(exc)),
            ) from None
        except psycopg.Error as exc:
            raise DatabaseError(
                self.location, _("the database refused: {error}", error=_first_line(exc))
            ) from None

    def _check_schema(self, conn: psycopg.Connection) -> None:
        version = current_version(conn)
        if version is None:
            raise DatabaseNotProject(
                self.location,
                _("this database holds no crmgov project (create one with "
                  "`crmgov init --database DSN --name NAME`)"),
            )
        if version < DB_SCHEMA_VERSION:
            raise SchemaMismatch(
                self.location,
                _("the database has schema version {found}, this crmgov needs {needed}: "
                  "run `crmgov db upgrade`", found=version, needed=DB_SCHEMA_VERSION),
            )
        if version > DB_SCHEMA_VERSION:
            raise SchemaMismatch(
                self.location,
                _("the database has schema version {found}, newer than this crmgov reads "
                  "({needed}): upgrade crmgov", found=version, needed=DB_SCHEMA_VERSION),
            )

    # ----------------------------------------------------------------- creating, loading
    @classmethod
    def create(
        cls, dsn: str, project: Project, actor: str, **kwargs: Any
    ) -> PgStore:
        """Create the schema and an empty project; refuses a database that holds one."""
        store = cls(dsn, actor, **kwargs)
        conn = store._db()
        with store._errors():
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                if current_version(conn) is not None:
                    raise DatabaseNotProject(
                        store.location,
                        _("this database already holds a crmgov project; not overwriting it"),
                    )
            upgrade(conn)
            with conn.transaction():
                doc = project.model_dump(mode="json")
                conn.execute("INSERT INTO project (id, doc) VALUES (1, %s)", (_dump(doc),))
                seq = store._append(
                    conn, [store._event("project.create", PROJECT, 1, None, doc)]
                )
                meta = {"schema_version": migrations.SCHEMA_VERSION, "audit_seq": seq}
                conn.execute("INSERT INTO file_meta (id, doc) VALUES (1, %s)", (_dump(meta),))
        store.load()
        return store

    @property
    def loaded(self) -> bool:
        return self._project is not None

    def load(self) -> None:
        """Open the project: check the schema, read the project record and the
        bookkeeping (cheap at any size). Tables are read and validated when first asked
        for (`all`, `count`, `ids`, `get`), at the same snapshot: a read that finds another
        writer's commit since starts a new snapshot (and `changed_on_disk` says so)."""
        with self._errors(), self._connection() as conn:
            self._check_schema(conn)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self._reset(conn, self._head_seq(conn))
        self._moved = False

    def load_all(self) -> None:
        """Open the project and read and validate every table and every reference, as
        one snapshot (`crmgov db pull`: a damaged database is named, never copied)."""
        with self._errors(), self._connection() as conn:
            self._check_schema(conn)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self._reset(conn, self._head_seq(conn))
                data = {table: self._rows(conn, table) for table in RECORD_TABLES}
                data[PROJECT] = {"1": self._project.model_dump(mode="json")}  # type: ignore[union-attr]
                try:
                    _project, models = validate(data)
                except Invalid as exc:
                    raise DamagedProject(Path(self.location), str(exc)) from None
        self._tables = models
        self._moved = False

    def read_all(self) -> None:
        """Read and validate now every table not read yet (the TUI's worker thread, so
        that no screen waits for a table on the event loop)."""
        self._ensure()
        for _attempt in range(3):  # a writer's commit meanwhile forgets what it changed
            missing = [t for t in RECORD_TABLES if t not in self._tables]
            if not missing:
                return
            for table in missing:
                self._table(table)

    def _head_seq(self, conn: psycopg.Connection) -> int:
        row = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_events").fetchone()
        return int(row[0]) if row else 0

    def _reset(self, conn: psycopg.Connection, head: int) -> None:
        """Start a new snapshot at `head`: the project, the bookkeeping and each table's
        highest id read again; of the tables read so far, those that the audit events
        since the last snapshot name are forgotten (read again when asked)."""
        changed = self._changed_since(conn, head)
        got = conn.execute(
            "SELECT (SELECT doc::text FROM project WHERE id = 1), "
            "(SELECT doc::text FROM file_meta WHERE id = 1), "
            + ", ".join(f'(SELECT max(id) FROM "{t}")' for t in RECORD_TABLES)
        ).fetchone()
        if got is None or got[0] is None or got[1] is None:
            raise DatabaseNotProject(
                self.location, _("this database holds no crmgov project (its project row "
                                 "is missing)"),
            )
        try:
            project = Project.model_validate(orjson.loads(got[0]))
        except ValidationError as exc:
            problems = _("table '{table}': {problems}", table=PROJECT,
                         problems=describe(exc, [1]))
            raise DamagedProject(Path(self.location), problems) from None
        meta = orjson.loads(got[1])
        recorded = meta.get("last_ids", {}) if isinstance(meta, dict) else {}
        self._project, self._meta = project, meta
        self._max_ids = {
            table: max(int(highest or 0), int(recorded.get(table, 0)))
            for table, highest in zip(RECORD_TABLES, got[2:], strict=True)
        }
        if changed is None:
            self._tables, self._some, self._id_sets = {}, {}, {}
        else:
            for table in changed:
                for cache in (self._tables, self._some, self._id_sets):
                    cache.pop(table, None)
        self._head = head

    def _changed_since(self, conn: psycopg.Connection, head: int) -> set[str] | None:
        """The tables the audit events after this store's snapshot up to `head` name
        (every change is audited in its commit); None: anything may have changed."""
        if self._head < 0 or head < self._head:
            return None
        if head == self._head:
            return set()
        rows = conn.execute(
            "SELECT DISTINCT event->>'table' FROM audit_events WHERE seq > %s AND seq <= %s",
            (self._head, head),
        ).fetchall()
        return {str(table) for (table,) in rows}

    def _rows(self, conn: psycopg.Connection, table: str) -> dict[str, Any]:
        rows = conn.execute(f'SELECT id, doc::text FROM "{table}" ORDER BY id')
        return {str(i): orjson.loads(doc) for i, doc in rows}

    def _fetch(self, work: Callable[[psycopg.Connection], _T]) -> _T:
        """Run a read at the store's snapshot.

        Inside this thread's transaction: on its connection (it holds the writers' lock,
        so nothing moves). Otherwise in a read-only snapshot that first compares the
        audit head: when another writer committed since, a new snapshot starts (what
        was read is forgotten) and `changed_on_disk` reports it until `refresh`."""
        if self._txn_conn is not None and self._txn_thread == threading.get_ident():
            with self._errors():
                return work(self._txn_conn)
        # One connection of its own is not shared with another thread's transaction.
        turn = self._txn_turn if self._pool is None else contextlib.nullcontext()
        # The connection before the cache's lock: a transaction holding a pooled
        # connection takes that lock to apply its commit.
        with turn, self._errors(), self._connection() as conn, self._read_turn:
            if self._project is None:
                self._check_schema(conn)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                head = self._head_seq(conn)
                if head != self._head:
                    self._moved = self._project is not None
                    self._reset(conn, head)
                return work(conn)

    def _table(self, table: str) -> dict[int, Record]:
        """A table's models, read and validated on first use (their references checked
        against the ids of the tables they name)."""
        models = self._tables.get(table)
        if models is not None:
            return models
        if table not in RECORD_TABLES:
            raise KeyError(table)

        def read(conn: psycopg.Connection) -> dict[int, Record]:
            with no_gc():
                try:
                    models = validate_table(table, self._rows(conn, table))
                    targets = _targets(table)
                    known = {t: (models.keys() if t == table else self._ids_in(conn, t))
                             for t in targets}
                    problems = dangling_references(known, {table: models.values()})
                except Invalid as exc:
                    raise DamagedProject(Path(self.location), str(exc)) from None
            if problems:
                raise DamagedProject(Path(self.location), "; ".join(problems[:3]))
            self._tables[table] = models
            self._some.pop(table, None)
            return models

        return self._fetch(read)

    def _ids_in(self, conn: psycopg.Connection, table: str) -> AbstractSet[int]:
        if table in self._tables:
            return self._tables[table].keys()
        if table not in self._id_sets:
            rows = conn.execute(f'SELECT id FROM "{table}"').fetchall()
            self._id_sets[table] = {int(i) for (i,) in rows}
        return self._id_sets[table]

    def _ensure(self) -> None:
        if self._project is None:
            self.load()

    def refresh(self) -> bool:
        """Start a new snapshot if another writer committed since (one cheap query);
        whether one did.

        Safe beside another thread's transaction and reads (`crmgov serve`'s threads): the
        new snapshot is taken under the cache's lock, forgets only the tables the audit
        events since name (the issues the PM adds never make the quiz's tables be read
        again), and never runs while a transaction is open, whose writers' lock keeps
        every other commit out until its own lands (that one it applies itself)."""
        if self._project is None:
            self.load()
            return True
        if self._txn_thread is not None:
            return False  # its start reread what others committed; its end applies it
        before = self._head
        with self._errors(), self._connection() as conn:
            seen = self._head_seq(conn)
            if not self._moved and seen == before:
                return False
            with self._read_turn:
                if self._txn_thread is not None:
                    return False
                if self._head != before and self._head >= seen and not self._moved:
                    return True  # another thread took that snapshot meanwhile
                with conn.transaction():
                    conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    head = self._head_seq(conn)
                    if head != self._head:
                        self._check_schema(conn)
                        self._reset(conn, head)
                self._moved = False
        return True

    #: The connection `changed_on_disk` asks on (opened on first use, closed by close()).
    _watch_conn: psycopg.Connection | None = None

    def changed_on_disk(self) -> bool:
        """Whether another writer committed since this store read or wrote.

        Asked by a watcher in another thread (the TUI's, every few seconds) while a use
        case may hold a transaction open on the store's connection: so it asks on a
        connection of its own (or the pool's), never waiting for that transaction nor
        running its query inside it. A failure closes only that connection."""
        if self._project is None:
            return False
        if self._moved:
            return True
        if self._pool is not None:
            with self._errors(), self._connection() as conn:
                return self._head_seq(conn) != self._head
        try:
            if self._watch_conn is None or self._watch_conn.closed:
                self._watch_conn = connect(self.dsn)
            return self._head_seq(self._watch_conn) != self._head
        except psycopg.Error as exc:
            if self._watch_conn is not None:
                self._watch_conn.close()
                self._watch_conn = None
            raise DatabaseError(
                self.location, _("the connection to the database was lost ({error})",
                                 error=_first_line(exc)),
            ) from None

    def refresh_shared(self) -> bool:
        with self._txn_turn:
            return self.refresh()

    # ----------------------------------------------------------------------- reading
    @property
    def project(self) -> Project:
        self._ensure()
        assert self._project is not None
        return self._project

    def all(self, table: str) -> list[Any]:
        self._ensure()
        return list(self._table(table).values())

    def get(self, table: str, record_id: int) -> Any:
        """One record; a table not read yet is asked for that one row."""
        self._ensure()
        if table in self._tables:
            return self._tables[table][record_id]
        if table not in RECORD_TABLES:
            raise KeyError(table)
        some = self._some.get(table, {})
        if record_id in some:
            return some[record_id]

        def read(conn: psycopg.Connection) -> Any:
            row = conn.execute(
                f'SELECT doc::text FROM "{table}" WHERE id = %s', (record_id,)
            ).fetchone()
            if row is None:
                raise KeyError(record_id)
            try:
                model = validate_table(table, {str(record_id): orjson.loads(row[0])})
            except Invalid as exc:
                raise DamagedProject(Path(self.location), str(exc)) from None
            self._some.setdefault(table, {})[record_id] = model[record_id]
            return model[record_id]

        return self._fetch(read)

    def count(self, table: str) -> int:
        self._ensure()
        if table in self._tables:
            return len(self._tables[table])
        if table not in RECORD_TABLES:
            raise KeyError(table)

        def read(conn: psycopg.Connection) -> int:
            row = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            return int(row[0]) if row else 0

        return self._fetch(read)

    def ids(self, table: str) -> list[int]:
        self._ensure()
        if table in self._tables:
            return list(self._tables[table])
        if table not in RECORD_TABLES:
            raise KeyError(table)

        def read(conn: psycopg.Connection) -> list[int]:
            return [int(i) for (i,) in conn.execute(f'SELECT id FROM "{table}" ORDER BY id')]

        return self._fetch(read)

    def fields(
        self,
        table: str,
        names: Sequence[str],
        *,
        where: Mapping[str, Collection[str | None]] | None = None,
    ) -> list[tuple[Any, ...]]:
        """(id, *values) of each record whose `where` fields hold one of the given texts
        (None: the record lacks the field), in id order; each value as the record's JSON
        holds it (not validated: read from the table's columns, without building models)."""
        self._ensure()
        if table not in RECORD_TABLES:
            raise KeyError(table)
        columns = _COLUMNS.get(table, frozenset())
        # JSON (a json/jsonb column, or a field without a column) comes as its text and
        # is parsed here in one pass (psycopg's own JSON loader costs ~4 µs a value).
        picked = ", ".join(
            _RAW_COLUMNS[n] if n in _RAW_COLUMNS else _JSON_COLUMNS[n] if n in _JSON_COLUMNS
            else f'"{n}"' if n in columns else f"(doc->'{_name(n)}')::text" for n in names
        )
        parse = [i + 1 for i, n in enumerate(names)
                 if n not in _RAW_COLUMNS and (n in _JSON_COLUMNS or n not in columns)]
        query = f'SELECT id, {picked} FROM "{table}"'
        params: list[Any] = []
        if where:
            tests = []
            for name, values in where.items():
                column = f'"{name}"' if name in columns else f"doc->>'{_name(name)}'"
                texts = [v for v in values if v is not None]
                if len(texts) == len(values) == 1:  # `= ANY` would not use an index only
                    tests.append(f"{column} = %s")
                    params.append(texts[0])
                    continue
                test = f"{column} = ANY(%s)"
                if len(texts) < len(values):  # None: a record without the field
                    test = f"({test} OR {column} IS NULL)"
                tests.append(test)
                params.append(texts)
            query += " WHERE " + " AND ".join(tests)
        query += " ORDER BY id"

        def read(conn: psycopg.Connection) -> list[tuple[Any, ...]]:
            with no_gc(), conn.cursor(binary=True) as cur:  # 100k rows: see no_gc
                rows: list[tuple[Any, ...]] = cur.execute(query.encode(), params).fetchall()
                loads = orjson.loads
                for k in parse:
                    rows = [r if r[k] is None else (*r[:k], loads(r[k]), *r[k + 1:])
                            for r in rows]
            return rows

        return self._fetch(read)

    def stored_json(self, table: str, record_id: int) -> bytes:
        """A record's JSON as the file would store it (its document, without the id)."""
        return self.stored_json_many(table, [record_id])[0]

    def stored_json_many(self, table: str, record_ids: Sequence[int]) -> list[bytes]:
        """`stored_json` of many records at once (one query); KeyError for a missing one."""
        self._ensure()
        if table in self._tables:
            models = self._tables[table]
            return [orjson.dumps(models[i].model_dump(mode="json", exclude={"id"}))
                    for i in record_ids]
        if table not in RECORD_TABLES:
            raise KeyError(table)

        wanted = list(record_ids)

        def read(conn: psycopg.Connection) -> list[bytes]:
            with no_gc(), conn.cursor(binary=True) as cur:  # 66k rows: see no_gc
                found: dict[int, bytes] = dict(cur.execute(
                    f"SELECT id, convert_to(doc::text, 'UTF8') FROM \"{table}\" "
                    "WHERE id = ANY(%s::text::bigint[])",
                    # An array literal: psycopg would adapt 66k ints one by one (~4 µs).
                    ("{" + ",".join(map(str, wanted)) + "}",),
                ).fetchall())
            return [found[i] for i in wanted]

        return self._fetch(read)

    def _record(self, table: str, record_id: int) -> Record | None:
        """A record as the open transaction found it, or None (Transaction's checks)."""
        try:
            model: Record = self.get(table, record_id)
        except KeyError:
            return None
        return model

    def _record_ids(self, table: str) -> AbstractSet[int]:
        """A table's ids as the open transaction found them (Transaction's checks): a
        few lookups ask for those rows, many read the table's ids once."""
        if table in self._tables:
            return self._tables[table].keys()
        if table in self._id_sets:
            return self._id_sets[table]
        return _SqlIds(self, table)

    @property
    def audit_seq(self) -> int | None:
        self._ensure()
        value = self._meta.get("audit_seq")
        return value if isinstance(value, int) else None

    def audit_lines(self) -> Iterator[bytes]:
        """The audit trail as the lines of NAME.audit.jsonl, oldest first."""
        with (self._errors(), self._connection() as conn, conn.transaction(),
              conn.cursor(name="crmgov_audit") as cur):
            cur.execute("SELECT event::text FROM audit_events ORDER BY seq")
            for (text,) in cur:
                yield text.encode() + b"\n"

    def layout(self, table: str) -> Any:
        """Not for a database: callers ask `file_backed` first (the derived index files
        and byte layouts exist only for a project file)."""
        raise TypeError("a database has no file layout; check `file_backed` first")

    def export(self, path: Path) -> Path:
        """The project and its trail as a project file at `path` (see transfer.export)."""
        from crmgov.storage.postgres.transfer import export

        return export(self, path)

    # ----------------------------------------------------------------------- writing
    def _append(self, conn: psycopg.Connection, events: list[dict[str, Any]]) -> int:
        """Chain events onto the trail's head (the caller holds the writers' lock)."""
        row = conn.execute(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        seq, prev = (int(row[0]), str(row[1])) if row else (0, GENESIS)
        out = []
        for body in events:
            seq += 1
            event = {"seq": seq, **body, "prev_hash": prev}
            event["hash"] = event_hash(event)
            out.append((seq, prev, event["hash"], _dump(event)))
            prev = event["hash"]
        if out:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO audit_events (seq, prev_hash, hash, event) "
                    "VALUES (%s, %s, %s, %s)", out,
                )
        return seq

    @contextmanager
    def transaction(self, action: str) -> Iterator[Transaction]:
        """One database transaction for one use case: all its changes land, or none."""
        if self._txn_thread == threading.get_ident():
            raise RuntimeError("a transaction is already open on this store; they do not nest")
        with self._txn_turn:
            self._txn_thread = threading.get_ident()
            try:
                yield from self._transaction(action)
            finally:
                self._txn_thread = None

    def _transaction(self, action: str) -> Iterator[Transaction]:
        max_ids = dict(self._max_ids)
        with self._errors(), self._connection() as conn:
            try:
                with conn.transaction():
                    # Writers take turns on the project row: rules that span records
                    # (closing an issue, signing a gate) see every earlier commit.
                    conn.execute("SELECT 1 FROM project WHERE id = 1 FOR UPDATE")
                    head = self._head_seq(conn)
                    if self._project is None or head != self._head:
                        self._check_schema(conn)
                        with self._read_turn:
                            self._reset(conn, head)
                        max_ids = dict(self._max_ids)
                    self._txn_conn = conn
                    txn = Transaction(self, _NoFile(), action)
                    yield txn
                    txn.check_references()
                    if txn.events:
                        self._commit(conn, txn)
            except BaseException:
                self._max_ids = max_ids
                raise
            finally:
                self._txn_conn = None
        self._apply(txn)

    def _commit(self, conn: psycopg.Connection, txn: Transaction) -> None:
        with conn.cursor() as cur:
            for table, changes in txn.changed.items():
                gone = [(i,) for i, m in changes.items() if m is None]
                docs = txn.docs.get(table, {})  # dumped by the Transaction already
                kept = [
                    (i, _dump(docs[i] if i in docs else m.model_dump(mode="json", exclude={"id"})))
                    for i, m in changes.items() if m is not None
                ]
                if gone:
                    cur.executemany(f'DELETE FROM "{table}" WHERE id = %s', gone)
                if kept:
                    cur.executemany(
                        f'INSERT INTO "{table}" (id, doc) VALUES (%s, %s) '
                        "ON CONFLICT (id) DO UPDATE SET doc = EXCLUDED.doc", kept,
                    )
            if txn.new_project is not None:
                cur.execute(
                    "UPDATE project SET doc = %s WHERE id = 1",
                    (_dump(txn.new_project.model_dump(mode="json")),),
                )
        seq = self._append(conn, txn.events)
        txn.set_meta(audit_seq=seq, last_ids=dict(self._max_ids))
        conn.execute("UPDATE file_meta SET doc = %s WHERE id = 1", (_dump(txn.meta),))
        self._pending_head = seq

    def _apply(self, txn: Transaction) -> None:
        """The committed changes into what this store has read (the rest is read from
        the database when asked for, and finds them there)."""
        with self._read_turn:
            self._meta = txn.meta
            if txn.events:
                self._head = self._pending_head
            for table, changes in txn.changed.items():
                full = self._tables.get(table)
                cached = full if full is not None else self._some.setdefault(table, {})
                ids = self._id_sets.get(table)
                for record_id, model in changes.items():
                    if model is None:
                        cached.pop(record_id, None)
                        if ids is not None:
                            ids.discard(record_id)
                    else:
                        cached[record_id] = model
                        if ids is not None:
                            ids.add(record_id)
            if txn.new_project is not None:
                self._project = txn.new_project


class _SqlIds(AbstractSet[int]):
    """A table's ids, asked of the database one at a time for the first few lookups (a
    new issue names a handful), then read once (a bulk import names thousands)."""

    FEW = 32

    def __init__(self, store: PgStore, table: str) -> None:
        self._store, self._table, self._asked = store, table, 0

    def _all(self) -> AbstractSet[int]:
        store, table = self._store, self._table
        return store._fetch(lambda conn: store._ids_in(conn, table))

    def __contains__(self, record_id: object) -> bool:
        if not isinstance(record_id, int) or isinstance(record_id, bool):
            return False
        self._asked += 1
        if self._asked > self.FEW or self._table in self._store._id_sets:
            return record_id in self._all()
        query = f'SELECT 1 FROM "{self._table}" WHERE id = %s'
        return self._store._fetch(
            lambda conn: conn.execute(query.encode(), (record_id,)).fetchone() is not None
        )

    def __iter__(self) -> Iterator[int]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


class _LazyTables(Mapping[str, dict[int, Record]]):
    """`store._models` as Transaction reads it: a table's models, read when first asked."""

    def __init__(self, store: PgStore) -> None:
        self._store = store

    def __getitem__(self, table: str) -> dict[int, Record]:
        return self._store._table(table)

    def __iter__(self) -> Iterator[str]:
        return iter(RECORD_TABLES)

    def __len__(self) -> int:
        return len(RECORD_TABLES)


def upgrade_schema(store: PgStore) -> tuple[int | None, int]:
    """Run the migrations the store's database lacks; (version before, version now)."""
    with store._errors():
        return upgrade(store._db())
