"""What every subcommand shares: global options, the store, errors, output."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmgov.config import Settings, now, resolve_actor, resolve_database, resolve_project_path
from crmgov.i18n import _, language, set_language

if TYPE_CHECKING:
    from crmgov.services.issues.index import IndexedProject
    from crmgov.storage.interface import Store

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """An expected failure, printed as one line; never a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_global_options(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    """--project, --as and --lang, valid before or after the subcommand."""
    # In subcommand parsers the default must not overwrite a value given before it.
    default: Any = None if top_level else argparse.SUPPRESS
    parser.add_argument(
        "--project",
        metavar="PATH",
        default=default,
        help=_("project file (default: $CRMGOV_PROJECT, else ./crmgov.json); wins over "
               "$CRMGOV_DATABASE"),
    )
    parser.add_argument(
        "--database",
        metavar="DSN",
        default=default,
        help=_("a project in PostgreSQL, postgresql://USER@HOST/DB (default: "
               "$CRMGOV_DATABASE; the password from ~/.pgpass or $PGPASSWORD); see README "
               "\"Working as a team\""),
    )
    parser.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        default=default,
        help=_("who is acting, for the audit trail (default: $CRMGOV_USER, else the OS user)"),
    )
    parser.add_argument(
        "--lang",
        choices=["en", "zh"],
        default=default,
        help=_("language of output (default: the project's language)"),
    )


@dataclass
class Context:
    """Resolved global options."""

    settings: Settings
    opened: Store | None = None
    """The store a command opened, if any (its issue index is refreshed after the command)."""

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(
            Settings(
                project_path=resolve_project_path(getattr(args, "project", None)),
                actor=resolve_actor(getattr(args, "actor", None)),
                database=resolve_database(
                    getattr(args, "database", None), getattr(args, "project", None)
                ),
                language=getattr(args, "lang", None),
            )
        )

    def check_database(self) -> None:
        """--database (or $CRMGOV_DATABASE) must be a postgresql:// address: a file name
        there would otherwise be opened, or created, as a project file. The value is not
        repeated (a key=value string may hold a password)."""
        from crmgov.storage.dsn import is_database

        if self.settings.database is not None and not is_database(self.settings.database):
            raise CommandError(_("--database (or $CRMGOV_DATABASE) is not a database address: "
                                 "expected postgresql://USER@HOST/DB (a project file is "
                                 "--project PATH)"))

    def open_store(self, path: Path | None = None, *, shared: bool = False) -> Store:
        """Open and validate the project; the project language applies unless --lang."""
        from crmgov.services.actor import ActorError, check_actor
        from crmgov.services.projects import open_project
        from crmgov.storage.errors import StoreError

        try:  # the same check as the TUI's "who am I" switch (services.actor)
            check_actor(self.settings.actor)
        except ActorError as exc:
            raise CommandError(_("--as: {reason}", reason=exc)) from None

        try:
            store = open_project(
                path or self.settings.location, self.settings.actor, clock=now, shared=shared
            )
        except StoreError as exc:
            raise CommandError(str(exc), exc.exit_code) from None
        if self.settings.language is None:
            set_language(str(store.project.language))
        self.opened = store
        return store

    def open_indexed(self) -> IndexedProject | None:
        """The project through its issue index (services.issues.index), or None: then
        `open_store` reads it in full and reports any problem with the file."""
        if self.settings.database:
            return None  # a database answers from its own tables
        from crmgov.services.issues.index import open_indexed

        indexed = open_indexed(self.settings.project_path, self.settings.actor)
        if indexed is not None and self.settings.language is None:
            set_language(str(indexed.project.language))
        return indexed


def print_json(data: Any) -> None:
    """JSON on stdout: UTF-8, Chinese unescaped, stable key order."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_fields(rows: list[tuple[str, str]]) -> None:
    """Aligned "label  value" lines (CJK-aware); rows with an empty value are skipped."""
    from crmgov.textwidth import cell_len, fit, visible

    width = max((cell_len(label) for label, _value in rows), default=0)
    for label, value in rows:
        if value:
            # Stored text may hold escape sequences (a hand-edited file): show, never run.
            print(f"{fit(label, width)}  {visible(value, multiline=True)}")


def percent(value: float) -> str:
    """0.8734 → "87%"."""
    return f"{value * 100:.0f}%"


__all__ = [
    "CommandError",
    "Context",
    "EXIT_OK",
    "EXIT_CHECK_FAILED",
    "EXIT_BAD_INPUT",
    "add_global_options",
    "print_json",
    "percent",
    "language",
    "_",
]
