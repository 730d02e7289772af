"""The one place that picks a backend: a path is a project file (ProjectStore), a
postgresql:// DSN a database (PgStore). Entry points (CLI, TUI, web) call this; services
receive the store and know it only as `storage.interface.Store`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from crmgov.domain.project import Project
from crmgov.i18n import _
from crmgov.storage.dsn import is_database, shown
from crmgov.storage.errors import DatabaseError
from crmgov.storage.interface import Store

__all__ = ["is_database", "check_database", "unloaded_store", "open_store", "create_store",
           "push_file", "pull_database", "upgrade_database"]


def check_database(dsn: str) -> str:
    """`dsn` if it is a database address libpq can read, else DatabaseError (one line,
    the address shown without its password, libpq's words left out: they quote it)."""
    if is_database(dsn):
        import psycopg
        from psycopg.conninfo import conninfo_to_dict

        try:
            conninfo_to_dict(dsn)
            return dsn
        except (psycopg.ProgrammingError, ValueError):
            pass
    raise DatabaseError(
        shown(dsn) if is_database(dsn) else dsn,
        _("not a database address: expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DB "
          "(a % or @ in the password written as %25 or %40)"),
    )


def unloaded_store(location: str | Path, actor: str) -> Store:
    """The store of a location, not read yet (the TUI loads it in a worker)."""
    if is_database(location):
        from crmgov.storage.postgres import PgStore

        return PgStore(check_database(str(location)), actor)
    from crmgov.storage.store import ProjectStore

    return ProjectStore(location, actor)


def open_store(
    location: str | Path,
    actor: str,
    *,
    clock: Callable[[], datetime] = datetime.now,
    shared: bool = False,
) -> Store:
    """Open and validate an existing project (raises StoreError subclasses).

    `shared`: many threads will use the store (`crmgov serve`): a database gets a
    connection pool instead of one connection."""
    store: Store
    if is_database(location):
        from crmgov.storage.postgres import PgStore

        store = PgStore(check_database(str(location)), actor, clock=clock,
                        pool_size=8 if shared else 0)
    else:
        from crmgov.storage.store import ProjectStore

        store = ProjectStore(location, actor, clock=clock)
    store.load()
    return store


def create_store(
    location: str | Path,
    project: Project,
    actor: str,
    *,
    clock: Callable[[], datetime] = datetime.now,
) -> Store:
    """Create a new project at a location (refuses one that holds a project)."""
    if is_database(location):
        from crmgov.storage.postgres import PgStore

        return PgStore.create(check_database(str(location)), project, actor, clock=clock)
    from crmgov.storage.store import ProjectStore

    return ProjectStore.create(location, project, actor, clock=clock)


def push_file(path: Path, dsn: str, actor: str) -> Store:
    """Copy a project file and its trail into an empty database (`crmgov db push`)."""
    from crmgov.storage.postgres.transfer import push

    return push(path, check_database(dsn), actor)


def pull_database(dsn: str, path: Path, actor: str) -> Path:
    """Copy a database's project and trail into a new file (`crmgov db pull`)."""
    from crmgov.storage.postgres.transfer import pull

    return pull(check_database(dsn), path, actor)


def upgrade_database(dsn: str) -> tuple[int | None, int]:
    """Apply the schema migrations a database lacks (`crmgov db upgrade`): (from, to).

    Refuses a database with no crmgov schema at all: upgrading it made the tables
    without a project, and `init` and `db push` then refused it as holding one."""
    import psycopg

    from crmgov.storage.errors import DatabaseNotProject
    from crmgov.storage.postgres.schema import current_version
    from crmgov.storage.postgres.store import PgStore, connect, upgrade_schema

    store = PgStore(check_database(dsn), "crmgov")
    try:
        with connect(dsn) as conn:
            empty = current_version(conn) is None
    except psycopg.Error:
        empty = False  # upgrade_schema reports it, in its words
    if empty:
        raise DatabaseNotProject(
            store.location,
            _("this database holds no crmgov project: nothing to upgrade (create one with "
              "`crmgov init --database DSN --name NAME` or `crmgov db push FILE DSN`)"),
        )
    try:
        return upgrade_schema(store)
    finally:
        store.close()
