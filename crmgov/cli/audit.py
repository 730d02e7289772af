"""`crmgov audit verify|accept|anchor`: the auditor's evidence, checked from the shell."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from crmgov.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CommandError,
    Context,
    print_json,
)
from crmgov.i18n import _

#: At most this many drifting records are printed (the JSON has them all).
SHOWN = 20


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    audit = sub.add_parser("audit", parents=[common], help=_("the tamper-evident audit trail"))
    audit_sub = audit.add_subparsers(dest="audit_command", metavar=_("ACTION"), required=True)
    verify = audit_sub.add_parser(
        "verify", parents=[common],
        help=_("check the trail's links and replay it against the project file; exit 1 at "
               "any difference"),
    )
    verify.add_argument("--json", action="store_true", help=_("print the result as JSON"))
    verify.add_argument(
        "--anchor", metavar="HASH",
        help=_("also prove the trail still holds this anchor (from `crmgov audit anchor`)"),
    )
    verify.set_defaults(handler=verify_cmd)
    accept = audit_sub.add_parser(
        "accept", parents=[common],
        help=_("record the file's differences from the trail (a hand edit, a git merge) and "
               "any lost events as accepted, with a reason"),
    )
    accept.add_argument("--reason", required=True, help=_("why the changes are accepted"))
    accept.set_defaults(handler=accept_cmd)
    anchor = audit_sub.add_parser(
        "anchor", parents=[common],
        help=_("print the trail's head hash, to keep outside the project"),
    )
    anchor.add_argument("--json", action="store_true", help=_("print the anchor as JSON"))
    anchor.set_defaults(handler=anchor_cmd)


def _drift_line(drift: Any) -> str:
    if drift.kind == "added":
        return _("{table} record {id}: in the file but never audited (added outside crmgov)",
                 table=drift.table, id=drift.record_id)
    if drift.kind == "removed":
        return _("{table} record {id}: audited but missing from the file (removed outside "
                 "crmgov)", table=drift.table, id=drift.record_id)
    return _("{table} record {id}: changed outside crmgov: {fields}", table=drift.table,
             id=drift.record_id, fields=", ".join(drift.fields))


def verify_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.audit import AuditInputError, exported, verify_trail

    path: Any = ctx.settings.project_path
    try:
        if ctx.settings.database:
            # A database: its project and trail are verified as the file pair they give.
            store = ctx.open_store()
            with exported(store) as copy:
                report = verify_trail(copy, args.anchor)
            path = report.path = store.location  # type: ignore[assignment]
        else:
            if not path.is_file():
                raise CommandError(
                    _("{path}: no project file here; nothing to verify", path=path))
            report = verify_trail(path, args.anchor)
    except AuditInputError as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print_json({
            "file": str(report.path),
            "events": report.events,
            "ok": report.ok,
            "missing": report.missing,
            "broken_at_line": report.broken.line if report.broken else None,
            "reason": report.broken.reason if report.broken else None,
            "torn_line": report.torn_line,
            "drift": [{"table": d.table, "record_id": d.record_id, "kind": d.kind,
                       "fields": list(d.fields)} for d in report.drift],
            "lost": [list(r) for r in report.lost],
            "anchor": None if report.anchor is None else {
                "hash": report.anchor, "found_at": report.anchor_seq},
        })
        return EXIT_OK if report.ok else EXIT_CHECK_FAILED
    if report.missing:
        print(_("{file}: {what}; nothing verified", file=path, what=report.missing))
        return EXIT_CHECK_FAILED
    if report.broken:
        print(_("{file}: broken at line {line}: {reason} ({events} event(s) verified before it)",
                file=report.path, line=report.broken.line, reason=report.broken.reason,
                events=report.events))
    else:
        print(_("{file}: {events} event(s), chain intact", file=report.path, events=report.events))
    if report.torn_line is not None:
        print(_("line {line} is an incomplete write that was interrupted; the next change "
                "removes it", line=report.torn_line))
    for drift in report.drift[:SHOWN]:
        print(_drift_line(drift))
    if len(report.drift) > SHOWN:
        print(_("… and {count} more record(s)", count=len(report.drift) - SHOWN))
    for lo, hi in report.lost:
        print(_("events {first}–{last} are missing from the trail (lost, not yet accepted)",
                first=lo, last=hi))
    if report.drift or report.lost:
        print(_("if these changes are known (a hand edit, a git merge), record them with "
                "`crmgov audit accept --reason \"…\"`"))
    if report.anchor is not None:
        if report.anchor_seq is not None:
            print(_("anchor {hash}: held by event {seq}", hash=report.anchor[:16],
                    seq=report.anchor_seq))
        else:
            print(_("anchor {hash}: NOT in the trail: the trail was rewritten or cut since "
                    "the anchor was taken", hash=report.anchor[:16]))
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def accept_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.audit import AuditInputError, accept_changes

    store = ctx.open_store()
    try:
        accepted = accept_changes(store, args.reason)
    except AuditInputError as exc:
        raise CommandError(str(exc)) from None
    if not accepted.records and not accepted.lost:
        print(_("nothing to accept: the file matches the trail"))
        return EXIT_OK
    for drift in accepted.records[:SHOWN]:
        print(_drift_line(drift))
    print(_("accepted {records} record(s) and {ranges} lost range(s), as audited events",
            records=len(accepted.records), ranges=len(accepted.lost)))
    return EXIT_OK


def anchor_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.audit import anchor_of, latest_anchor

    path: Any = ctx.settings.project_path
    if ctx.settings.database:
        store = ctx.open_store()
        path = store.location
        anchor = latest_anchor(store)
    else:
        if not path.is_file():
            raise CommandError(_("{path}: no project file here", path=path))
        anchor = anchor_of(path.resolve())
    if anchor is None:
        raise CommandError(_("{path}: the project has no audit trail to anchor", path=path),
                           EXIT_BAD_INPUT)
    if args.json:
        print_json({"seq": anchor.seq, "hash": anchor.hash, "at": anchor.at,
                    "anchor": anchor.text})
        return EXIT_OK
    print(anchor.text)
    print(_("event {seq} of {at}. Keep this line outside the project (an e-mail, a signed "
            "git tag, the handover pack); `crmgov audit verify --anchor {seq}:{hash}` "
            "proves the trail still holds it.", seq=anchor.seq, at=anchor.at,
            hash=anchor.hash[:16]), file=sys.stderr)
    return EXIT_OK
