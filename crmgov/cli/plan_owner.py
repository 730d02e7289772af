"""`crmgov owner assess|review|gaps`: the internal owner's readiness (registered by
cli/plan.py, its area)."""

from __future__ import annotations

import argparse
from typing import Any

from crmgov.cli.common import EXIT_OK, Context, percent, print_json
from crmgov.i18n import _


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    owner = sub.add_parser("owner", parents=[common],
                           help=_("the internal owner's readiness to carry the system"))
    os_ = owner.add_subparsers(dest="owner_command", metavar=_("COMMAND"), required=True)

    a = os_.add_parser("assess", parents=[common],
                       help=_("the owner answers a line (without LINE: list the lines)"))
    a.add_argument("line", nargs="?", metavar="LINE", help=_("checklist line id"))
    a.add_argument("--answer", choices=("yes", "partly", "no"), help=_("can you carry it?"))
    a.add_argument("--unknown", default="", help=_("what I don't know yet"))
    a.add_argument("--json", action="store_true", help=_("print JSON"))
    a.set_defaults(handler=assess_cmd)

    r = os_.add_parser("review", parents=[common],
                       help=_("the consultant confirms or disagrees with an answer"))
    r.add_argument("line", metavar="LINE", help=_("checklist line id"))
    r.add_argument("--view", required=True, choices=("confirmed", "disagrees"),
                   help=_("confirmed or disagrees"))
    r.add_argument("--comment", default="", help=_("why (required to disagree)"))
    r.set_defaults(handler=review_cmd)

    g = os_.add_parser("gaps", parents=[common],
                       help=_("the readiness figure and the gaps; turn one into a plan item "
                              "or an issue"))
    to = g.add_mutually_exclusive_group()
    to.add_argument("--to-plan", metavar="LINE", help=_("make this gap a plan item"))
    to.add_argument("--to-issue", metavar="LINE", help=_("make this gap an issue"))
    g.add_argument("--year", type=int, choices=(1, 2, 3), default=1,
                   help=_("plan year of the new item (default 1)"))
    g.add_argument("--json", action="store_true", help=_("print JSON"))
    g.set_defaults(handler=gaps_cmd)


def _reason(code: str) -> str:
    from crmgov.domain.enums import OwnerAnswer
    from crmgov.domain.labels import label

    if code == "unanswered":
        return _("not answered")
    if code == "disputed":
        return _("the consultant disagrees")
    return label(OwnerAnswer(code))


def assess_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.labels import label
    from crmgov.services.plan.owner import assess, owner_readiness

    store = ctx.open_store()
    if args.line is not None:
        if args.answer is None:
            from crmgov.cli.common import CommandError

            raise CommandError(_("give --answer yes, partly or no"))
        assess(store, args.line, args.answer, args.unknown, now())
        print(_("answer to {line} saved", line=args.line))
        return EXIT_OK
    state = owner_readiness(store)
    if args.json:
        print_json([{"line": x.id, "text": state.text(x),
                     **(state.assessments[x.id].model_dump(mode="json")
                        if x.id in state.assessments else {})} for x in state.lines])
        return EXIT_OK
    print(_("Owner readiness: {figure}", figure=percent(state.figure)))
    for x in state.lines:
        a = state.assessments.get(x.id)
        answer = label(a.answer) if a and a.answer else "·"
        view = label(a.view) if a and a.view else "·"
        print(f"{x.id:<18} [{answer}] [{view}] {state.text(x)}")
        if a and a.unknown:
            print("    " + _("I don't know yet: {text}", text=a.unknown))
        if a and a.comment:
            print("    " + _("Consultant: {text}", text=a.comment))
    return EXIT_OK


def review_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.owner import review

    review(ctx.open_store(), args.line, args.view, args.comment, now())
    print(_("review of {line} saved", line=args.line))
    return EXIT_OK


def gaps_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.owner import gap_to_issue, gap_to_plan, owner_readiness

    store = ctx.open_store()
    if args.to_plan:
        item = gap_to_plan(store, args.to_plan, now(), args.year)
        print(_("gap {line} is plan item #{id}", line=args.to_plan, id=item.id))
        return EXIT_OK
    if args.to_issue:
        issue = gap_to_issue(store, args.to_issue, now())
        print(_("gap {line} is issue #{id}", line=args.to_issue, id=issue.id))
        return EXIT_OK
    state = owner_readiness(store)
    if args.json:
        print_json({"figure": state.figure, "gaps": [
            {"line": g.line.id, "text": state.text(g.line), "reason": g.reason,
             "plan_item_id": g.assessment.plan_item_id if g.assessment else None,
             "issue_id": g.assessment.issue_id if g.assessment else None}
            for g in state.gaps]})
        return EXIT_OK
    print(_("Owner readiness: {figure}", figure=percent(state.figure)) + " · "
          + _("{count} gap(s)", count=len(state.gaps)))
    for g in state.gaps:
        a = g.assessment
        done = ""
        if a and a.plan_item_id:
            done = " → " + _("plan item #{id}", id=a.plan_item_id)
        elif a and a.issue_id:
            done = " → " + _("issue #{id}", id=a.issue_id)
        print(f"{g.line.id:<18} {_reason(g.reason)}: {state.text(g.line)}{done}")
    return EXIT_OK
