"""`crmgov sop list|show|new|edit|submit|approve|retire|ack|pending-acks|diff|revise|review|
import|export`: written procedures from the shell; each command calls services.sops."""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmgov.cli.common import EXIT_OK, CommandError, Context, print_fields, print_json
from crmgov.domain.labels import role_name
from crmgov.i18n import _, language, os_reason

if TYPE_CHECKING:
    from crmgov.domain.sops.model import SOP

FILTER_NAMES = ("all", "approved", "not_approved", "draft", "in_review", "review_due",
                "unacknowledged", "retired")
APPROVER_ROLE_NAMES = ("sponsor", "project_manager", "consultant", "internal_owner")


def _details(p: argparse.ArgumentParser) -> None:
    p.add_argument("--area", help=_("process area, e.g. sales, service, master data"))
    p.add_argument("--departments", help=_("departments it applies to, comma-separated"))
    p.add_argument("--roles", help=_("roles it applies to, comma-separated (e.g. veteran)"))
    p.add_argument("--owner", help=_("who keeps it up to date"))
    p.add_argument("--approver", help=_("the named person who approves new versions"))
    p.add_argument("--approver-role", choices=APPROVER_ROLE_NAMES,
                   help=_("or a role whose holder approves"))
    p.add_argument("--review-months", type=int, metavar="N",
                   help=_("months between reviews (default 12)"))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sop = sub.add_parser("sop", parents=[common], help=_("written standard operating procedures"))
    ssub = sop.add_subparsers(dest="sop_command", metavar=_("COMMAND"), required=True)

    def cmd(name: str, help_text: str, handler: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = ssub.add_parser(name, parents=[common], help=help_text)
        p.set_defaults(handler=handler)
        return p

    def code(p: argparse.ArgumentParser) -> None:
        p.add_argument("code", metavar="CODE", help=_("SOP code, e.g. SOP-SAL-01"))

    p = cmd("list", _("list SOPs with version in force, review due and readers"), list_cmd)
    p.add_argument("--status", choices=FILTER_NAMES, default="all", help=_("which SOPs"))
    p.add_argument("--review-due", action="store_true", help=_("only SOPs past their review"))
    p.add_argument("--json", action="store_true", help=_("print a JSON list"))
    p = cmd("show", _("one SOP: its details, steps and versions"), show_cmd)
    code(p)
    p.add_argument("--version", type=int, metavar="N", help=_("this version (default: in force)"))
    p.add_argument("--json", action="store_true", help=_("print the SOP as JSON"))
    p = cmd("new", _("write a new SOP (version 1, a draft)"), new_cmd)
    code(p)
    p.add_argument("--title", required=True, help=_("what the procedure covers"))
    p.add_argument("--body-file", type=Path, metavar="FILE", help=_("Markdown body"))
    p.add_argument("--summary", default="", help=_("what this version says or changes"))
    _details(p)
    p = cmd("edit", _("edit the draft (opens $EDITOR), starting one if none is open"), edit_cmd)
    code(p)
    p.add_argument("--body-file", type=Path, metavar="FILE", help=_("take the body from FILE"))
    p.add_argument("--summary", help=_("what this version changes"))
    p.add_argument("--title", help=_("new title"))
    _details(p)
    code(cmd("submit", _("send the draft for review"), submit_cmd))
    p = cmd("approve", _("approve the version in review (named approver or --as role holder)"),
            approve_cmd)
    code(p)
    p.add_argument("--effective", type=date.fromisoformat, metavar="YYYY-MM-DD",
                   help=_("in force from (default today)"))
    p = cmd("retire", _("withdraw an SOP as a whole"), retire_cmd)
    code(p)
    p.add_argument("--reason", required=True, help=_("why it is withdrawn"))
    p = cmd("ack", _("acknowledge reading the version in force"), ack_cmd)
    code(p)
    p.add_argument("--staff", metavar="NAME", help=_("who read it (default: --as)"))
    p = cmd("pending-acks", _("who has not yet read the version in force"), pending_cmd)
    p.add_argument("code", nargs="?", metavar="CODE", help=_("only this SOP"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p = cmd("diff", _("word-level difference between two versions"), diff_cmd)
    code(p)
    p.add_argument("a", type=int, metavar="A", help=_("older version"))
    p.add_argument("b", type=int, metavar="B", help=_("newer version"))
    p = cmd("revise", _("start a revision, e.g. from a closed issue's preventive action"),
            revise_cmd)
    code(p)
    p.add_argument("--because-of", type=int, metavar="ISSUE", help=_("issue number"))
    p.add_argument("--summary", default="", help=_("what the revision will change"))
    p = cmd("review", _("confirm the version in force unchanged at its periodic review"),
            review_cmd)
    code(p)
    p.add_argument("--note", default="", help=_("what the review found"))
    p = cmd("import", _("import SOPs from a Markdown file or folder"), import_cmd)
    p.add_argument("source", type=Path, metavar="FILE.md|DIR", help=_("file or folder"))
    p = cmd("export", _("write one Markdown file per SOP"), export_cmd)
    p.add_argument("folder", type=Path, metavar="DIR", help=_("folder to write to"))
    p.add_argument("--draft", action="store_true", help=_("export open drafts instead"))


def _listed(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [v.strip() for v in value.replace("、", ",").split(",") if v.strip()]


def _detail_args(args: argparse.Namespace) -> dict[str, Any]:
    return {"area": args.area, "departments": _listed(args.departments),
            "roles": _listed(args.roles), "owner": args.owner, "approver": args.approver,
            "approver_role": args.approver_role, "review_months": args.review_months}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(_("cannot read {path}: {error}", path=path, error=exc)) from None


def _label(sop: SOP) -> str:
    v = sop.latest
    return f"{sop.code} v{v.version}" if v else sop.code


# ------------------------------------------------------------------ reading
def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.sops.rules import status_label
    from crmgov.services.sops.queries import sop_rows
    from crmgov.textwidth import cell_len, fit

    store = ctx.open_store()
    rows = sop_rows(store, now().date(), "review_due" if args.review_due else args.status)
    if args.json:
        print_json([{"code": r.sop.code, "title": r.sop.title, "status": r.status.value,
                     "in_force": r.in_force, "review_due": r.review_due,
                     "review_overdue": r.overdue, "acknowledged": r.acknowledged,
                     "expected": r.expected} for r in rows])
        return EXIT_OK
    # Acknowledged as on the SOPs screen: "12/15 80%", "0/0 nobody yet" for an SOP in force
    # that nobody has to read (never a bare "0/0"), "—" for one not in force.
    read = [r.coverage_text if r.in_force else "—" for r in rows]
    read_width = max((cell_len(text) for text in read), default=0)
    for r, acked in zip(rows, read, strict=True):
        force = f"v{r.in_force}" if r.in_force else "—"
        due = (r.review_due.isoformat() if r.review_due else "—") + ("!" if r.overdue else "")
        print(f"{fit(r.sop.code, 11)} {fit(status_label(r.status), 10)} {fit(force, 4)} "
              f"{fit(due, 11)} {fit(acked, read_width)} {r.sop.title}")
    return EXIT_OK


def show_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.domain.sops.rules import review_due, status_label, step_ref, steps_of
    from crmgov.services.sops.queries import find_sop, get_version

    store = ctx.open_store()
    sop = find_sop(store, args.code)
    version = get_version(sop, args.version)
    if args.json:
        data = sop.model_dump(mode="json")
        data["shown_version"] = version.version
        data["steps"] = [{"id": sid, "ref": step_ref(sop.code, sid), "text": t}
                         for sid, t in steps_of(version)]
        print_json(data)
        return EXIT_OK
    sep = "、" if language() == "zh" else ", "
    due = review_due(sop)
    print(f"{sop.code} {sop.title}")
    print_fields([
        (_("Version"), f"v{version.version} · {status_label(version.status)}"),
        (_("In force"), f"v{sop.current.version}" if sop.current else "—"),
        (_("Area"), sop.area), (_("Departments"), sep.join(sop.scope_departments)),
        (_("Roles"), sep.join(r.value for r in sop.roles)), (_("Owner"), sop.owner),
        (_("Approver"), sop.approver or role_name(sop.approver_role)),
        (_("Review due"), due.isoformat() if due else ""),
        (_("Retired"), f"{sop.retired_on} {sop.retired_reason}" if sop.retired else ""),
        (_("What changed"), version.summary), (_("Author"), version.author),
        (_("Approved by"), f"{version.approved_by} {version.approved_on}"
         if version.approved else ""),
        (_("Because of"), sep.join(f"#{i}" for i in version.because_of)),
    ])
    print()
    for sid, text in steps_of(version):
        print(f"  {step_ref(sop.code, sid)}  {text}")
    print()
    for v in reversed(sop.versions):
        print(f"  v{v.version}  {status_label(v.status)}  {v.written_on}  {v.summary}")
    return EXIT_OK


def pending_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.sops.queries import pending_acks

    store = ctx.open_store()
    result = pending_acks(store, args.code)
    if args.json:
        print_json([{"code": s.code, "version": s.current.version if s.current else None,
                     "pending": [p.name for p in people]} for s, people in result])
        return EXIT_OK
    sep = "、" if language() == "zh" else ", "
    for sop, people in result:
        names = sep.join(p.name for p in people) or _("everyone has read it")
        # Acknowledgements are for the version in force, not a newer draft or review.
        version = f" v{sop.current.version}" if sop.current else ""
        print(f"{sop.code}{version}: {names}")
    return EXIT_OK


def diff_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.domain.sops.diff import render_plain
    from crmgov.services.sops.queries import diff_versions

    store = ctx.open_store()
    chunks = diff_versions(store, args.code, args.a, args.b)
    if sys.stdout.isatty():
        colours = {"=": "", "+": "\x1b[32m", "-": "\x1b[31;9m"}
        print("".join(f"{colours[c.op]}{c.text}\x1b[0m" if c.op != "=" else c.text
                      for c in chunks))
    else:
        print(render_plain(chunks))
    return EXIT_OK


# ------------------------------------------------------------------ changing
def new_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import new_sop

    store = ctx.open_store()
    body = _read(args.body_file) if args.body_file else ""
    sop = new_sop(store, code=args.code, title=args.title, body=body, summary=args.summary,
                  now=now(), **_detail_args(args))
    print(_("{sop} written (draft)", sop=_label(sop)))
    return EXIT_OK


def edit_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import edit_draft, set_details
    from crmgov.services.sops.queries import find_sop, get_version

    store = ctx.open_store()
    details = {k: v for k, v in _detail_args(args).items() if v is not None}
    if args.title:
        details["title"] = args.title
    if details:
        set_details(store, args.code, **details)
    if args.body_file:
        body: str | None = _read(args.body_file)
    elif details or args.summary:
        body = None
    else:
        draft = _draft(store, args.code)
        body = _edit_in_editor(
            draft if draft is not None else get_version(find_sop(store, args.code), None).body)
    sop = edit_draft(store, args.code, now=now(), body=body, summary=args.summary)
    print(_("{sop} saved (draft)", sop=_label(sop)))
    return EXIT_OK


def _draft(store: Any, code: str) -> str | None:
    from crmgov.domain.sops.rules import open_draft
    from crmgov.services.sops.queries import find_sop

    draft = open_draft(find_sop(store, code))
    return draft.body if draft is not None else None


def _edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise CommandError(_("no $EDITOR set: give the body with --body-file FILE"))
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(text + "\n")
    try:
        if subprocess.call([*shlex.split(editor), f.name]) != 0:
            raise CommandError(_("the editor exited with an error; nothing saved"))
        return Path(f.name).read_text(encoding="utf-8")
    finally:
        os.unlink(f.name)


def submit_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import submit

    sop = submit(ctx.open_store(), args.code, now=now())
    print(_("{sop} submitted for review", sop=_label(sop)))
    return EXIT_OK


def approve_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.sops.rules import must_reacknowledge, step_ref
    from crmgov.services.sops.log import approve

    store = ctx.open_store()
    sop = approve(store, args.code, now=now(), effective_on=args.effective)
    current = sop.current
    assert current is not None
    print(_("{sop} approved and in force", sop=_label(sop)))
    if current.changed_step_ids:
        print(_("changed steps: {steps}", steps=", ".join(
            step_ref(sop.code, s) for s in current.changed_step_ids)))
    again = must_reacknowledge(sop, store.all("staff"))
    if again:
        sep = "、" if language() == "zh" else ", "
        print(_("must re-acknowledge: {names}", names=sep.join(p.name for p in again)))
    return EXIT_OK


def retire_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import retire

    sop = retire(ctx.open_store(), args.code, reason=args.reason, now=now())
    print(_("{code} retired", code=sop.code))
    return EXIT_OK


def ack_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import acknowledge

    sop, name = acknowledge(ctx.open_store(), args.code, now=now(), staff_name=args.staff)
    assert sop.current is not None
    print(_("{name} acknowledged {code} v{n}", name=name, code=sop.code, n=sop.current.version))
    return EXIT_OK


def revise_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.log import revise

    sop = revise(ctx.open_store(), args.code, now=now(), because_of=args.because_of,
                 summary=args.summary)
    print(_("{sop} started (draft)", sop=_label(sop)))
    return EXIT_OK


def review_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.sops.rules import review_due
    from crmgov.services.sops.log import confirm_review

    sop = confirm_review(ctx.open_store(), args.code, now=now(), note=args.note)
    print(_("{code} confirmed; next review {day}", code=sop.code, day=review_due(sop)))
    return EXIT_OK


def import_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.sops.files import import_sops

    plan = import_sops(ctx.open_store(), args.source, now=now())
    print(_("{new} new, {changed} changed, {same} unchanged", new=len(plan.new),
            changed=len(plan.changed), same=len(plan.unchanged)))
    return EXIT_OK


def export_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.sops.files import export_sops

    try:
        paths = export_sops(ctx.open_store(), args.folder, draft=args.draft)
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}", path=args.folder,
                             error=os_reason(exc))) from None
    print(_("wrote {count} file(s) to {path}", count=len(paths), path=args.folder))
    return EXIT_OK
