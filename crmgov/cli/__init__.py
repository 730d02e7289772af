"""The `crmgov` command: a thin layer that parses arguments, calls a service and prints.

Each group of subcommands lives in its own module with a `register(subparsers, common)`
function; imports of services happen inside handlers so `crmgov --help` stays fast and
the TUI path does not pay for what it does not use.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from crmgov import __version__
from crmgov.cli import audit_cmds, issue_cmds, project_cmds, report_cmds
from crmgov.cli.common import EXIT_BAD_INPUT, CommandError, Context, add_global_options
from crmgov.i18n import _, set_language

#: Subcommand modules, in the order `--help` lists them.
COMMAND_MODULES = [project_cmds, audit_cmds, issue_cmds, report_cmds]


def _language_from_argv(argv: Sequence[str]) -> str | None:
    """--lang must act before the parser is built, so that --help is translated too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (global options are accepted before or after a subcommand)."""
    parser = argparse.ArgumentParser(
        prog="crmgov",
        description=_(
            "Keep a CRM implementation honest from rollout to handover: phases and gates, "
            "staff certification, the open-issue log, SOPs, data quality, the improvement "
            "plan and the handover documents. Without a command, opens the project in the TUI."
        ),
        epilog=_("Exit codes: 0 ok, 1 a check failed, 2 bad input."),
    )
    parser.add_argument("--version", action="version", version=f"crmgov {__version__}")
    add_global_options(parser, top_level=True)
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, top_level=False)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for module in COMMAND_MODULES:
        module.register(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `crmgov` script; returns the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(args_list)
    if lang in ("en", "zh"):
        set_language(lang)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    ctx = Context.from_args(args)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from crmgov.cli.tui_cmd import open_tui

            return open_tui(ctx)
        code = int(handler(args, ctx))
    except CommandError as exc:
        print(f"crmgov: {exc}", file=sys.stderr)
        return exc.exit_code
    except ValueError as exc:
        if not _is_refusal(exc):
            raise  # a bug: keep the traceback
        print(f"crmgov: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    if ctx.opened is not None:
        # Big projects: save the issue facts for the next command (after the output).
        from crmgov.services.issue_index import refresh_index_detached

        refresh_index_detached(ctx.opened)
    return code


#: Expected refusals raised below the CLI (already translated, one line each).
_REFUSALS = (
    ("crmgov.domain.issue_rules", "IssueRuleError"),
    ("crmgov.storage.transaction", "IntegrityError"),
)


def _is_refusal(exc: BaseException) -> bool:
    # Looked up in sys.modules rather than imported: a module that was never imported
    # cannot have raised, and `crmgov --help` must not pay for pydantic.
    for module, name in _REFUSALS:
        cls = getattr(sys.modules.get(module), name, None)
        if cls is not None and isinstance(exc, cls):
            return True
    return False


def run() -> None:
    """Console-script wrapper."""
    sys.exit(main())


__all__ = ["main", "build_parser", "EXIT_BAD_INPUT"]
