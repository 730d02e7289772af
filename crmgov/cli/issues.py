"""`crmgov issue add|list|show|close|import|export`: the open-issue log from the shell."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from crmgov.cli.common import EXIT_OK, CommandError, Context, print_fields, print_json
from crmgov.i18n import _, join_list, os_reason

if TYPE_CHECKING:
    from crmgov.domain.issues.model import Issue
    from crmgov.services.issues.rows import IssueRow
    from crmgov.storage.interface import Store

URGENCIES = ("urgent", "general")
CATEGORIES = (
    "data",
    "process",
    "system",
    "training",
    "integration",
    "deferred_scope",
    "special_case",
    "support",
)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    issue = sub.add_parser("issue", parents=[common], help=_("the open-issue log"))
    isub = issue.add_subparsers(dest="issue_command", metavar=_("COMMAND"), required=True)

    add = isub.add_parser("add", parents=[common], help=_("log a new issue; prints its id"))
    add.add_argument("--title", required=True, help=_("one-line summary"))
    add.add_argument("--description", required=True, help=_("what happened (mandatory)"))
    add.add_argument("--urgency", required=True, choices=URGENCIES, help=_("urgent or general"))
    add.add_argument("--category", default="system", choices=CATEGORIES, help=_("kind of problem"))
    add.add_argument("--owner", default="", help=_("who solves it"))
    add.add_argument("--requester", default="", help=_("who raised it"))
    add.add_argument("--demands", default="", help=_("the requester's concrete demands"))
    add.add_argument("--phase", type=int, default=None, metavar="N",
                     help=_("rollout phase number (as `phase list` shows it)"))
    add.add_argument("--sop", type=int, default=None, metavar="ID", help=_("SOP id"))
    add.add_argument("--self-handling", default="", help=_("how the company handles this itself"))
    add.set_defaults(handler=add_cmd)

    lst = isub.add_parser("list", parents=[common], help=_("list issues (open ones by default)"))
    lst.add_argument(
        "--status",
        default="open",
        metavar="STATUS",
        help=_("open (default), closed, all, or one status: new, triaged, in_progress, …"),
    )
    lst.add_argument("--urgency", choices=URGENCIES, help=_("only this urgency"))
    lst.add_argument("--overdue", action="store_true", help=_("only issues past their due time"))
    lst.add_argument(
        "--at-risk", action="store_true", help=_("only open issues in the last 20% of their window")
    )
    lst.add_argument("--owner", help=_("only issues of this owner"))
    lst.add_argument("--mine", action="store_true", help=_("only issues I own"))
    lst.add_argument("--recurring", action="store_true", help=_("only recurring issues"))
    lst.add_argument("--text", default="", help=_("only issues containing this text"))
    lst.add_argument("--json", action="store_true", help=_("print a JSON list of issues"))
    lst.set_defaults(handler=list_cmd)

    show = isub.add_parser("show", parents=[common], help=_("one issue in full"))
    show.add_argument("id", type=int, metavar="ID", help=_("issue number"))
    show.add_argument("--json", action="store_true", help=_("print the issue as JSON"))
    show.set_defaults(handler=show_cmd)

    close = isub.add_parser("close", parents=[common], help=_("close an issue with its root cause"))
    close.add_argument("id", type=int, metavar="ID", help=_("issue number"))
    close.add_argument("--root-cause", required=True, help=_("why it happened"))
    close.add_argument("--corrective", default="", help=_("what fixed this occurrence"))
    close.add_argument("--preventive", default="", help=_("what stops it recurring"))
    close.add_argument(
        "--no-preventive-reason", default="", help=_("why no preventive action is needed")
    )
    close.add_argument(
        "--fed-back",
        action="store_true",
        help=_("the preventive action was fed back to the requester"),
    )
    close.add_argument(
        "--self-handling", default=None, help=_("how the company handles this itself")
    )
    close.set_defaults(handler=close_cmd)

    imp = isub.add_parser("import", parents=[common], help=_("import issues from CSV or XLSX"))
    imp.add_argument(
        "file", type=Path, metavar="FILE",
        help=_("a .csv or .xlsx file with the columns `issue export` writes (English or Chinese)"),
    )
    imp.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the valid rows and write the rejected ones to a file"),
    )
    imp.add_argument(
        "--rejects",
        type=Path,
        metavar="PATH",
        help=_("where rejected rows go (default: FILE.rejected.csv)"),
    )
    imp.add_argument(
        "--as-new",
        action="store_true",
        help=_("the file is another project's export: every row becomes a new issue, related "
               "ids are remapped within the file, phases and SOPs are found by name and code"),
    )
    imp.set_defaults(handler=import_cmd)

    exp = isub.add_parser(
        "export", parents=[common],
        help=_("export issues to CSV or XLSX (all of them, or those the filters keep)"),
    )
    exp.add_argument(
        "file", type=Path, metavar="FILE", help=_("where to write: a .csv or .xlsx file")
    )
    _filter_options(exp, default_status="all")
    exp.set_defaults(handler=export_cmd)


def _filter_options(parser: argparse.ArgumentParser, *, default_status: str) -> None:
    """The filters `issue export` shares with `issue list` (one IssueFilter for both)."""
    parser.add_argument(
        "--status",
        default=default_status,
        metavar="STATUS",
        help=_("all (default), open, closed, or one status: new, triaged, in_progress, …"),
    )
    parser.add_argument("--urgency", choices=URGENCIES, help=_("only this urgency"))
    parser.add_argument(
        "--overdue", action="store_true", help=_("only issues past their due time")
    )
    parser.add_argument(
        "--at-risk", action="store_true",
        help=_("only open issues in the last 20%% of their window"),
    )
    parser.add_argument("--owner", help=_("only issues of this owner"))
    parser.add_argument("--mine", action="store_true", help=_("only issues I own"))
    parser.add_argument("--recurring", action="store_true", help=_("only recurring issues"))
    parser.add_argument("--text", default="", help=_("only issues containing this text"))


def _issue_filter(args: argparse.Namespace) -> Any:
    """The IssueFilter of `issue list` / `issue export` options (validated)."""
    from crmgov.services.issues.log import IssueFilter

    return IssueFilter(
        status=args.status,
        urgency=args.urgency,
        overdue=args.overdue,
        at_risk=args.at_risk,
        owner=args.owner,
        recurring=True if args.recurring else None,
        text=args.text,
        mine=args.mine,
    ).validate()


def sla_fields(row: IssueRow, now: datetime) -> dict[str, Any]:
    """The `sla` and `age_days` keys the issue JSON adds to the stored fields."""
    return {
        "sla": {
            "state": row.sla_state.value,
            "due_at": row.due_at.isoformat(),
            "remaining_hours": round((row.due_at - now).total_seconds() / 3600, 2),
        },
        "age_days": row.age_days,
    }


def issue_json(store: Store, issue: Issue, now: datetime) -> dict[str, Any]:
    """The documented JSON shape: every Issue field, plus `sla` and `age_days`."""
    from crmgov.services.issues.log import rows_of

    (row,) = rows_of([issue], store, now, with_text=False)
    return {**issue.model_dump(mode="json"), **sla_fields(row, now)}


class StoredJson(Protocol):
    """Where a listing's rows and their stored JSON come from: a Store, or an
    IndexedProject (services.issues.index)."""

    def stored_json_many(self, table: str, record_ids: list[int]) -> list[bytes]: ...


class _Bodies:
    """The stored JSON of a listing's rows, read with them (`matching_rows_json`)."""

    def __init__(self, rows: list[IssueRow], bodies: list[bytes]) -> None:
        self._rows, self._bodies = rows, bodies

    def stored_json_many(self, table: str, record_ids: list[int]) -> list[bytes]:
        if record_ids != [r.id for r in self._rows]:
            raise KeyError(table)  # only the rows read with them
        return self._bodies


def write_issues_json(store: StoredJson, rows: list[Any], now: datetime) -> None:
    """Print `issue_json` objects for many issues: a JSON list, one issue per line.

    Each issue's stored JSON text is reused as it is and only `id`, `sla` and `age_days`
    are added: dumping 66k models again (the overdue issues of a 100k project) and
    re-parsing them cost ~2.3 s; this costs ~0.3 s.
    """
    import orjson

    from crmgov.domain.enums import SLAState

    out = [b"["]
    bodies = store.stored_json_many("issues", [row.id for row in rows])
    dumps = orjson.dumps
    states = {state: state.value.encode() for state in SLAState}
    sep = b"\n"
    for row, body in zip(rows, bodies, strict=True):
        # orjson.dumps(sla_fields(row, now))[1:], without building the dicts (a test
        # holds the bytes equal): 66k overdue issues of a 100k project. One formatting
        # per issue (~20% less CPU than two: 0.30-0.33 s against 0.38-0.49 s).
        due = row.due_at
        out.append(
            b'%b{"id":%d,%b,"sla":{"state":"%b","due_at":"%b","remaining_hours":%b},'
            b'"age_days":%d}' % (
                sep, row.id, body[1:-1], states[row.sla_state], due.isoformat().encode(),
                dumps(round((due - now).total_seconds() / 3600, 2)), row.age_days,
            )
        )
        sep = b",\n"
    out.append(b"\n]\n" if rows else b"]\n")
    sys.stdout.flush()
    sys.stdout.buffer.write(b"".join(out))
    sys.stdout.buffer.flush()


def add_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.issues.log import add_issue

    store = ctx.open_store()
    phase_id = None
    if args.phase is not None:
        from crmgov.services.phases.manage import phase_by_number

        phase_id = phase_by_number(store, args.phase).id
    issue = add_issue(
        store,
        title=args.title,
        description=args.description,
        urgency=args.urgency,
        category=args.category,
        owner=args.owner,
        requester=args.requester,
        demands=args.demands,
        phase_id=phase_id,
        sop_id=args.sop,
        self_handling=args.self_handling,
        now=now(),
    )
    print(issue.id)
    if issue.recurring:
        ids = join_list(f"#{i}" for i in issue.related_ids)
        print(_("recurring: resembles {ids}", ids=ids), file=sys.stderr)
    return EXIT_OK


def list_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.issues.log import IssueFilter, matching_rows
    from crmgov.services.issues.rows import matching_rows_json
    from crmgov.textwidth import fit, visible

    flt = IssueFilter(
        status=args.status,
        urgency=args.urgency,
        overdue=args.overdue,
        at_risk=args.at_risk,
        owner=args.owner,
        recurring=True if args.recurring else None,
        text=args.text,
        mine=args.mine,
    )
    flt.validate()
    at = now()
    # The issue index answers without validating every issue; it has no search text.
    indexed = None if flt.text.strip() else ctx.open_indexed()
    source: StoredJson
    if indexed is not None:
        source, rows = indexed, indexed.matching_rows(flt, at)
    else:
        store = ctx.open_store()
        # A database: the rows and their JSON in one query (None for a file).
        both = matching_rows_json(store, flt, at) if args.json else None
        if both is not None:
            rows, bodies = both
            source = _Bodies(rows, bodies)
        else:
            source, rows = store, matching_rows(store, flt, at)
    if args.json:
        write_issues_json(source, rows, at)
        return EXIT_OK
    from crmgov.domain.enums import IssueStatus, SLAState, Urgency
    from crmgov.domain.labels import label

    print(
        f"{fit('#', 6)} {fit(_('Urgency'), 8)} {fit(_('Status'), 11)} {fit(_('SLA'), 10)} "
        f"{fit(_('Age'), 5)} {fit(_('Owner'), 12)} {_('Title')}"
    )
    # The same few urgencies, states, ages and owners on thousands of lines: each cell
    # fitted once, then looked up without a Python call (66k overdue issues of a 100k
    # project: ~1 s of fitting otherwise, ~0.15 s of calls through one helper).
    urgencies, statuses, states = ({value: fit(label(value), width) for value in kind}
                                   for kind, width in ((Urgency, 8), (IssueStatus, 11),
                                                       (SLAState, 10)))
    ages = _Fitted(lambda days: fit(_("{n}d", n=days), 5))
    owners = _Fitted(lambda owner: fit(owner or "—", 12))
    lines = [
        # An id of up to 6 digits is its own cell (digits: nothing to escape or cut).
        f"{f'{r.id:<6}' if r.id < 1_000_000 else fit(str(r.id), 6)} "
        f"{urgencies[r.urgency]} {statuses[r.status]} {states[r.sla_state]} {ages[r.age_days]} "
        f"{owners[r.owner]} {'↻ ' if r.recurring else ''}{visible(r.title)}\n"
        for r in rows
    ]
    sys.stdout.write("".join(lines))
    print(_("{count} issue(s)", count=len(rows)), file=sys.stderr)
    if not rows:
        print(_("no issue matches: {filters}", filters=_filter_words(args, ctx)), file=sys.stderr)
    return EXIT_OK


class _Fitted(dict[Any, str]):
    """A cell per value, made by `make` the first time the value is asked for."""

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: Any) -> str:
        self[value] = cell = self._make(value)
        return cell


def _filter_words(args: argparse.Namespace, ctx: Context) -> str:
    """The filters of `issue list` in words, so an empty result says what was asked."""
    from crmgov.domain.enums import IssueStatus, Urgency
    from crmgov.domain.labels import label

    groups = {"open": _("open"), "closed": _("closed"), "all": _("all")}
    status = groups.get(args.status) or (
        label(IssueStatus(args.status)) if args.status in set(IssueStatus) else args.status)
    words = [_("status {status}", status=status)]
    if args.urgency:
        urgency = label(Urgency(args.urgency)) if args.urgency in set(Urgency) else args.urgency
        words.append(_("urgency {urgency}", urgency=urgency))
    for flag, text in (("overdue", _("overdue")), ("at_risk", _("at risk")),
                       ("recurring", _("recurring"))):
        if getattr(args, flag):
            words.append(text)
    if args.mine:
        words.append(_("mine (owner {who})", who=ctx.settings.actor))
    if args.owner:
        words.append(_("owner {who}", who=args.owner))
    if args.text:
        words.append(_("text “{text}”", text=args.text))
    return join_list(words)


def show_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.labels import label
    from crmgov.services.issues.log import get_issue

    store = ctx.open_store()
    issue = get_issue(store, args.id)
    data = issue_json(store, issue, now())
    if args.json:
        print_json(data)
        return EXIT_OK
    from crmgov.domain.enums import SLAState

    rows = [
        (_("Title"), issue.title),
        (_("Status"), label(issue.status)),
        (_("Urgency"), label(issue.urgency)),
        (_("Category"), label(issue.category)),
        (_("SLA"), f"{label(SLAState(data['sla']['state']))} · {data['sla']['due_at']}"),
        (_("Owner"), issue.owner),
        (_("Requester"), issue.requester),
        (_("Demands"), issue.demands),
        (_("Description"), issue.description),
        (_("Recurring"), join_list(f"#{i}" for i in issue.related_ids) if issue.recurring else ""),
        (_("Root cause"), issue.root_cause),
        (_("Corrective action"), issue.corrective_action),
        (_("Preventive action"), issue.preventive_action or issue.no_preventive_reason),
        (_("Self handling"), issue.self_handling),
    ]
    from crmgov.safe_text import visible

    print(f"#{issue.id}")
    print_fields(rows)
    from crmgov.domain.issues.rules import task_overdue

    today = now().date()
    for n, task in enumerate(issue.tasks, 1):
        late = " · " + _("overdue") if task_overdue(task, today) else ""
        line = f"  {n}. [{label(task.status)}{late}] {task.text} — {task.owner}, {task.due}"
        print(visible(line))
    for t in issue.transitions:
        print(visible(f"  {t.at:%Y-%m-%d %H:%M}  {label(t.status)}  {t.by}"))
    return EXIT_OK


def close_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.domain.issues.rules import IssueRuleError
    from crmgov.services.issues.log import close_issue

    store = ctx.open_store()
    try:
        close_issue(
            store,
            args.id,
            root_cause=args.root_cause,
            corrective_action=args.corrective,
            preventive_action=args.preventive,
            no_preventive_reason=args.no_preventive_reason,
            fed_back=args.fed_back,
            self_handling=args.self_handling,
            now=now(),
        )
    except IssueRuleError as exc:
        raise CommandError(_("cannot close issue {id}: {reason}", id=args.id, reason=exc)) from None
    print(_("closed issue {id}", id=args.id))
    return EXIT_OK


def _progress() -> Any:
    """A one-line stderr progress bar that rewrites itself; only on a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(
            f"\r{_('checking rows')} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}"
        )
        sys.stderr.flush()

    return show


def import_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.issues.transfer import ImportRejected, import_issues

    store = ctx.open_store()
    try:
        result = import_issues(
            store,
            args.file,
            now(),
            skip_invalid=args.skip_invalid,
            rejects=args.rejects,
            progress=_progress(),
            as_new=args.as_new,
        )
    except ImportRejected as exc:
        if exc.whole_file:
            raise CommandError(exc.errors[0]) from None  # one line: no row to list
        for line in exc.errors:
            print(line, file=sys.stderr)
        raise CommandError(
            _(
                "nothing imported: {count} problem(s); fix them or use --skip-invalid",
                count=len(exc.errors),
            )
        ) from None
    for line in result.rejected:
        print(line, file=sys.stderr)
    print(
        _(
            "imported {created} new and {updated} updated issue(s)",
            created=result.created,
            updated=result.updated,
        )
    )
    if result.rejects_path is not None:
        print(
            _(
                "{count} rejected row(s) written to {path}",
                count=len(result.rejected),
                path=result.rejects_path,
            )
        )
    if not result.recurrence_checked:
        print(
            _("note: too many rows to check for recurrence; new rows were not compared"),
            file=sys.stderr,
        )
    return EXIT_OK


def export_cmd(args: argparse.Namespace, ctx: Context) -> int:
    from crmgov.config import now
    from crmgov.services.issues.log import matching_rows
    from crmgov.services.issues.transfer import export_issues

    flt = _issue_filter(args)
    store = ctx.open_store()
    ids = None if flt == _issue_filter_all() else [r.id for r in matching_rows(store, flt, now())]
    try:
        count = export_issues(store, args.file, ids)
    except OSError as exc:
        raise CommandError(
            _("cannot write {path}: {error}", path=args.file, error=os_reason(exc))
        ) from None
    print(_("exported {count} issue(s) to {path}", count=count, path=args.file))
    return EXIT_OK


def _issue_filter_all() -> Any:
    from crmgov.services.issues.log import IssueFilter

    return IssueFilter(status="all")
