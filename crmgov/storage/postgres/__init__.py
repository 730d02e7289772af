"""The PostgreSQL backend (issue 23): one project in one database, for a team."""

from crmgov.storage.postgres.store import PgStore, is_dsn

__all__ = ["PgStore", "is_dsn"]
