"""Moving a whole project, with its audit trail, between a file and a database.

`push` copies each record's JSON text and each audit line as they are in the file;
`pull` writes them back in the file's layout, so a round trip gives the same bytes (file
and trail) and `crmgov audit verify` passes on both sides. Either side is written whole
or not at all: the database in one transaction, the file after its trail, each by an
atomic replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import psycopg

from crmgov.i18n import _, os_reason
from crmgov.storage.atomic import dump_project, write_atomic
from crmgov.storage.audit_log import audit_path_for
from crmgov.storage.errors import DatabaseNotProject, ProjectExists, StoreError
from crmgov.storage.postgres.schema import SCHEMA_LOCK, current_version, upgrade
from crmgov.storage.postgres.store import PgStore
from crmgov.storage.store import ProjectStore
from crmgov.storage.tables import META, PROJECT, RECORD_TABLES
from crmgov.storage.validate import parse


def _trail_lines(path: Path) -> list[bytes]:
    """Complete lines of a trail (a torn last line never landed: it is left out)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    lines = raw.split(b"\n")
    return [line for line in lines[:-1] if line.strip()]


def push(path: Path, dsn: str, actor: str) -> PgStore:
    """Copy the project file at `path` and its trail into an empty database."""
    source = ProjectStore(path, actor)
    source.load()  # validates: a damaged file is named, never copied
    data = parse(source.path.read_bytes())
    lines = _trail_lines(source.audit.path)
    target = PgStore(dsn, actor)
    conn = target._db()
    with target._errors(), conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        if current_version(conn) is not None:
            raise DatabaseNotProject(
                target.location,
                _("this database already holds a crmgov project; not overwriting it"),
            )
        upgrade(conn)
        conn.execute("INSERT INTO file_meta (id, doc) VALUES (1, %s)",
                     (orjson.dumps(data[META]["1"]).decode(),))
        conn.execute("INSERT INTO project (id, doc) VALUES (1, %s)",
                     (orjson.dumps(data[PROJECT]["1"]).decode(),))
        with conn.cursor() as cur:
            for table in RECORD_TABLES:
                rows = data.get(table, {})
                if not rows:
                    continue
                with cur.copy(f'COPY "{table}" (id, doc) FROM STDIN') as copy:
                    for key, doc in rows.items():
                        copy.write_row((int(key), orjson.dumps(doc).decode()))
            with cur.copy("COPY audit_events (seq, prev_hash, hash, event) FROM STDIN") as copy:
                for line in lines:
                    event = orjson.loads(line)
                    copy.write_row((event["seq"], event["prev_hash"], event["hash"],
                                    line.decode()))
    # Statistics and visibility for the planner now, not when autovacuum gets to them:
    # the first listings read the issue columns by index (after the copy's commit:
    # VACUUM cannot run inside a transaction).
    with target._errors():
        for table in ("issues", "audit_events"):
            conn.execute(f'VACUUM (ANALYZE) "{table}"')
    target.load()
    return target


def export(store: PgStore, path: Path) -> Path:
    """Write the database's project and trail as a project file at `path` (and its
    NAME.audit.jsonl beside it); refuses to overwrite either. Returns the file's path."""
    path = path.expanduser().resolve()
    trail = audit_path_for(path)
    for existing in (path, trail):
        if existing.exists():
            raise ProjectExists(existing, _("a file already exists here; not overwriting it"))
    conn = store._db()
    data: dict[str, dict[str, Any]] = {}
    with store._errors(), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        store._check_schema(conn)
        for table, query in ((META, "SELECT 1, doc::text FROM file_meta"),
                             (PROJECT, "SELECT 1, doc::text FROM project")):
            data[table] = {str(i): orjson.loads(doc) for i, doc in conn.execute(query)}
        for table in RECORD_TABLES:
            rows = conn.execute(f'SELECT id, doc::text FROM "{table}" ORDER BY id')
            data[table] = {str(i): orjson.loads(doc) for i, doc in rows}
        lines = [text.encode() + b"\n" for (text,) in
                 conn.execute("SELECT event::text FROM audit_events ORDER BY seq")]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(trail, [b"".join(lines)])  # the trail first, as every writer does
        write_atomic(path, dump_project(data))
    except OSError as exc:
        raise StoreError(path, _("cannot write here ({error})", error=os_reason(exc))) from None
    return path


def pull(dsn: str, path: Path, actor: str) -> Path:
    """Copy a database's project and trail into a new project file at `path`."""
    store = PgStore(dsn, actor)
    store.load_all()  # validates every record and checks the schema version
    try:
        return export(store, path)
    except psycopg.Error as exc:  # pragma: no cover - _errors turns these into StoreError
        raise StoreError(path, str(exc)) from None
