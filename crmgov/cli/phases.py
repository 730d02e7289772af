"""`crmgov phase …` (rollout phases, their evidence, sign-offs, waivers, evaluation) and
`crmgov gate [PHASE]` (exit 0 when the gate passes, 1 with every blocker)."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from crmgov.cli.common import EXIT_CHECK_FAILED, EXIT_OK, Context, print_json
from crmgov.i18n import _

if TYPE_CHECKING:
    from crmgov.domain.phases.model import Phase
    from crmgov.storage.interface import Store

KINDS = ("pilot", "expand", "integrate", "other")
DECISIONS = ("proceed", "extend", "stop")
STATES = ("planned", "building", "testing", "live")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date (YYYY-MM-DD)", value=text)) from None


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace("、", ",").split(",") if part.strip()]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    gate = sub.add_parser("gate", parents=[common],
                          help=_("judge a phase's gate now: exit 0 when it passes, 1 if not"))
    gate.add_argument("phase", nargs="?", type=int, metavar="PHASE",
                      help=_("phase number as `phase list` shows it (default: the current phase)"))
    gate.add_argument("--json", action="store_true", help=_("print the gate as JSON"))
    gate.set_defaults(handler=gate_cmd)

    phase = sub.add_parser("phase", parents=[common], help=_("rollout phases and their gates"))
    ps = phase.add_subparsers(dest="phase_command", metavar=_("COMMAND"), required=True)

    lst = ps.add_parser("list", parents=[common], help=_("every phase in rollout order"))
    lst.add_argument("--json", action="store_true", help=_("print a JSON list"))
    lst.set_defaults(handler=list_cmd)

    show = ps.add_parser("show", parents=[common], help=_("one phase with its gate"))
    show.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    show.add_argument("--json", action="store_true", help=_("print the gate as JSON"))
    show.set_defaults(handler=gate_cmd, show=True)

    add = ps.add_parser("add", parents=[common], help=_("plan a new phase; prints its number"))
    _phase_fields(add, required=True)
    add.add_argument("--kind", choices=KINDS, default="pilot", help=_("step of the rollout"))
    add.set_defaults(handler=add_cmd)

    edit = ps.add_parser("edit", parents=[common], help=_("change a phase's plan or scope"))
    edit.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    _phase_fields(edit, required=False)
    edit.set_defaults(handler=edit_cmd)

    for name, text in (("start", _("start a planned phase today")),
                       ("hold", _("put a phase on hold")),
                       ("close", _("close a phase whose gate the sponsor signed"))):
        p = ps.add_parser(name, parents=[common], help=text)
        p.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
        p.set_defaults(handler=status_cmd, action=name)

    ev = ps.add_parser("evaluate", parents=[common],
                       help=_("the phase evaluation with the sponsor's decision"))
    ev.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    ev.add_argument("--results", required=True, help=_("what the phase achieved against its goal"))
    ev.add_argument("--adjustments", default="", help=_("what was adjusted"))
    ev.add_argument("--decision", required=True, choices=DECISIONS, help=_("the decision"))
    ev.add_argument("--by", metavar="NAME", help=_("the sponsor taking it (default: --as)"))
    ev.set_defaults(handler=evaluate_cmd)

    evid = ps.add_parser("evidence", parents=[common], help=_("record an evidence item's proof"))
    _item_args(evid)
    evid.add_argument("--note", default="", help=_("what proves it"))
    evid.add_argument("--link", default="", help=_("a link to the evidence"))
    evid.add_argument("--file", default="", help=_("a file; its size and SHA-256 are recorded"))
    evid.set_defaults(handler=evidence_cmd)

    so = ps.add_parser("signoff", parents=[common],
                       help=_("sign off an evidence item (by the role it names)"))
    _item_args(so)
    so.add_argument("--by", metavar="NAME", help=_("who signs (default: --as)"))
    so.set_defaults(handler=signoff_cmd)

    wv = ps.add_parser("waive", parents=[common], help=_("waive a failing gate item"))
    _item_args(wv)
    wv.add_argument("--reason", required=True, help=_("why the gate may pass without it"))
    wv.add_argument("--until", required=True, type=_day, metavar="YYYY-MM-DD",
                    help=_("the waiver's last day"))
    wv.add_argument("--by", metavar="NAME", help=_("who grants it (default: --as)"))
    wv.set_defaults(handler=waive_cmd)

    sign = ps.add_parser("sign", parents=[common],
                         help=_("the sponsor signs the gate; its figures are frozen"))
    sign.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    sign.add_argument("--by", metavar="NAME", help=_("the sponsor (default: --as)"))
    sign.set_defaults(handler=sign_cmd)

    ip = ps.add_parser("integration", parents=[common],
                       help=_("list an integration point with its owner and state"))
    ip.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    ip.add_argument("--name", required=True, help=_("what is exchanged"))
    ip.add_argument("--system", default="", help=_("the other system"))
    ip.add_argument("--owner", default="", help=_("who is responsible"))
    ip.add_argument("--state", default="planned", choices=STATES, help=_("how far it is"))
    ip.set_defaults(handler=integration_cmd)

    people = ps.add_parser("people", parents=[common],
                           help=_("name the sponsor, consultant and internal owner"))
    people.add_argument("--sponsor", help=_("the executive sponsor"))
    people.add_argument("--consultant", help=_("the implementation consultant"))
    people.add_argument("--internal-owner", help=_("the internal owner"))
    people.set_defaults(handler=people_cmd)

    health = ps.add_parser("health", parents=[common], help=_("the 1+5 health panel"))
    health.add_argument("--json", action="store_true", help=_("print the panel as JSON"))
    health.set_defaults(handler=health_cmd)


def _phase_fields(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--name", required=required, help=_("short name"))
    p.add_argument("--goal", required=required, help=_("what the phase must achieve"))
    p.add_argument("--departments", type=_names, metavar="A,B", help=_("departments in scope"))
    p.add_argument("--regions", type=_names, metavar="A,B", help=_("regions in scope"))
    p.add_argument("--functions", type=_names, metavar="A,B", help=_("CRM functions opened"))
    p.add_argument("--planned-start", type=_day, metavar="YYYY-MM-DD", help=_("planned start"))
    p.add_argument("--planned-end", type=_day, metavar="YYYY-MM-DD", help=_("planned end"))
    p.add_argument("--order", type=int, help=_("position in the rollout"))


def _item_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("phase", type=int, metavar="PHASE", help=_("phase number"))
    p.add_argument("item", metavar="ITEM", help=_("gate item: its id or 1-based position"))


def _done(store: Store, phase: Phase, what: str) -> int:
    from crmgov.services.phases.manage import number_of

    print(_("{what}: {id}. {name}", what=what, id=number_of(store, phase), name=phase.name))
    return EXIT_OK


def _id(store: Store, number: int) -> int:
    """The record id of the phase a person names by its number (rollout position)."""
    from crmgov.services.phases.manage import phase_by_number

    return phase_by_number(store, number).id


# ------------------------------------------------------------------------ handlers
def gate_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import evaluate
    from crmgov.services.phases.present import gate_json, gate_lines

    store = ctx.open_store()
    result = evaluate(store, None if args.phase is None else _id(store, args.phase), now())
    if args.json:
        print_json(gate_json(result))
    else:
        print("\n".join(gate_lines(result)))
    if getattr(args, "show", False):
        return EXIT_OK
    return EXIT_OK if result.passes else EXIT_CHECK_FAILED


def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.present import phase_rows

    rows = phase_rows(ctx.open_store(), now())
    if args.json:
        print_json(rows)
        return EXIT_OK
    from crmgov.textwidth import fit

    for r in rows:
        print(f"{r['number']:>3}  {fit(r['name'], 36)}  {fit(r['status_label'], 10)}  "
              f"{r['gate_met']}/{r['gate_total']}  {r['state_label']}")
    if not rows:
        print(_("no rollout phase planned yet (crmgov phase add)"))
    return EXIT_OK


def add_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.phases.manage import add_phase, number_of

    store = ctx.open_store()
    phase = add_phase(
        store, name=args.name, goal=args.goal, kind=args.kind,
        departments=args.departments or (), regions=args.regions or (),
        functions=args.functions or (), planned_start=args.planned_start,
        planned_end=args.planned_end, order=args.order,
    )
    print(number_of(store, phase))
    return EXIT_OK


def edit_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.phases.manage import EDITABLE, edit_phase

    changes = {k: getattr(args, k) for k in EDITABLE if getattr(args, k, None) is not None}
    store = ctx.open_store()
    return _done(store, edit_phase(store, _id(store, args.phase), **changes), _("edited"))


def status_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases import manage

    store = ctx.open_store()
    pid = manage.phase_by_number(store, args.phase).id
    if args.action == "start":
        return _done(store, manage.start_phase(store, pid, now().date()), _("started"))
    if args.action == "hold":
        return _done(store, manage.hold_phase(store, pid), _("on hold"))
    return _done(store, manage.close_phase(store, pid, now().date()), _("closed"))


def evaluate_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import record_evaluation

    store = ctx.open_store()
    phase = record_evaluation(
        store, _id(store, args.phase), results=args.results, adjustments=args.adjustments,
        decision=args.decision, by=args.by or ctx.settings.actor, today=now().date())
    return _done(store, phase, _("evaluated"))


def evidence_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.phases.gate import record_evidence

    store = ctx.open_store()
    phase = record_evidence(store, _id(store, args.phase), args.item, note=args.note,
                            link=args.link, file=args.file)
    return _done(store, phase, _("evidence recorded"))


def signoff_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import sign_off_item

    store = ctx.open_store()
    phase = sign_off_item(store, _id(store, args.phase), args.item,
                          by=args.by or ctx.settings.actor, now=now())
    return _done(store, phase, _("signed off"))


def waive_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import waive_item

    store = ctx.open_store()
    phase = waive_item(store, _id(store, args.phase), args.item, reason=args.reason,
                       by=args.by or ctx.settings.actor, until=args.until, now=now())
    return _done(store, phase, _("waived"))


def sign_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import sign_gate

    store = ctx.open_store()
    phase = sign_gate(store, _id(store, args.phase), by=args.by or ctx.settings.actor,
                      now=now())
    return _done(store, phase, _("gate signed"))


def integration_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.phases.manage import add_integration_point

    store = ctx.open_store()
    phase = add_integration_point(store, _id(store, args.phase), name=args.name,
                                  system=args.system, owner=args.owner, state=args.state)
    return _done(store, phase, _("integration point listed"))


def people_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.phases.manage import set_people

    project = set_people(ctx.open_store(), sponsor=args.sponsor, consultant=args.consultant,
                         internal_owner=args.internal_owner)
    print(_("sponsor: {s} · consultant: {c} · internal owner: {o}",
            s=project.executive_sponsor or "—", c=project.consultant or "—",
            o=project.internal_owner or "—"))
    return EXIT_OK


def health_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.phases.gate import health_panel

    checks = health_panel(ctx.open_store(), now())
    if args.json:
        print_json([{"key": c.key, "title": c.title, "passed": c.passed, "detail": c.detail}
                    for c in checks])
    else:
        for c in checks:
            print(_("{mark} {title}: {detail}", mark="✓" if c.passed else "✗", title=c.title,
                    detail=c.detail))
    return EXIT_OK
