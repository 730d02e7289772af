"""`crmgov audit verify`."""

from __future__ import annotations

import argparse
from typing import Any

from crmgov.cli.common import EXIT_CHECK_FAILED, EXIT_OK, Context, print_json
from crmgov.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("audit", parents=[common], help=_("the tamper-evident audit trail"))
    audit_sub = audit.add_subparsers(dest="audit_command", metavar=_("ACTION"), required=True)
    verify = audit_sub.add_parser(
        "verify", parents=[common],
        help=_("check every link of the audit trail; exit 1 at the first broken one"),
    )
    verify.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    verify.set_defaults(handler=verify_cmd)


def verify_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.audit import verify_trail

    report = verify_trail(ctx.settings.project_path)
    if args.json:
        print_json({
            "file": str(report.path),
            "events": report.events,
            "ok": report.ok,
            "broken_at_line": report.broken.line if report.broken else None,
            "reason": report.broken.reason if report.broken else None,
            "torn_line": report.torn_line,
        })
    elif report.broken:
        print(_("{file}: broken at line {line}: {reason} ({events} event(s) verified before it)",
                file=report.path, line=report.broken.line, reason=report.broken.reason,
                events=report.events))
    else:
        print(_("{file}: {events} event(s), chain intact", file=report.path, events=report.events))
    if report.torn_line is not None and not args.json:
        print(_("line {line} is an incomplete write that was interrupted; the next change "
                "removes it", line=report.torn_line))
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED
