"""`crmgov spotcheck plan|list|checklist|record|issue|revoke|revise`: spot checks of veterans.

The report is `crmgov report spotchecks`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crmgov.cli.common import EXIT_OK, CommandError, Context, print_json
from crmgov.i18n import _, os_reason


def _period(text: str) -> int:
    """"30d", "4w" or "30" → days."""
    value = text.strip().lower()
    factor = 7 if value.endswith("w") else 1
    try:
        days = int(value.rstrip("dw")) * factor
    except ValueError:
        raise argparse.ArgumentTypeError(_("write a period like 30d or 4w")) from None
    if days < 1:
        raise argparse.ArgumentTypeError(_("write a period like 30d or 4w"))
    return days


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    spot = sub.add_parser("spotcheck", parents=[common],
                          help=_("unannounced spot checks of veterans against the SOPs"))
    ssub = spot.add_subparsers(dest="spot_command", metavar=_("COMMAND"), required=True)

    plan = ssub.add_parser("plan", parents=[common],
                           help=_("draw who is checked (weighted, seeded) and plan the checks"))
    plan.add_argument("--count", type=int, default=5, help=_("how many checks (default 5)"))
    plan.add_argument("--period", type=_period, default=30, metavar="30d",
                      help=_("checks are due within this period (default 30d)"))
    plan.add_argument("--department", default="", help=_("only this department"))
    plan.add_argument("--seed", type=int, help=_("the draw's seed (recorded; reproduces it)"))
    plan.add_argument("--auditor", default="", help=_("who checks (default: the auditor)"))
    plan.set_defaults(handler=plan_cmd)

    lst = ssub.add_parser("list", parents=[common], help=_("planned and done checks"))
    lst.add_argument("--json", action="store_true", help=_("print JSON"))
    lst.set_defaults(handler=list_cmd)

    check = ssub.add_parser("checklist", parents=[common],
                            help=_("the auditor's checklist: one line per SOP step in force"))
    check.add_argument("sop", metavar="SOP", help=_("SOP code"))
    check.add_argument("--csv", type=Path, metavar="FILE", default=None,
                       help=_("also write a results template to fill in (for record --results)"))
    check.set_defaults(handler=checklist_cmd)

    rec = ssub.add_parser("record", parents=[common], help=_("record a done check"))
    rec.add_argument("--staff", required=True, metavar="NAME|ID", help=_("who was checked"))
    rec.add_argument("--sop", required=True, metavar="CODE", help=_("the SOP checked against"))
    rec.add_argument("--result", action="append", default=[], metavar="RECORD:STEP:ok|dev[:NOTE]",
                     help=_("one CRM record against one step (repeat)"))
    rec.add_argument("--results", type=Path, metavar="CSV",
                     help=_("a CSV extract: record, step, result, note"))
    rec.add_argument("--plan", type=int, metavar="ID", help=_("the planned check it carries out"))
    rec.add_argument("--findings", default="", help=_("what was found"))
    rec.add_argument("--auditor", default="", help=_("who checked (default: --as)"))
    rec.set_defaults(handler=record_cmd)

    issue = ssub.add_parser("issue", parents=[common],
                            help=_("open an issue for a deviating step (recurrence-aware)"))
    issue.add_argument("check", type=int, metavar="CHECK", help=_("spot check id"))
    issue.add_argument("--step", type=int, required=True, help=_("the deviating step"))
    issue.add_argument("--category", choices=["process", "training"], default="process",
                       help=_("process or training"))
    issue.add_argument("--owner", default="", help=_("who solves it"))
    issue.set_defaults(handler=issue_cmd)

    revoke = ssub.add_parser("revoke", parents=[common],
                             help=_("revoke the person's certificate after a serious finding"))
    revoke.add_argument("check", type=int, metavar="CHECK", help=_("spot check id"))
    revoke.add_argument("--reason", required=True, help=_("why"))
    revoke.set_defaults(handler=revoke_cmd)

    revise = ssub.add_parser("revise", parents=[common],
                             help=_("start an SOP revision for an unclear step"))
    revise.add_argument("check", type=int, metavar="CHECK", help=_("spot check id"))
    revise.add_argument("--step", type=int, required=True, help=_("the unclear step"))
    revise.set_defaults(handler=revise_cmd)


def plan_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.spotchecks.plan import plan_checks

    store = ctx.open_store()
    drawn = plan_checks(store, now(), count=args.count, period_days=args.period,
                        department=args.department, seed=args.seed, auditor=args.auditor)
    people = {s.id: s.name for s in store.all("staff")}
    sops = {s.id: s.code for s in store.all("sops")}
    print(_("planned {count} check(s); seed {seed}", count=len(drawn),
            seed=drawn[0].planned.seed))
    for d in drawn:
        p = d.planned
        print(f"  #{p.id}  {p.due}  {people[p.staff_id]}  {sops[p.sop_id]}  "
              + _("weight {weight}", weight=p.weight))
    return EXIT_OK


def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.spotchecks.plan import open_plans

    store = ctx.open_store()
    people = {s.id: s.name for s in store.all("staff")}
    sops = {s.id: s.code for s in store.all("sops")}
    plans = open_plans(store)
    done = sorted(store.all("spot_checks"), key=lambda c: c.checked_on, reverse=True)
    if args.json:
        print_json({
            "planned": [p.model_dump(mode="json") for p in plans],
            "done": [c.model_dump(mode="json") for c in done],
        })
        return EXIT_OK
    print(_("Planned: {count}", count=len(plans)))
    for p in plans:
        print(f"  #{p.id}  {p.due}  {people.get(p.staff_id, p.staff_id)}  "
              f"{sops.get(p.sop_id, p.sop_id)}  {p.auditor}")
    print(_("Done: {count}", count=len(done)))
    for c in done:
        print(f"  #{c.id}  {c.checked_on}  {people.get(c.staff_id, c.staff_id)}  "
              f"{sops.get(c.sop_id, '—') if c.sop_id else '—'}  "
              + _("{deviations}/{records} deviating", deviations=c.deviations,
                  records=c.records_checked))
    return EXIT_OK


def checklist_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.spotchecks.record import checklist, find_sop, write_results_template

    sop = find_sop(ctx.open_store(), args.sop)
    for line in checklist(sop):
        print(f"[ ] {line.ref}  {line.text}")
    if args.csv is not None:
        try:
            write_results_template(sop, args.csv)
        except OSError as exc:
            raise CommandError(_("{path}: cannot write it: {reason}", path=args.csv,
                                 reason=os_reason(exc))) from None
        print(args.csv)
    return EXIT_OK


def record_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.spotchecks.record import parse_result, read_results, record_check

    results = [parse_result(r) for r in args.result]
    if args.results is not None:
        results += read_results(args.results)
    check = record_check(ctx.open_store(), person=args.staff, sop=args.sop, results=results,
                         now=now(), auditor=args.auditor, findings=args.findings,
                         plan_id=args.plan)
    print(_("spot check #{id}: {deviations} of {records} record(s) deviated", id=check.id,
            deviations=check.deviations, records=check.records_checked))
    return EXIT_OK


def issue_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.spotchecks.consequences import open_issue

    store = ctx.open_store()
    check = open_issue(store, args.check, args.step, now(), args.category, args.owner)
    issue = store.get("issues", check.consequences[-1].ref)
    note = _(" (recurring: it needs a preventive action to close)") if issue.recurring else ""
    print(_("opened issue #{id}", id=issue.id) + note)
    return EXIT_OK


def revoke_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.spotchecks.consequences import revoke

    check = revoke(ctx.open_store(), args.check, args.reason, now())
    print(_("revoked {count} certificate(s); the person must recertify",
            count=sum(1 for q in check.consequences if q.kind == "revoke")))
    return EXIT_OK


def revise_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.spotchecks.consequences import start_revision

    start_revision(ctx.open_store(), args.check, args.step, now())
    print(_("SOP revision started (a new draft)"))
    return EXIT_OK
