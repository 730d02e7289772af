"""`crmgov report NAME --format FMT [--out PATH]`: every report of services.reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context
from crmgov.i18n import _, os_reason


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from crmgov.services.reports import REPORT_KINDS

    report = sub.add_parser("report", parents=[common], help=_("render a report"))
    rsub = report.add_subparsers(dest="report_name", metavar=_("REPORT"), required=True)
    for kind in REPORT_KINDS:
        p = rsub.add_parser(kind.name, parents=[common], help=_(kind.help))
        p.add_argument(
            "--format", choices=list(kind.formats), default=kind.formats[0],
            help=_("output format"),
        )
        if kind.subject:
            p.add_argument("subject", nargs="?", metavar=kind.subject,
                           help=_("phase number as `phase list` shows it "
                                  "(default: the current phase)"))
        p.add_argument("--out", type=Path, metavar="PATH", help=_("write here instead of stdout"))
        p.set_defaults(handler=report_cmd)


def report_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.reports import render_report
    from crmgov.services.templates import ReportError

    store = ctx.open_store()
    try:
        output = render_report(store, args.report_name, args.format, now(),
                               subject=getattr(args, "subject", None))
    except ReportError as exc:
        raise CommandError(str(exc)) from None
    if args.out is None:
        if isinstance(output, bytes):
            raise CommandError(
                _("format {fmt} is a binary file: name it with --out PATH", fmt=args.format)
            )
        sys.stdout.write(output)
        return EXIT_OK
    try:
        if isinstance(output, bytes):
            args.out.write_bytes(output)
        else:
            args.out.write_text(output, encoding="utf-8")
    except OSError as exc:
        raise CommandError(
            _("cannot write {path}: {error}", path=args.out, error=os_reason(exc))
        ) from None
    print(_("wrote {path}", path=args.out))
    return EXIT_OK
