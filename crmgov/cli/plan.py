"""`crmgov plan …` and `crmgov owner …`: the three-year plan, its review, and the internal
owner's readiness, from the shell. Each command calls one service of services.plan."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from crmgov.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_OK,
    CommandError,
    Context,
    print_json,
)
from crmgov.i18n import _

AREAS = ("process", "data_quality", "analytics", "integration", "scope_expansion",
         "prospect_development", "training", "other")
STATUSES = ("planned", "in_progress", "done", "dropped")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date (YYYY-MM-DD): {text}",
                                           text=text)) from None


def _target(text: str) -> int | None:
    """A thread's target: an item id, or "plan" for the whole plan."""
    if text == "plan":
        return None
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("not an item id or 'plan': {text}", text=text)) from None


def _item_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--year", type=int, choices=(1, 2, 3), required=required,
                   help=_("plan year (1–3)"))
    p.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help=_("quarter (1–4)"))
    p.add_argument("--area", choices=AREAS, help=_("what the item improves"))
    p.add_argument("--title", required=required, help=_("the objective"))
    p.add_argument("--description", help=_("details"))
    p.add_argument("--metric", help=_("what is measured"))
    p.add_argument("--baseline", help=_("where the metric stands now"))
    p.add_argument("--goal", help=_("the value the metric must reach"))
    p.add_argument("--by", type=_day, metavar="YYYY-MM-DD", help=_("by when"))
    p.add_argument("--owner", help=_("who is responsible"))
    p.add_argument("--issue", type=int, action="append", metavar="ID",
                   help=_("a linked issue (repeat for several)"))


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    plan = sub.add_parser("plan", parents=[common], help=_("the three-year improvement plan"))
    ps = plan.add_subparsers(dest="plan_command", metavar=_("COMMAND"), required=True)

    add = ps.add_parser("add", parents=[common], help=_("add a plan item; prints its id"))
    _item_options(add, required=True)
    add.set_defaults(handler=add_cmd)

    edit = ps.add_parser("edit", parents=[common], help=_("change a plan item"))
    edit.add_argument("id", type=int, metavar="ID", help=_("plan item id"))
    _item_options(edit, required=False)
    edit.add_argument("--status", choices=STATUSES, help=_("planned, in progress, done, dropped"))
    edit.add_argument("--reason", help=_("why the item is dropped"))
    edit.set_defaults(handler=edit_cmd)

    lst = ps.add_parser("list", parents=[common], help=_("the plan by year and quarter"))
    lst.add_argument("--year", type=int, choices=(1, 2, 3), help=_("only this year"))
    lst.add_argument("--status", choices=STATUSES, help=_("only this status"))
    lst.add_argument("--reviewed", action="store_true", help=_("only reviewed items"))
    lst.add_argument("--json", action="store_true", help=_("print JSON"))
    lst.set_defaults(handler=list_cmd)

    show = ps.add_parser("show", parents=[common], help=_("one item with its review threads"))
    show.add_argument("id", type=_target, metavar="ID", help=_("plan item id, or 'plan'"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_cmd)

    move = ps.add_parser("move", parents=[common], help=_("move or reorder an item"))
    move.add_argument("id", type=int, metavar="ID", help=_("plan item id"))
    move.add_argument("--year", type=int, choices=(1, 2, 3), help=_("to this year"))
    move.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help=_("to this quarter"))
    move.add_argument("--position", type=int, metavar="N", help=_("to place N (1 = first)"))
    move.set_defaults(handler=move_cmd)

    prog = ps.add_parser("progress", parents=[common], help=_("add a dated progress note"))
    prog.add_argument("id", type=int, metavar="ID", help=_("plan item id"))
    prog.add_argument("--note", required=True, help=_("what happened"))
    prog.add_argument("--on", type=_day, metavar="YYYY-MM-DD", help=_("day (default today)"))
    prog.add_argument("--status", choices=STATUSES, help=_("new status"))
    prog.add_argument("--reason", default="", help=_("why the item is dropped"))
    prog.set_defaults(handler=progress_cmd)

    com = ps.add_parser("comment", parents=[common], help=_("open a review thread"))
    com.add_argument("target", type=_target, metavar="ID|plan",
                     help=_("plan item id, or 'plan'"))
    com.add_argument("--text", required=True, help=_("the comment"))
    com.add_argument("--blind-spot", default="", help=_("the blind spot it names, if any"))
    com.set_defaults(handler=comment_cmd)

    for name, helptext, handler in (
        ("answer", _("answer in a review thread"), answer_cmd),
        ("resolve", _("resolve a review thread"), resolve_cmd),
    ):
        p = ps.add_parser(name, parents=[common], help=helptext)
        p.add_argument("target", type=_target, metavar="ID|plan",
                       help=_("plan item id, or 'plan'"))
        p.add_argument("thread", type=int, metavar="N", help=_("thread number"))
        if name == "answer":
            p.add_argument("--text", required=True, help=_("the answer"))
        p.set_defaults(handler=handler)

    acc = ps.add_parser("accept", parents=[common], help=_("the consultant accepts an item"))
    acc.add_argument("id", type=int, metavar="ID", help=_("plan item id"))
    acc.set_defaults(handler=verdict_cmd, verdict="accepted", text="")
    nw = ps.add_parser("needs-work", parents=[common], help=_("the item needs work"))
    nw.add_argument("id", type=int, metavar="ID", help=_("plan item id"))
    nw.add_argument("--text", default="", help=_("what needs work (opens a thread)"))
    nw.set_defaults(handler=verdict_cmd, verdict="needs_work")

    sign = ps.add_parser("sign", parents=[common],
                         help=_("sign the plan; both signatures freeze it as a version"))
    sign.add_argument("--role", required=True, choices=("consultant", "owner"),
                      help=_("sign as consultant or internal owner"))
    sign.set_defaults(handler=sign_cmd)

    df = ps.add_parser("diff", parents=[common], help=_("changes since the signed version"))
    df.add_argument("--json", action="store_true", help=_("print JSON"))
    df.set_defaults(handler=diff_cmd)

    chk = ps.add_parser("check", parents=[common],
                        help=_("blind-spot checks; exit 1 while findings remain"))
    chk.add_argument("--json", action="store_true", help=_("print JSON"))
    chk.set_defaults(handler=check_cmd)

    from crmgov.cli import plan_owner

    plan_owner.register(sub, common)


def _fields(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    out = {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}
    if getattr(args, "by", None) is not None:
        out["target"] = args.by
    if getattr(args, "issue", None):
        out["issue_ids"] = args.issue
    return out


_ITEM_FIELDS = ("year", "quarter", "area", "title", "description", "metric", "baseline",
                "goal", "owner")


def add_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.plan.items import add_item

    item = add_item(ctx.open_store(), **_fields(args, _ITEM_FIELDS))
    print(item.id)
    return EXIT_OK


def edit_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.plan.items import edit_item

    changes = _fields(args, (*_ITEM_FIELDS, "status"))
    if args.reason is not None:
        changes["dropped_reason"] = args.reason
    if not changes:
        raise CommandError(_("nothing to change: give at least one option"))
    item = edit_item(ctx.open_store(), args.id, **changes)
    print(_("plan item #{id} saved", id=item.id))
    return EXIT_OK


def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.cli.plan_text import item_line
    from crmgov.services.plan.items import items

    rows = [i for i in items(ctx.open_store())
            if (args.year is None or i.year == args.year)
            and (args.status is None or i.status == args.status)
            and (not args.reviewed or i.reviewed)]
    if args.json:
        print_json([i.model_dump(mode="json") for i in rows])
        return EXIT_OK
    for item in rows:
        print(item_line(item))
    return EXIT_OK


def show_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.cli.plan_text import print_item, print_threads
    from crmgov.services.plan.items import get_item
    from crmgov.services.plan.review import get_review

    store = ctx.open_store()
    if args.id is None:
        review = get_review(store)
        if args.json:
            print_json(review.model_dump(mode="json"))
        else:
            print_threads(review.threads)
        return EXIT_OK
    item = get_item(store, args.id)
    if args.json:
        print_json(item.model_dump(mode="json"))
    else:
        print_item(item)
    return EXIT_OK


def move_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.plan.items import move_item

    item = move_item(ctx.open_store(), args.id, year=args.year, quarter=args.quarter,
                     position=args.position)
    print(_("plan item #{id} moved", id=item.id))
    return EXIT_OK


def progress_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.items import add_progress

    item = add_progress(ctx.open_store(), args.id, args.note, args.on or now().date(),
                        args.status, args.reason)
    print(_("plan item #{id} saved", id=item.id))
    return EXIT_OK


def comment_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.review import comment

    number = comment(ctx.open_store(), args.target, args.text, now(), args.blind_spot)
    print(_("thread {n} opened", n=number))
    return EXIT_OK


def answer_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.review import answer

    answer(ctx.open_store(), args.target, args.thread, args.text, now())
    print(_("thread {n} answered", n=args.thread))
    return EXIT_OK


def resolve_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.review import resolve

    resolve(ctx.open_store(), args.target, args.thread, now())
    print(_("thread {n} resolved", n=args.thread))
    return EXIT_OK


def verdict_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.labels import label
    from crmgov.services.plan.review import judge

    item = judge(ctx.open_store(), args.id, args.verdict, now(), args.text)
    assert item.verdict is not None
    print(_("plan item #{id}: {verdict}", id=item.id, verdict=label(item.verdict)))
    return EXIT_OK


def sign_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.review import sign

    version = sign(ctx.open_store(), args.role, now())
    if version is None:
        print(_("signed; waiting for the other signature"))
    else:
        print(_("plan signed by both and frozen as version {n}", n=version.number))
    return EXIT_OK


def diff_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.cli.plan_text import change_lines
    from crmgov.services.plan.review import changes_since_signed

    result = changes_since_signed(ctx.open_store())
    if args.json:
        print_json(None if result is None else {
            "version": result[0],
            "changes": [{"kind": c.kind, "id": c.item_id, "title": c.title,
                         "fields": [list(f) for f in c.fields]} for c in result[1]]})
        return EXIT_OK
    if result is None:
        print(_("the plan has not been signed yet"))
        return EXIT_OK
    number, changes = result
    print(_("changes since version {n}: {count}", n=number, count=len(changes)))
    for line in change_lines(changes):
        print(line)
    return EXIT_OK


def check_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.plan.checks import findings

    found = findings(ctx.open_store(), now().date())
    if args.json:
        print_json([{"code": f.code, "message": f.message, "reason": f.reason,
                     "item_id": f.item_id} for f in found])
    elif not found:
        print(_("no blind spots found"))
    else:
        for f in found:
            print(f"✘ {f.message}")
            print(f"  {f.reason}")
    return EXIT_CHECK_FAILED if found else EXIT_OK


__all__ = ["register"]
