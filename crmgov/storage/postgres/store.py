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

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict

from crmgov.domain.audit import GENESIS, event_hash
from crmgov.domain.base import Record
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
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES
from crmgov.storage.transaction import Transaction
from crmgov.storage.validate import Invalid, no_gc, validate


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


class PgStore:
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
        self._models: dict[str, dict[int, Record]] = {}
        self._max_ids: dict[str, int] = {}
        self._head = -1
        self._txn_turn = threading.Lock()
        self._txn_thread: int | None = None

    # ------------------------------------------------------------------- connection
    def _db(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = connect(self.dsn)
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
                  "`crmgov init --database DSN`)"),
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
        """Read and validate the whole project, as one consistent snapshot."""
        with self._errors(), self._connection() as conn:
            self._check_schema(conn)
            with conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                self._read(conn)

    def _head_seq(self, conn: psycopg.Connection) -> int:
        row = conn.execute("SELECT coalesce(max(seq), 0) FROM audit_events").fetchone()
        return int(row[0]) if row else 0

    def _read(self, conn: psycopg.Connection) -> None:
        head = self._head_seq(conn)
        project = conn.execute("SELECT doc::text FROM project WHERE id = 1").fetchone()
        meta = conn.execute("SELECT doc::text FROM file_meta WHERE id = 1").fetchone()
        if project is None or meta is None:
            raise DatabaseNotProject(
                self.location, _("this database holds no crmgov project (its project row "
                                 "is missing)"),
            )
        data: dict[str, dict[str, Any]] = {
            META: {"1": orjson.loads(meta[0])},
            PROJECT: {"1": orjson.loads(project[0])},
        }
        with no_gc():
            for table in RECORD_TABLES:
                rows = conn.execute(f'SELECT id, doc::text FROM "{table}" ORDER BY id')
                data[table] = {str(i): orjson.loads(doc) for i, doc in rows}
            try:
                project_model, models = validate(data)
            except Invalid as exc:
                raise DamagedProject(Path(self.location), str(exc)) from None
        self._project, self._models = project_model, models
        self._meta = data[META]["1"]
        recorded = self._meta.get("last_ids", {})
        self._max_ids = {
            table: max(max(rows, default=0), int(recorded.get(table, 0)))
            for table, rows in models.items()
        }
        self._head = head

    def _ensure(self) -> None:
        if self._project is None:
            self.load()

    def refresh(self) -> bool:
        """Reread if another writer committed since (one cheap query); whether it did."""
        if self._project is not None:
            with self._errors(), self._connection() as conn:
                if self._head_seq(conn) == self._head:
                    return False
        self.load()
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
        return list(self._models[table].values())

    def get(self, table: str, record_id: int) -> Any:
        self._ensure()
        return self._models[table][record_id]

    def count(self, table: str) -> int:
        self._ensure()
        return len(self._models[table])

    def ids(self, table: str) -> list[int]:
        self._ensure()
        return list(self._models[table])

    def stored_json(self, table: str, record_id: int) -> bytes:
        """A record's JSON as the file would store it (its document, without the id)."""
        model = self.get(table, record_id)
        return orjson.dumps(model.model_dump(mode="json", exclude={"id"}))

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
                    if self._project is None or self._head_seq(conn) != self._head:
                        self._check_schema(conn)
                        self._read(conn)
                        max_ids = dict(self._max_ids)
                    txn = Transaction(self, _NoFile(), action)
                    yield txn
                    txn.check_references()
                    if txn.events:
                        self._commit(conn, txn)
            except BaseException:
                self._max_ids = max_ids
                raise
        self._apply(txn)

    def _commit(self, conn: psycopg.Connection, txn: Transaction) -> None:
        with conn.cursor() as cur:
            for table, changes in txn.changed.items():
                gone = [(i,) for i, m in changes.items() if m is None]
                kept = [
                    (i, _dump(m.model_dump(mode="json", exclude={"id"})))
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
        self._meta = txn.meta
        if txn.events:
            self._head = self._pending_head
        for table, changes in txn.changed.items():
            models = self._models[table]
            for record_id, model in changes.items():
                if model is None:
                    models.pop(record_id, None)
                else:
                    models[record_id] = model
        if txn.new_project is not None:
            self._project = txn.new_project


def upgrade_schema(store: PgStore) -> tuple[int | None, int]:
    """Run the migrations the store's database lacks; (version before, version now)."""
    with store._errors():
        return upgrade(store._db())
