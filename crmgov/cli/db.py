"""`crmgov db`: the PostgreSQL backend's schema, and moving a project between a file and a
database (README "Working as a team")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context
from crmgov.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser(
        "db", parents=[common], help=_("a project in PostgreSQL: schema, push and pull"),
        description=_("A project can live in a PostgreSQL database instead of a file, for a "
                      "team (README \"Working as a team\"): push copies a file and its "
                      "audit trail into an empty database, pull copies a database into a "
                      "new file, upgrade applies this crmgov's schema migrations. Give the "
                      "password through ~/.pgpass or $PGPASSWORD; crmgov never prints it."),
    )
    db_sub = db.add_subparsers(dest="db_command", metavar=_("ACTION"), required=True)
    upgrade = db_sub.add_parser(
        "upgrade", parents=[common],
        help=_("bring the database's schema up to this crmgov's (--database DSN)"),
        description=_("Run after upgrading crmgov, on the database that --database (or "
                      "$CRMGOV_DATABASE) names: applies the migrations it lacks, once, "
                      "even when two run at once."),
    )
    upgrade.set_defaults(handler=upgrade_cmd)
    push = db_sub.add_parser(
        "push", parents=[common],
        help=_("copy a project file and its audit trail into an empty database"),
    )
    push.add_argument("file", metavar="FILE", type=Path, help=_("the project file"))
    push.add_argument("dsn", metavar="DSN", help=_("postgresql://USER@HOST/DB"))
    push.set_defaults(handler=push_cmd)
    pull = db_sub.add_parser(
        "pull", parents=[common],
        help=_("copy a database's project and audit trail into a new project file"),
    )
    pull.add_argument("dsn", metavar="DSN", help=_("postgresql://USER@HOST/DB"))
    pull.add_argument("file", metavar="FILE", type=Path,
                      help=_("the new project file (its audit trail is written beside it)"))
    pull.set_defaults(handler=pull_cmd)


def _dsn(text: str | None) -> str:
    from crmgov.storage.open import is_database

    if not text:
        raise CommandError(_("which database? Give --database DSN (or set "
                             "$CRMGOV_DATABASE)"))
    if not is_database(text):
        raise CommandError(_("not a database: {dsn!r} (expected postgresql://USER@HOST/DB)",
                             dsn=text or ""))
    return text


def upgrade_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.projects import upgrade_database_schema
    from crmgov.storage.errors import StoreError

    dsn = _dsn(ctx.settings.database)
    try:
        before, after = upgrade_database_schema(dsn)
    except StoreError as exc:
        raise CommandError(str(exc), exc.exit_code) from None
    if before == after:
        print(_("schema version {version}: already up to date", version=after))
    else:
        print(_("schema upgraded from version {before} to {after}", before=before or 0,
                after=after))
    return EXIT_OK


def push_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.projects import push_project
    from crmgov.storage.errors import StoreError

    try:
        store = push_project(args.file, _dsn(args.dsn), ctx.settings.actor)
    except StoreError as exc:
        raise CommandError(str(exc), exc.exit_code) from None
    ctx.opened = store  # its connection is closed when the command is done
    print(_("pushed {file} to {dsn} (audit event {seq})", file=args.file,
            dsn=store.location, seq=store.audit_seq))
    return EXIT_OK


def pull_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.projects import pull_project
    from crmgov.storage.errors import StoreError

    try:
        path = pull_project(_dsn(args.dsn), args.file, ctx.settings.actor)
    except StoreError as exc:
        raise CommandError(str(exc), exc.exit_code) from None
    print(_("pulled into {file}", file=path))
    return EXIT_OK
