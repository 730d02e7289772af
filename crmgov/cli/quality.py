"""`crmgov data check|init-mapping|runs|pairs|decide|merge-list|issue`: base-data quality."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crmgov.cli.common import EXIT_CHECK_FAILED, EXIT_OK, CommandError, Context, print_json
from crmgov.i18n import _, os_reason

if TYPE_CHECKING:
    from crmgov.domain.quality.results import QualityRun

MARKS = {"ok": "✓", "warn": "!", "fail": "✗"}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    data = sub.add_parser("data", parents=[common],
                          help=_("base-data quality: check CRM exports, duplicates, trends"))
    dsub = data.add_subparsers(dest="data_command", metavar=_("COMMAND"), required=True)

    check = dsub.add_parser(
        "check", parents=[common],
        help=_("check CRM exports (CSV/XLSX) and save the results as a dated snapshot"),
        description=_("Thresholds: under 5% per table, 1% for key fields and pointers, "
                      "20% for sales leads. Exit 1 when a table or rule fails."),
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="EXPORT_DIR|FILE",
                       help=_("an export folder, or export files"))
    check.add_argument("--mapping", type=Path, metavar="FILE",
                       help=_("mapping file (default: crmgov-mapping.toml in the folder, "
                              "else guessed from the headers)"))
    check.add_argument("--json", action="store_true", help=_("print the results as JSON"))
    check.add_argument("--no-save", action="store_true",
                       help=_("check only: no project needed, nothing saved"))
    check.add_argument("--open-issues", action="store_true",
                       help=_("open a data issue for each failing check"))
    check.set_defaults(handler=check_cmd)

    init = dsub.add_parser("init-mapping", parents=[common],
                           help=_("write a starter mapping file from the exports' headers"))
    init.add_argument("folder", type=Path, metavar="EXPORT_DIR", help=_("the export folder"))
    init.add_argument("--out", type=Path, metavar="FILE",
                      help=_("where to write (default: EXPORT_DIR/crmgov-mapping.toml)"))
    init.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    init.set_defaults(handler=init_cmd)

    hist = dsub.add_parser("runs", parents=[common], help=_("every saved check, with trends"))
    hist.add_argument("--json", action="store_true", help=_("print the runs as JSON"))
    hist.set_defaults(handler=runs_cmd)

    pairs = dsub.add_parser("pairs", parents=[common],
                            help=_("duplicate pairs of the latest check, with decisions"))
    pairs.add_argument("--table", default=None, help=_("only this table"))
    pairs.add_argument("--json", action="store_true", help=_("print the pairs as JSON"))
    pairs.set_defaults(handler=pairs_cmd)

    decide = dsub.add_parser("decide", parents=[common],
                             help=_("decide a duplicate pair: same, different or skip"))
    decide.add_argument("table", help=_("table of the pair"))
    decide.add_argument("a", metavar="ID_A", help=_("one record id"))
    decide.add_argument("b", metavar="ID_B", help=_("the other record id"))
    decide.add_argument("decision", choices=("same", "different", "skip"),
                        help=_("same, different or skip"))
    decide.set_defaults(handler=decide_cmd)

    merge = dsub.add_parser("merge-list", parents=[common],
                            help=_("export the merge list for the CRM administrator"))
    merge.add_argument("file", type=Path, metavar="FILE", help=_("a .csv or .xlsx file"))
    merge.set_defaults(handler=merge_cmd)

    issue = dsub.add_parser("issue", parents=[common],
                            help=_("open a data issue for a failing check of the latest run"))
    issue.add_argument("check", metavar="CHECK",
                       help=_("TABLE, or TABLE/RULE:FIELD as `data check` lists them"))
    issue.set_defaults(handler=issue_cmd)


def _errors() -> tuple[type[Exception], ...]:
    from crmgov.domain.quality.mapping import MappingError
    from crmgov.services.quality.exports import ExportError
    from crmgov.services.quality.issues import QualityError

    return MappingError, ExportError, QualityError


def check_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.quality.check import check_and_save, runs
    from crmgov.services.quality.issues import failing_checks, open_failing_issues

    store = None if args.no_save else ctx.open_store()
    try:
        run = check_and_save(store, args.paths, args.mapping, now(),
                             None if args.json else _progress,
                             relative_to=store.path.parent if store else None)
    except _errors() as exc:
        raise CommandError(str(exc)) from None
    opened = open_failing_issues(store, run, now()) if store and args.open_issues else []
    history = runs(store) if store else [run]
    if args.json:
        print_json(_run_json(run, history, opened))
    else:
        _print_run(run, history, opened)
    return EXIT_CHECK_FAILED if failing_checks(run) else EXIT_OK


def _progress(done: float, what: str) -> None:
    if sys.stderr.isatty():
        bar = "█" * int(done * 20)
        sys.stderr.write(f"\r{bar:<20} {done:4.0%} {what[:40]:<40}")
        if done >= 1:
            sys.stderr.write("\r" + " " * 70 + "\r")
        sys.stderr.flush()


def _run_json(run: QualityRun, history: list[QualityRun], opened: list[Any]) -> dict[str, Any]:
    from crmgov.services.quality.issues import failing_checks
    from crmgov.services.quality.summary import findings

    return {
        **run.model_dump(mode="json"),
        "error_rates": {t.table: round(t.error_rate, 6) for t in run.tables},
        "failing": [f.check for f in failing_checks(run)],
        "findings": findings(history),
        "issues": [{"check": c, "id": i.id, "new": new, "recurring": i.recurring}
                   for c, i, new in opened],
    }


def _print_run(run: QualityRun, history: list[QualityRun], opened: list[Any]) -> None:
    from crmgov.domain.quality.rules import limit_text
    from crmgov.services.quality.summary import findings
    from crmgov.textwidth import cell_len, fit

    width = max([12, *(cell_len(t.label) for t in run.tables)])
    head = _("run {id}", id=run.id) if run.id else _("not saved")
    print(f"{run.run_at:%Y-%m-%d %H:%M}  {head}")
    for t in run.tables:
        print(f"{MARKS[t.verdict]} {fit(t.label, width)}  {t.rows:>8,}  "
              f"{t.error_rate:6.1%} / {limit_text(t.fail)}")
        for r in t.rules:
            if r.verdict != "ok":
                rate = r.violations / t.rows if t.rows else 0.0
                print(f"    {MARKS[r.verdict]} {t.table}/{r.label}: {r.violations:,} "
                      f"({rate:.1%} / {limit_text(r.fail)})")
    for line in findings(history):
        print("• " + line)
    for check, issue, new in opened:
        text = _("opened issue {id}", id=issue.id) if new else _("already open: issue {id}",
                                                                  id=issue.id)
        extra = " " + _("(recurring)") if issue.recurring else ""
        print(f"  {check}: {text}{extra}")


def init_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.quality.starter import init_mapping

    try:
        path = init_mapping(args.folder, args.out, args.force)
    except FileExistsError as exc:
        raise CommandError(_("{path} exists; use --force to overwrite it", path=exc)) from None
    except _errors() as exc:
        raise CommandError(str(exc)) from None
    print(path)
    return EXIT_OK


def runs_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.quality.check import runs
    from crmgov.services.quality.summary import findings, trend_rows
    from crmgov.textwidth import fit

    store = ctx.open_store()
    history = runs(store)
    if args.json:
        print_json({
            "runs": [{"id": r.id, "run_at": r.run_at.isoformat(), "source": r.source,
                      "error_rates": {t.table: round(t.error_rate, 6) for t in r.tables}}
                     for r in history],
            "trend": [{"table": t.table, "rule": t.rule, "rates": [round(v, 6) for v in t.rates],
                       "worsening": t.worsening} for t in trend_rows(history)],
            "findings": findings(history),
        })
        return EXIT_OK
    for r in history:
        print(f"{r.id:>4}  {r.run_at:%Y-%m-%d %H:%M}  {r.source}")
    for row in trend_rows(history):
        if not row.rule:
            mark = " ↑" if row.worsening else ""
            rates = " ".join(f"{v:.1%}" for v in row.rates)
            print(f"{fit(row.label, 20)}  {row.spark}  {rates}{mark}")
    for line in findings(history):
        print("• " + line)
    return EXIT_OK


def pairs_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.quality.review import review_pairs

    store = ctx.open_store()
    pairs = review_pairs(store, args.table)
    if args.json:
        print_json([{"table": p.table, **p.pair.model_dump(), "decision": p.decision}
                    for p in pairs])
        return EXIT_OK
    for p in pairs:
        flag = "=" if p.pair.flagged else "?"
        print(f"{flag} {p.table}  {p.pair.a} / {p.pair.b}  {p.pair.score:5.1f}  "
              f"{p.pair.name_a}  |  {p.pair.name_b}  {p.decision}")
    return EXIT_OK


def decide_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.quality.review import decide

    store = ctx.open_store()
    try:
        decide(store, args.table, args.a, args.b, args.decision, now())
    except _errors() as exc:
        raise CommandError(str(exc)) from None
    texts = {"same": _("the same record: it goes on the merge list"),
             "different": _("two records: no longer counted as a duplicate"),
             "skip": _("skipped: nothing stored, the pair stays to review")}
    print(f"{args.table} {args.a} / {args.b}: {texts[args.decision]}")
    return EXIT_OK


def merge_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.services.quality.review import export_merge_list

    store = ctx.open_store()
    try:
        count = export_merge_list(store, args.file)
    except OSError as exc:
        raise CommandError(f"{args.file}: {os_reason(exc)}") from None
    except _errors() as exc:
        raise CommandError(str(exc)) from None
    print(_("{count} pair(s) written to {path}", count=count, path=args.file))
    return EXIT_OK


def issue_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.quality.check import runs
    from crmgov.services.quality.issues import open_check_issue

    store = ctx.open_store()
    history = runs(store)
    if not history:
        raise CommandError(_("no data check has been saved yet"))
    try:
        issue = open_check_issue(store, history[-1].id, args.check, now())
    except _errors() as exc:
        raise CommandError(str(exc)) from None
    print(issue.id)
    if issue.recurring:
        from crmgov.services.quality.check import list_sep

        print(_("recurring: this check failed before (issues {ids})",
                ids=list_sep().join(str(i) for i in issue.related_ids)), file=sys.stderr)
    return EXIT_OK
