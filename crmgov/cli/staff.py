"""`crmgov staff add|edit|leave|list|import|export` and `crmgov training add|attend|list`:
the certification area's people and their training, from the shell."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context, print_json
from crmgov.i18n import _

ROLES = ("project_manager", "consultant", "internal_owner", "new_hire", "veteran",
         "sales_assistant", "auditor")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (use YYYY-MM-DD): {text}", text=text)
                                         ) from None


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    staff = sub.add_parser("staff", parents=[common], help=_("the staff list"))
    ssub = staff.add_subparsers(dest="staff_command", metavar=_("COMMAND"), required=True)

    def person_args(p: argparse.ArgumentParser, *, new: bool) -> None:
        p.add_argument("--name", required=new, default=None, help=_("full name"))
        p.add_argument("--role", required=new, default=None, metavar="ROLE",
                       help=_("one of: {roles}", roles=", ".join(ROLES)))
        p.add_argument("--department", default=None, help=_("department"))
        p.add_argument("--region", default=None, help=_("region"))
        p.add_argument("--hire-date", type=_day, default=None, metavar="YYYY-MM-DD",
                       help=_("hiring date"))
        p.add_argument("--employee-no", default=None, help=_("HR number"))
        p.add_argument("--email", default=None, help=_("work e-mail"))

    add = ssub.add_parser("add", parents=[common], help=_("add a person; prints the id"))
    person_args(add, new=True)
    add.set_defaults(handler=add_cmd)
    edit = ssub.add_parser("edit", parents=[common], help=_("change a person's details"))
    edit.add_argument("who", metavar="NAME|ID", help=_("name, id or HR number"))
    person_args(edit, new=False)
    edit.set_defaults(handler=edit_cmd)
    leave = ssub.add_parser("leave", parents=[common],
                            help=_("record that a person left (history is kept)"))
    leave.add_argument("who", metavar="NAME|ID", help=_("name, id or HR number"))
    leave.add_argument("--on", type=_day, default=None, metavar="YYYY-MM-DD",
                       help=_("the day they left (default: today)"))
    leave.set_defaults(handler=leave_cmd)
    lst = ssub.add_parser("list", parents=[common], help=_("everyone and their certificate"))
    lst.add_argument("--state", default=None, metavar="STATE",
                     help=_("only this state: certified, expiring, recert_due, expired, "
                            "revoked, not_certified, not_required"))
    lst.add_argument("--active", action="store_true", help=_("only people still here"))
    lst.add_argument("--json", action="store_true", help=_("print JSON"))
    lst.set_defaults(handler=list_cmd)
    imp = ssub.add_parser("import", parents=[common],
                          help=_("import an HR sheet (.csv/.xlsx); all rows checked first"))
    imp.add_argument("file", type=Path, help=_("the .csv or .xlsx file"))
    imp.set_defaults(handler=import_cmd)
    exp = ssub.add_parser("export", parents=[common], help=_("write everyone to .csv/.xlsx"))
    exp.add_argument("file", type=Path, help=_("the .csv or .xlsx file"))
    exp.set_defaults(handler=export_cmd)

    training = sub.add_parser("training", parents=[common],
                              help=_("training sessions and attendance"))
    tsub = training.add_subparsers(dest="training_command", metavar=_("COMMAND"),
                                   required=True)
    tadd = tsub.add_parser("add", parents=[common], help=_("record a session; prints its id"))
    tadd.add_argument("--topic", required=True, help=_("training topic quizzes require"))
    tadd.add_argument("--on", type=_day, required=True, metavar="YYYY-MM-DD",
                      help=_("date held"))
    tadd.add_argument("--trainer", required=True, help=_("who trained"))
    tadd.add_argument("--title", default="", help=_("what was taught"))
    tadd.add_argument("--sop", action="append", default=[], metavar="CODE",
                      help=_("an SOP covered (repeat)"))
    tadd.add_argument("--attendee", action="append", default=[], metavar="NAME|ID",
                      help=_("who attended (repeat)"))
    tadd.set_defaults(handler=training_add_cmd)
    attend = tsub.add_parser("attend", parents=[common], help=_("add attendees to a session"))
    attend.add_argument("session", type=int, help=_("session id"))
    attend.add_argument("who", nargs="+", metavar="NAME|ID", help=_("who attended"))
    attend.set_defaults(handler=training_attend_cmd)
    tlist = tsub.add_parser("list", parents=[common], help=_("every session"))
    tlist.set_defaults(handler=training_list_cmd)


def _fail(exc: Exception) -> CommandError:
    return CommandError(str(exc), 2)


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    names = ("name", "role", "department", "region", "hire_date", "employee_no", "email")
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def add_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.staff import add_staff

    store = ctx.open_store()
    try:
        person = add_staff(store, **_fields(args))
    except CertificationError as exc:
        raise _fail(exc) from None
    print(person.id)
    return EXIT_OK


def edit_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.lookup import find_staff
    from crmgov.services.certification.staff import edit_staff

    store = ctx.open_store()
    try:
        person = edit_staff(store, find_staff(store, args.who).id, **_fields(args))
    except CertificationError as exc:
        raise _fail(exc) from None
    print(_("{name} updated", name=person.name))
    return EXIT_OK


def leave_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.lookup import find_staff
    from crmgov.services.certification.staff import leave_staff

    store = ctx.open_store()
    try:
        person = leave_staff(store, find_staff(store, args.who).id, args.on or now().date())
    except CertificationError as exc:
        raise _fail(exc) from None
    print(_("{name} left on {day}; their history is kept", name=person.name,
            day=person.left_on))
    return EXIT_OK


def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from dataclasses import asdict

    from crmgov.config import now
    from crmgov.domain.labels import label
    from crmgov.services.certification.roster import person_rows

    store = ctx.open_store()
    rows = person_rows(store, now().date(), include_left=not args.active)
    if args.state:
        rows = [r for r in rows if str(r.state) == args.state]
    if args.json:
        print_json([{**asdict(r), "state": str(r.state),
                     "valid_until": r.valid_until.isoformat() if r.valid_until else None}
                    for r in rows])
        return EXIT_OK
    from crmgov.textwidth import fit

    for r in rows:
        name = r.name if r.active else _("{name} (left)", name=r.name)
        until = r.valid_until.isoformat() if r.valid_until else ""
        print(f"{r.staff_id:>4}  {fit(name, 18)}  {fit(label(r.state), 14)}  {until:<10}  "
              f"{r.department}")
    return EXIT_OK


def import_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.staff import import_staff
    from crmgov.services.sheets import SheetRejected

    store = ctx.open_store()
    try:
        report = import_staff(store, args.file)
    except (SheetRejected, CertificationError) as exc:
        raise _fail(exc) from None
    print(_("{added} added, {updated} updated, {left} left", added=len(report.added),
            updated=len(report.updated), left=len(report.left)))
    return EXIT_OK


def export_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.staff import export_staff
    from crmgov.services.sheets import SheetRejected

    store = ctx.open_store()
    try:
        count = export_staff(store, args.file)
    except SheetRejected as exc:
        raise _fail(exc) from None
    print(_("{count} people written to {path}", count=count, path=args.file))
    return EXIT_OK


def training_add_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.lookup import find_staff
    from crmgov.services.certification.training import add_session

    store = ctx.open_store()
    try:
        ids = [find_staff(store, w).id for w in args.attendee]
        session = add_session(store, topic=args.topic, held_on=args.on, trainer=args.trainer,
                              title=args.title, sop_codes=args.sop, attendees=ids)
    except CertificationError as exc:
        raise _fail(exc) from None
    print(session.id)
    return EXIT_OK


def training_attend_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.certification.errors import CertificationError
    from crmgov.services.certification.lookup import find_staff
    from crmgov.services.certification.training import record_attendance

    store = ctx.open_store()
    try:
        session = record_attendance(store, args.session,
                                    [find_staff(store, w).id for w in args.who])
    except CertificationError as exc:
        raise _fail(exc) from None
    print(_("{count} attendee(s)", count=len(session.attendees)))
    return EXIT_OK


def training_list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.open_store()
    for s in sorted(store.all("training"), key=lambda s: s.held_on):
        print(f"{s.id:>4}  {s.held_on}  {s.topic:<12}  {len(s.attendees):>3}  {s.trainer}")
    return EXIT_OK
