"""`crmgov handover`: write the handover pack; its checklist, review and sign-off.

`crmgov handover [--format md|html|docx|all] [--out DIR] [--template-dir DIR] [--as-signed]`
writes the pack; the subcommands answer the closure checklist, record the consultant's
review and the owner's answers, and sign (the first signature freezes the pack).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmgov.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CommandError,
    Context,
    print_json,
)
from crmgov.i18n import _

SECTIONS = (
    "summary", "phases", "sops", "certification", "issues", "quality", "spotchecks", "plan",
    "owner", "support",
)
ROLES = ("consultant", "internal_owner", "sponsor")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    hand = sub.add_parser(
        "handover", parents=[common],
        help=_("the handover pack: write it, its checklist, review and sign-off"),
        description=_("Without a subcommand, writes the handover pack from the live data "
                      "(or, with --as-signed, the pack as it was signed)."),
    )
    hand.add_argument("--format", choices=["md", "html", "docx", "all"], default="all",
                      help=_("which document to write (default: all three)"))
    hand.add_argument("--out", type=Path, default=Path("handover"), metavar="DIR",
                      help=_("folder to write into (default: ./handover)"))
    hand.add_argument("--template-dir", type=Path, metavar="DIR",
                      help=_("your own templates (<lang>/handover/pack.*.j2), overriding "
                             "the shipped ones file by file"))
    hand.add_argument("--as-signed", action="store_true",
                      help=_("write the pack exactly as it was signed"))
    hand.set_defaults(handler=write_cmd)
    hsub = hand.add_subparsers(dest="handover_command", metavar=_("COMMAND"))

    check = hsub.add_parser("checklist", parents=[common],
                            help=_("the closure checklist from live data; exit 1 while a "
                                   "line is not answered yes"))
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.set_defaults(handler=checklist_cmd)

    status = hsub.add_parser("status", parents=[common],
                             help=_("each section's review and the sign-offs"))
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(handler=status_cmd)

    review = hsub.add_parser("review", parents=[common],
                             help=_("the consultant's verdict on a section (as --as)"))
    review.add_argument("section", choices=SECTIONS, help=_("which section"))
    verdict = review.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--accept", action="store_true", help=_("accept the section"))
    verdict.add_argument("--needs-work", action="store_true", help=_("send it back"))
    review.add_argument("--comment", default="", help=_("the comment (required for needs work)"))
    review.set_defaults(handler=review_cmd)

    answer = hsub.add_parser("answer", parents=[common],
                             help=_("the internal owner's answer to a section's review"))
    answer.add_argument("section", choices=SECTIONS, help=_("which section"))
    answer.add_argument("--comment", required=True, help=_("the answer"))
    answer.set_defaults(handler=answer_cmd)

    sign = hsub.add_parser("sign", parents=[common],
                           help=_("sign the pack in a role (the first signature freezes it)"))
    sign.add_argument("role", choices=ROLES, help=_("consultant, internal_owner or sponsor"))
    sign.set_defaults(handler=sign_cmd)

    notes = hsub.add_parser("support", parents=[common],
                            help=_("write the support arrangements after handover"))
    notes.add_argument("--notes", required=True, help=_("who to call, how, response times"))
    notes.set_defaults(handler=support_cmd)


def _refused(exc: Exception) -> CommandError:
    return CommandError(str(exc))


def write_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.handover.pack import FORMATS, write_pack
    from crmgov.services.templates import ReportError

    store = ctx.open_store()
    formats = FORMATS if args.format == "all" else (args.format,)
    if args.template_dir is not None and not args.template_dir.is_dir():
        raise CommandError(_("no template folder {path}", path=args.template_dir))
    try:
        paths = write_pack(store, now(), formats, args.out, template_dir=args.template_dir,
                           as_signed=args.as_signed)
    except ReportError as exc:
        raise _refused(exc) from None
    for path in paths:
        print(_("wrote {path}", path=path))
    return EXIT_OK


def checklist_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.handover.pack import build_context

    store = ctx.open_store()
    rows = build_context(store, now())["checklist"]
    if args.json:
        print_json([{k: r[k] for k in ("check", "state", "figure", "subjects", "fix")}
                    for r in rows])
    else:
        for r in rows:
            mark = {"pass": "✓", "fail": "✗"}.get(r["state"], "?")
            where = f"  → {r['fix']}" if r["state"] != "pass" and r["fix"] else ""
            subjects = f" · {r['subjects']}" if r["subjects"] else ""
            print(f"{mark} {r['question']}")
            answer = _("{answer}: {figure}", answer=r["answer"], figure=r["figure"])
            print(f"    {answer}{subjects}{where}")
    return EXIT_OK if all(r["state"] == "pass" for r in rows) else EXIT_CHECK_FAILED


def status_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.domain.handover.review import SECTION_TITLES, SECTIONS, SignRole
    from crmgov.services.handover.pack import ROLE_LABELS, VERDICT_LABELS, handover_record

    record = handover_record(ctx.open_store())
    if args.json:
        print_json({
            "sections": {s: record.section(s).verdict.value for s in SECTIONS},
            "signoffs": [
                {"role": s.role.value, "name": s.name, "at": s.at.isoformat(),
                 "sha256": s.sha256} for s in record.signoffs
            ],
            "frozen": record.frozen.sha256 if record.frozen else None,
        })
        return EXIT_OK
    for code in SECTIONS:
        review = record.section(code)
        print(f"{_(VERDICT_LABELS[review.verdict]):<14} {_(SECTION_TITLES[code])}")
    for role in SignRole:
        signed = record.signature(role)
        when = f"{signed.name} {signed.at:%Y-%m-%d %H:%M}" if signed else _("not signed")
        print(f"{_(ROLE_LABELS[role])}: {when}")
    if record.frozen:
        print(_("signed pack SHA-256: {sha}", sha=record.frozen.sha256))
    return EXIT_OK


def review_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.handover.review import Verdict
    from crmgov.services.handover.review import review

    verdict = Verdict.ACCEPTED if args.accept else Verdict.NEEDS_WORK
    review(ctx.open_store(), args.section, verdict, args.comment, now())
    print(_("reviewed {section}", section=args.section))
    return EXIT_OK


def answer_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.handover.review import answer

    answer(ctx.open_store(), args.section, args.comment, now())
    print(_("answered {section}", section=args.section))
    return EXIT_OK


def sign_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.handover.review import SignRole
    from crmgov.services.handover.review import sign_handover

    record = sign_handover(ctx.open_store(), SignRole(args.role), now())
    assert record.frozen is not None
    from crmgov.domain.labels import role_name

    print(_("signed as {role}; pack SHA-256 {sha}", role=role_name(args.role),
            sha=record.frozen.sha256))
    return EXIT_OK


def support_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.handover.review import set_support_notes

    set_support_notes(ctx.open_store(), args.notes)
    print(_("support arrangements saved"))
    return EXIT_OK
