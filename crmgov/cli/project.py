"""`crmgov init`, `crmgov demo`, `crmgov status`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmgov.cli.common import EXIT_OK, CommandError, Context, percent, print_fields, print_json
from crmgov.i18n import _, set_language

if TYPE_CHECKING:
    from crmgov.storage.interface import Store

#: Where `crmgov demo` writes when no PATH is given.
DEMO_FILE = "crmgov-demo.json"


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    init = sub.add_parser(
        "init", parents=[common],
        help=_("create a new, empty project: a file, or a database (--database DSN)"),
        description=_("PATH makes a project file. --database postgresql://USER@HOST/DB (or "
                      "$CRMGOV_DATABASE) makes the project in that PostgreSQL database "
                      "instead; it must hold no crmgov project yet (README \"Working as a "
                      "team\")."),
    )
    init.add_argument(
        "path", metavar="PATH", type=Path, nargs="?",
        help=_("where to write the project file (or give --database DSN)"),
    )
    init.add_argument("--name", required=True, help=_("project name"))
    init.add_argument("--company", default="", help=_("company implementing the CRM"))
    init.add_argument(
        "--go-live", type=date.fromisoformat, metavar="YYYY-MM-DD", help=_("target go-live date")
    )
    init.set_defaults(handler=init_cmd)

    demo = sub.add_parser(
        "demo", parents=[common], help=_("write the demo project and open it in the TUI")
    )
    demo.add_argument(
        "path",
        metavar="PATH",
        type=Path,
        nargs="?",
        default=Path(DEMO_FILE),
        help=_("where to write it (default: ./{name})", name=DEMO_FILE),
    )
    demo.add_argument("--no-tui", action="store_true", help=_("write the file only"))
    demo.add_argument(
        "--fresh", action="store_true", help=_("rewrite the demo file even if it exists")
    )
    demo.set_defaults(handler=demo_cmd)

    status = sub.add_parser(
        "status", parents=[common], help=_("go-live readiness summary of the project")
    )
    status.add_argument("--json", action="store_true", help=_("print the documented status JSON"))
    status.set_defaults(handler=status_cmd)


def init_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.projects import init_project
    from crmgov.storage.errors import StoreError

    location = ctx.settings.database if args.path is None else args.path
    if location is None:
        raise CommandError(_("give the project file's PATH, or --database DSN"))
    try:
        store = init_project(
            location,
            args.name,
            ctx.settings.actor,
            language=ctx.settings.language or "en",
            company=args.company,
            go_live_target=args.go_live,
        )
    except StoreError as exc:
        raise CommandError(str(exc), exc.exit_code) from None
    except ValueError as exc:
        raise CommandError(_("invalid project: {error}", error=exc)) from None
    print(_("created {path}", path=store.location))
    ctx.opened = store  # closed when the command is done
    return EXIT_OK


def demo_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.demo.writer import DemoRefused, write_demo
    from crmgov.storage.errors import StoreError

    path: Path = args.path
    try:
        if args.fresh or not path.exists():
            store = write_demo(path, ctx.settings.actor, language=ctx.settings.language or "en")
            print(_("wrote the demo project to {path}", path=path))
            if not args.no_tui:
                _remember_figures(store, ctx)
        else:
            print(
                _("opening the existing demo project {path} (use --fresh to rewrite it)", path=path)
            )
    except (StoreError, DemoRefused) as exc:
        raise CommandError(str(exc)) from None
    if args.no_tui:
        return EXIT_OK
    from dataclasses import replace

    from crmgov.cli.tui_cmd import open_tui

    # The demo file just written, even when $CRMGOV_DATABASE names the team's database.
    ctx.settings = replace(ctx.settings, project_path=path, database=None)
    return open_tui(ctx)


def _remember_figures(store: Store, ctx: Context) -> None:
    """A newcomer's first start shows the demo's figures in its first frame
    (services.status.snapshot), without waiting for a status child (~0.05 s here)."""
    from crmgov.services.status.snapshot import remember_status
    from crmgov.services.status.summary import project_status

    try:
        remember_status(store, project_status(store, ctx.settings.clock()))
    except OSError:
        pass  # no cache folder: only this start is slower


def status_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.labels import describe_blocker
    from crmgov.services.status.summary import project_status

    indexed = ctx.open_indexed()  # a big project answers from its issue index
    r = indexed.status(now()) if indexed else project_status(ctx.open_store(), now())
    if args.json:
        print_json(r.to_json())
        return EXIT_OK
    c, i, s, p, q = r.certification, r.issues, r.sops, r.plan, r.quality
    phase = r.current_phase
    rows = [
        (_("Project"), f"{r.project.name} · {r.project.company}".strip(" ·")),
        (_("Go-live target"), str(r.project.go_live_target or "—")),
        (
            _("Current phase"),
            _(
                "{name}: gate {met}/{total}",
                name=phase.name,
                met=phase.gate_met,
                total=phase.gate_total,
            )
            if phase
            else (_("all phases done") if r.phases else _("no phase planned")),
        ),
        (
            _("Certification"),
            _(
                "{certified}/{required} certified ({coverage})",
                certified=c.certified,
                required=c.required,
                coverage=percent(c.coverage),
            )
            if c.required
            else _("no staff in CRM roles yet (add them: crmgov staff add)"),
        ),
        (
            _("Open issues"),
            _(
                "{total} ({urgent} urgent, {general} general)",
                total=i.open_total,
                urgent=i.open_urgent,
                general=i.open_general,
            ),
        ),
        (
            _("Overdue issues"),
            _(
                "{total} ({urgent} urgent, {general} general)",
                total=i.overdue_total,
                urgent=i.overdue_urgent,
                general=i.overdue_general,
            ),
        ),
        (_("SOPs approved"), f"{s.approved}/{s.total}"),
        (_("Plan reviewed"), f"{p.reviewed}/{p.items}"),
        (_("Data within threshold"), f"{q.within_threshold}/{q.tables}"),
    ]
    print_fields(rows)
    print()
    if r.ready:
        print(_("Ready for go-live: every figure is backed by evidence."))
    else:
        print(_("Not ready for go-live:"))
        for b in r.blockers:
            subject = r.quality.failing if b.code == "data_quality" else b.subject
            print(f"  - {describe_blocker(b.code, b.count, subject)}")
    return EXIT_OK


__all__ = ["register", "set_language"]
