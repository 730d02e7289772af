"""`crmgov cert verify|access-list` and `crmgov questions import|export`: certification
(上岗证) from the shell."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context, print_json
from crmgov.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    cert = sub.add_parser("cert", parents=[common], help=_("certificates (上岗证)"))
    csub = cert.add_subparsers(dest="cert_command", metavar=_("COMMAND"), required=True)
    verify = csub.add_parser("verify", parents=[common],
                             help=_("check a verification code: exit 0 valid, 1 not"))
    verify.add_argument("code", help=_("the code printed on the certificate"))
    verify.set_defaults(handler=verify_cmd)
    access = csub.add_parser("access-list", parents=[common],
                             help=_("who may work in the CRM, with coverage"))
    access.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv",
                        help=_("csv (default, UTF-8 with BOM), xlsx or json"))
    access.add_argument("--out", type=Path, default=None, help=_("write to this file"))
    access.set_defaults(handler=access_cmd)
    revoke = csub.add_parser("revoke", parents=[common],
                             help=_("withdraw a certificate (a reason is required)"))
    revoke.add_argument("ref", metavar="NUMBER|CODE|ID", help=_("the certificate"))
    revoke.add_argument("--reason", required=True, help=_("why, e.g. a failed spot check"))
    revoke.set_defaults(handler=revoke_cmd)
    show = csub.add_parser("print", parents=[common],
                           help=_("the printable certificate (md or html)"))
    show.add_argument("ref", metavar="NUMBER|CODE|ID", help=_("the certificate"))
    show.add_argument("--format", choices=("md", "html"), default="md", help=_("md or html"))
    show.add_argument("--out", type=Path, default=None, help=_("write to this file"))
    show.set_defaults(handler=print_cmd)
    remind = csub.add_parser("reminders", parents=[common],
                             help=_("certificates expiring within 30 or 7 days"))
    remind.set_defaults(handler=reminders_cmd)

    questions = sub.add_parser("questions", parents=[common], help=_("the question bank"))
    qsub = questions.add_subparsers(dest="questions_command", metavar=_("COMMAND"),
                                    required=True)
    imp = qsub.add_parser("import", parents=[common], help=_(
        "import bank files (TOML, XLSX or CSV) and quiz files; default: the shipped bank"))
    imp.add_argument("paths", nargs="*", type=Path, help=_("files or folders"))
    imp.set_defaults(handler=import_cmd)
    exp = qsub.add_parser("export", parents=[common],
                          help=_("write the bank to a .toml, .xlsx or .csv file"))
    exp.add_argument("file", type=Path, help=_("the file to write"))
    exp.set_defaults(handler=export_cmd)
    lint = qsub.add_parser("lint", parents=[common],
                           help=_("check bank files: exit 0 clean, 1 findings, 2 unreadable"))
    lint.add_argument("paths", nargs="*", type=Path, help=_("files or folders"))
    lint.add_argument("--no-project", action="store_true",
                      help=_("check the files alone (no SOP or pass-rate checks)"))
    lint.set_defaults(handler=lint_cmd)
    register_quiz(sub, common)


def verify_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.certificates import verify_code

    store = ctx.open_store()
    cert = verify_code(store, args.code, now().date())
    if cert is None:
        print(_("not valid: no current certificate has this code"))
        return 1
    holder = store.get("staff", cert.staff_id).name
    print(_("valid: {number}, {holder}, until {until}", number=cert.number, holder=holder,
            until=cert.expires_on.isoformat() if cert.expires_on else "-"))
    return EXIT_OK


def revoke_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.certificates import revoke
    from crmgov.services.certification.errors import CertificationError

    store = ctx.open_store()
    try:
        cert = revoke(store, args.ref, args.reason, now().date())
    except CertificationError as exc:
        raise CommandError(str(exc), 2) from None
    print(_("certificate {number} revoked", number=cert.number or cert.id))
    return EXIT_OK


def print_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.document import certificate_document
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.templates import ReportError

    store = ctx.open_store()
    try:
        text = certificate_document(store, args.ref, args.format, now().date(), now())
    except (CertificationError, ReportError) as exc:
        raise CommandError(str(exc), 2) from None
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(args.out)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def reminders_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.certificates import reminders

    store = ctx.open_store()
    for cert, due in reminders(store, now().date()):
        holder = store.get("staff", cert.staff_id).name
        print(_("{days}-day reminder: {holder}, {number}, expires {until}", days=due,
                holder=holder, number=cert.number, until=cert.expires_on))
    return EXIT_OK


def access_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.roster import access_list, access_sheet

    store = ctx.open_store()
    result = access_list(store, now().date())
    if args.format == "json":
        data = {
            "as_of": result.as_of.isoformat(), "allowed": result.allowed,
            # vars(), not asdict(): asdict deep-copies every row (slow at 5,000 people).
            "people": [{**vars(r), "state": str(r.state),
                        "valid_until": r.valid_until.isoformat() if r.valid_until else None}
                       for r in result.rows],
            "coverage": [{**vars(c), "share": c.share} for c in result.coverage],
        }
        if args.out:
            import json

            args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            print_json(data)
        return EXIT_OK
    header, rows = access_sheet(result)
    if args.format == "xlsx" or args.out:
        from crmgov.services.sheets import SheetRejected, write_sheet

        out = args.out or Path("access-list.xlsx")
        if args.format == "xlsx" and out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        try:
            write_sheet(out, header, rows, _("Access list"))
        except SheetRejected as exc:
            raise CommandError(str(exc), 2) from None
        print(out)
        return EXIT_OK
    from crmgov.services.sheets import csv_text

    # Names come from HR: neutralised like every CSV the product writes (issue 22).
    sys.stdout.write(csv_text(header, rows))
    return EXIT_OK


def import_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.bank import import_bank
    from crmgov.services.certification.bankfiles import BankFileError, shipped_dir

    store = ctx.open_store()
    try:
        report = import_bank(store, list(args.paths) or [shipped_dir()], now().date())
    except BankFileError as exc:
        raise CommandError(str(exc), 2) from None
    print(_("{added} added, {revised} revised, {unchanged} unchanged; quizzes: {quizzes}",
            added=len(report.added), revised=len(report.revised), unchanged=report.unchanged,
            quizzes=len(report.quizzes_added) + len(report.quizzes_updated)))
    for line in report.missing_sop_lines():
        print(_("warning: {problem}", problem=line), file=sys.stderr)
    return EXIT_OK


def lint_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.bankfiles import BankFileError, shipped_dir
    from crmgov.services.certification.lint import lint_bank

    store = None if args.no_project else ctx.open_store()
    try:
        findings = lint_bank(list(args.paths) or [shipped_dir()], store)
    except BankFileError as exc:
        raise CommandError(str(exc), 2) from None
    for line in findings:
        print(line)
    return 1 if findings else EXIT_OK


def export_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.bank import export_bank

    store = ctx.open_store()
    count = export_bank(store, args.file)
    print(_("{count} question(s) written to {path}", count=count, path=args.file))
    return EXIT_OK


def register_quiz(sub: Any, common: argparse.ArgumentParser) -> None:
    quiz = sub.add_parser("quiz", parents=[common],
                          help=_("take the certification quiz (a kiosk: only the quiz)"))
    quiz.add_argument("--staff", required=True, metavar="NAME|ID",
                      help=_("who takes it: name, id or HR number"))
    quiz.add_argument("--quiz", default=None, metavar="Q",
                      help=_("quiz code (default: the one for the person's role)"))
    quiz.set_defaults(handler=quiz_cmd)


def quiz_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.i18n import language
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.lookup import find_staff, get_quiz

    store = ctx.open_store()
    try:
        person = find_staff(store, args.staff)
        if args.quiz:
            get_quiz(store, args.quiz)
    except CertificationError as exc:
        raise CommandError(str(exc), 2) from None
    # textual only here: the other commands never pay for it.
    from crmgov.tui.certification.kiosk import make_kiosk

    app = make_kiosk(store, person.id, args.quiz, now, language())
    return int(app.run() or EXIT_OK)
