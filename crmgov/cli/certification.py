"""`crmgov cert verify|access-list` and `crmgov questions import|export`: certification
(上岗证) from the shell."""

from __future__ import annotations

import argparse
import csv
import io
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
    access.add_argument("--format", choices=("csv", "json"), default="csv",
                        help=_("csv (default, UTF-8 with BOM) or json"))
    access.add_argument("--out", type=Path, default=None, help=_("write to this file"))
    access.set_defaults(handler=access_cmd)

    questions = sub.add_parser("questions", parents=[common], help=_("the question bank"))
    qsub = questions.add_subparsers(dest="questions_command", metavar=_("COMMAND"),
                                    required=True)
    imp = qsub.add_parser("import", parents=[common],
                          help=_("import bank and quiz files (TOML); default: the shipped bank"))
    imp.add_argument("paths", nargs="*", type=Path, help=_("files or folders"))
    imp.set_defaults(handler=import_cmd)
    exp = qsub.add_parser("export", parents=[common], help=_("write the bank to a TOML file"))
    exp.add_argument("file", type=Path, help=_("the TOML file to write"))
    exp.set_defaults(handler=export_cmd)
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


def access_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import asdict

    from crmgov.config import now
    from crmgov.services.certification.roster import access_list

    store = ctx.open_store()
    result = access_list(store, now().date())
    if args.format == "json":
        data = {
            "as_of": result.as_of.isoformat(), "allowed": result.allowed,
            "people": [{**asdict(r), "state": str(r.state),
                        "valid_until": r.valid_until.isoformat() if r.valid_until else None}
                       for r in result.rows],
            "coverage": [{**asdict(c), "share": c.share} for c in result.coverage],
        }
        if args.out:
            import json

            args.out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            print_json(data)
        return EXIT_OK
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([_("Id"), _("Name"), _("Role"), _("Department"), _("Region"),
                     _("State"), _("May work in the CRM"), _("Certificate"), _("Valid until")])
    for r in result.rows:
        writer.writerow([r.staff_id, r.name, r.role, r.department, r.region, str(r.state),
                         "yes" if r.may_work else "no", r.certificate,
                         r.valid_until.isoformat() if r.valid_until else ""])
    if args.out:
        args.out.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    else:
        sys.stdout.write(buf.getvalue())
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
    return EXIT_OK


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
