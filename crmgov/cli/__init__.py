"""The `crmgov` command: a thin layer that parses arguments, calls a service and prints.

Each group of subcommands lives in its own module with a `register(subparsers, common)`
function; imports of services happen inside handlers so `crmgov --help` stays fast and
the TUI path does not pay for what it does not use.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from crmgov import __version__
from crmgov.cli.common import EXIT_BAD_INPUT, CommandError, Context, add_global_options
from crmgov.cli.parser import ArgumentParser
from crmgov.i18n import _, language, set_language
from crmgov.launch import command_word as _command_word

#: Subcommand modules (crmgov.cli.NAME), in the order `--help` lists them, with the
#: top-level commands each registers (tests/unit/test_cli_lazy.py holds this to what they
#: register). web after certification: `quiz invite` joins certification's `quiz` command.
#: A command line naming one command imports and registers only its modules: the others
#: cost ~0.25 s of every start (imports, and building their parsers).
COMMANDS: dict[str, tuple[str, ...]] = {
    "project": ("init", "demo", "status"),
    "audit": ("audit",),
    "issues": ("issue",),
    "phases": ("gate", "phase"),
    "sops": ("sop",),
    "certification": ("cert", "questions", "quiz"),
    "spotchecks": ("spotcheck",),
    "staff": ("staff", "training"),
    "quality": ("data",),
    "plan": ("plan", "owner"),
    "report": ("report",),
    "handover": ("handover",),
    "web": ("serve", "quiz"),
    "db": ("db",),
}
def command_modules(argv: Sequence[str] | None = None) -> list[ModuleType]:
    """The cli modules to register for `argv`: those of the command it names, else all
    (no command, --help, a misspelt one: the usage lists every command)."""
    word = None if argv is None else _command_word(argv)
    names = [name for name, commands in COMMANDS.items() if word in commands]
    return [importlib.import_module(f"crmgov.cli.{name}") for name in names or COMMANDS]


def _language_from_argv(argv: Sequence[str]) -> str | None:
    """--lang must act before the parser is built, so that --help is translated too."""
    return _option_from_argv(argv, "--lang")


def _option_from_argv(argv: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _project_language(argv: Sequence[str]) -> str | None:
    """The language of the project the command names (--project, $CRMGOV_PROJECT,
    ./crmgov.json), or None when there is none to read. Only asked when parsing stopped
    (a usage error or --help), so a good command never pays for an extra read."""
    from crmgov.config import resolve_project_path

    path = resolve_project_path(_option_from_argv(argv, "--project"))
    if not path.is_file():
        return None
    from crmgov.services.projects import open_project

    try:
        return str(open_project(path, "crmgov").project.language)
    except Exception:  # a damaged file: its command reports that; the usage stays English
        return None


def _parse(argv: list[str], explicit_language: bool) -> argparse.Namespace:
    """Parse `argv`; a usage error or --help comes out in the project's language when no
    --lang was given (argparse has printed nothing yet when the language is settled)."""
    if explicit_language:
        return build_parser(argv).parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return build_parser(argv).parse_args(argv)
    except SystemExit:
        lang = _project_language(argv)
        if lang in ("en", "zh") and lang != language():
            set_language(lang)
            return build_parser(argv).parse_args(argv)  # prints, then exits again
        sys.stdout.write(out.getvalue())
        sys.stderr.write(err.getvalue())
        raise


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser (global options are accepted before or after a subcommand):
    in full, or for `argv` only what its command needs (`command_modules`)."""
    parser = ArgumentParser(
        prog="crmgov",
        description=_(
            "Keep a CRM implementation honest from rollout to handover: phases and gates, "
            "staff certification, the open-issue log, SOPs, data quality, the improvement "
            "plan and the handover documents. Without a command, opens the project in the TUI."
        ),
        epilog=_("Exit codes: 0 ok, 1 a check failed, 2 bad input."),
    )
    parser.add_argument(
        "--version", action="version", version=f"crmgov {__version__}",
        help=_("show the version and exit"),
    )
    add_global_options(parser, top_level=True)
    common = ArgumentParser(add_help=False)
    add_global_options(common, top_level=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in command_modules(argv):
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code (what tests call)."""
    return dispatch(argv)[0]


def run() -> NoReturn:
    """The `crmgov` script: `main`, then for a big project the issue index is saved in a
    detached process (services.issues.index) for the next command."""
    code, ctx = dispatch(None)
    if ctx is not None and ctx.opened is not None and ctx.opened.file_backed:
        # (A database answers listings from its own tables: nothing to import for it.)
        from crmgov.services.issues.index import refresh_index_detached

        if refresh_index_detached(ctx.opened):
            # The detached process shares this one's memory copy-on-write; the usual
            # teardown would free 100k models and so copy every page (~0.3 s here).
            # Nothing else is left to clean up.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    sys.exit(code)


def dispatch(argv: Sequence[str] | None) -> tuple[int, Context | None]:
    """Parse and run; the exit code, and the context (None when parsing stopped)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(args_list)
    if lang in ("en", "zh"):
        set_language(lang)
    try:
        args = _parse(args_list, lang in ("en", "zh"))
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0), None
    ctx = Context.from_args(args)
    handler = getattr(args, "handler", None)
    try:
        ctx.check_database()
        if handler is None:
            from crmgov.cli.tui_cmd import open_tui

            return open_tui(ctx), ctx
        return int(handler(args, ctx)), ctx
    except CommandError as exc:
        print(f"crmgov: {exc}", file=sys.stderr)
        return exc.exit_code, ctx
    except ValueError as exc:
        if not _is_refusal(exc):
            raise  # a bug: keep the traceback
        print(f"crmgov: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT, ctx
    except BrokenPipeError:
        return 0, None
    except Exception as exc:
        # The store's expected failures (busy, unwritable, damaged trail) during a write.
        store_error = getattr(sys.modules.get("crmgov.storage.errors"), "StoreError", None)
        if store_error is None or not isinstance(exc, store_error):
            raise
        print(f"crmgov: {exc}", file=sys.stderr)
        return int(getattr(exc, "exit_code", EXIT_BAD_INPUT)), ctx
    except KeyboardInterrupt:
        return 130, ctx
    finally:
        _close(ctx.opened)


def _close(store: object) -> None:
    """End a database store's connection when its command is done (the server sees the
    session end cleanly; a later use would connect again). A file has nothing to close."""
    close = getattr(store, "close", None)
    if callable(close):
        close()


#: Expected refusals raised below the CLI (already translated, one line each).
_REFUSALS = (
    ("crmgov.domain.issues.rules", "IssueRuleError"),
    ("crmgov.storage.transaction", "IntegrityError"),
    ("crmgov.domain.phases.errors", "PhaseRuleError"),
    ("crmgov.domain.plan.rules", "PlanRuleError"),
    ("crmgov.domain.handover.review", "HandoverRuleError"),
    ("crmgov.services.spotchecks.plan", "SpotCheckError"),
    ("crmgov.services.handover.checklist", "HandoverChecklistError"),
    ("crmgov.domain.sops.rules", "SOPRuleError"),
)


def _is_refusal(exc: BaseException) -> bool:
    # Looked up in sys.modules rather than imported: a module that was never imported
    # cannot have raised, and `crmgov --help` must not pay for pydantic.
    for module, name in _REFUSALS:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


__all__ = ["main", "run", "build_parser", "EXIT_BAD_INPUT"]
