"""`crmgov report issues|preventive --format md|html [--out PATH]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context
from crmgov.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", parents=[common], help=_("render a report"))
    rsub = report.add_subparsers(dest="report_name", metavar=_("REPORT"), required=True)
    for name, text in (
        ("issues", _("issue-status report: by urgency, owner, age, SLA state, recurring")),
        ("preventive", _("preventive-measures report: actions taken and fed back")),
    ):
        p = rsub.add_parser(name, parents=[common], help=text)
        p.add_argument("--format", choices=["md", "html"], default="md", help=_("output format"))
        p.add_argument("--out", type=Path, metavar="PATH", help=_("write here instead of stdout"))
        p.set_defaults(handler=report_cmd)


def report_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.reports import ReportError, render_report

    store = ctx.open_store()
    try:
        text = render_report(store, args.report_name, args.format, now())
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            _("cannot write {path}: {error}", path=args.out, error=exc.strerror)
        ) from None
    print(_("wrote {path}", path=args.out))
    return EXIT_OK
