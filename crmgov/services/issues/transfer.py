"""Import and export of the issue log as CSV (UTF-8 with BOM) or XLSX.

Export writes the columns import reads (export → edit in Excel → import is the round
trip), headed in the language in force. Import accepts English or Chinese headers and
values, validates every row before writing anything, and reports each bad row as
`FILE:LINE: reason` with LINE as a spreadsheet numbers rows (header = 1). A blank id makes
a new issue; an existing id updates that issue (its tasks and history are kept: they are
not in the sheet).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crmgov.domain.issues.model import Issue
from crmgov.domain.issues.recurrence import RecurrenceIndex
from crmgov.domain.issues.rules import IssueRuleError
from crmgov.domain.issues.sla import sla_clock
from crmgov.i18n import _, language
from crmgov.services.issues.sheet import (
    COLUMNS,
    TABLE,
    XLSX_CELL_LIMIT,
    ImportRejected,
    cell_out,
    read_rows,
    value_lookup,
)
from crmgov.services.issues.sheet_row import RowContext, parse_row
from crmgov.services.sheets import neutralise, unneutralise, write_csv, write_sheet
from crmgov.storage.interface import Store

__all__ = [
    "COLUMNS",
    "ImportRejected",
    "ImportResult",
    "export_issues",
    "import_issues",
    "neutralise",
    "rejects_path_for",
    "unneutralise",
]

#: (field, English header, Chinese header), in the order export writes them.
#: Above this many (new rows × earlier issues of their category) recurrence detection is
#: skipped on import: it would take minutes, and bulk loads are usually history.
RECURRENCE_BUDGET = 20_000_000


@dataclass
class ImportResult:
    """What an import did."""

    created: int = 0
    updated: int = 0
    rejected: list[str] = field(default_factory=list)
    """`FILE:LINE: reason` of each row left out (only with skip_invalid)."""
    rejects_path: Path | None = None
    """Where the rejected rows were written (same format as the input), if any."""
    recurrence_checked: bool = True
    """False when the import was too big to compare every new row with earlier issues."""


Progress = Callable[[int, int], None]


# ------------------------------------------------------------------------------ export
def _derived_cells(store: Store, issues: list[Issue]) -> list[dict[str, str]]:
    """The due time (as the clock computes it) and the phase's name and SOP's code."""
    sla = store.project.sla
    phases = {p.id: p.name for p in store.all("phases")}
    sops = {s.id: s.code for s in store.all("sops")}
    out = []
    for issue, (due, _state) in zip(issues, sla_clock(issues, sla, datetime.now()),
                                    strict=True):
        out.append({
            "due_at": due.isoformat(sep=" "),
            "phase": phases.get(issue.phase_id, "") if issue.phase_id else "",
            "sop": sops.get(issue.sop_id, "") if issue.sop_id else "",
        })
    return out


def _check_xlsx_cells(issues: list[Issue], rows: list[list[str]]) -> None:
    """Refuse an XLSX export that Excel would cut, naming the issue and the field."""
    for issue, row in zip(issues, rows, strict=True):
        for (_name, en, _zh), cell in zip(COLUMNS, row, strict=True):
            if len(cell) > XLSX_CELL_LIMIT:
                raise IssueRuleError(
                    _("issue {id}: {field} is {length} characters long; an XLSX cell holds "
                      "at most {limit} and the rest would be lost: export to .csv instead",
                      id=issue.id, field=_(en), length=len(cell), limit=XLSX_CELL_LIMIT),
                    "path",
                )


def export_issues(store: Store, path: Path, ids: Iterable[int] | None = None) -> int:
    """Write the issues (all, or those of `ids`, in id order) to `path` (.csv or .xlsx);
    returns how many. Every column import reads, so export → import keeps every issue as
    it is, deadlines included. An XLSX export that a cell would not fit is refused."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise IssueRuleError(
            _("export to .csv or .xlsx, not {suffix!r}", suffix=path.suffix), "path"
        )
    lang_col = 2 if language() == "zh" else 1
    header = [c[lang_col] for c in COLUMNS]
    issues: list[Issue] = store.all(TABLE)
    if ids is not None:
        wanted = set(ids)
        issues = [i for i in issues if i.id in wanted]
    extras = _derived_cells(store, issues)
    rows = [[cell_out(i, f, x) for f, _en, _zh in COLUMNS] for i, x in zip(issues, extras,
                                                                           strict=True)]
    if suffix == ".xlsx":
        _check_xlsx_cells(issues, rows)
    # cell_out neutralised the cells; CSV in UTF-8 with a BOM (Excel reads Chinese right).
    write_sheet(path, header, rows, _("Issues"), neutralised=True)
    return len(issues)


@dataclass
class _Plan:
    new: list[tuple[int, Issue]] = field(default_factory=list)
    updates: list[Issue] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    """(line, reason) of each bad row."""
    source_ids: dict[int, int] = field(default_factory=dict)
    """--as-new: line → the id the row had in the project it came from."""
    refused_ids: set[int] = field(default_factory=set)
    """--as-new: the file's ids of rows that were refused."""
    source_related: dict[int, list[int]] = field(default_factory=dict)
    """--as-new: line → its related ids as the file has them (ids of that project)."""


def _context(store: Store, now: datetime, as_new: bool) -> RowContext:
    return RowContext(
        store, now, value_lookup(),
        {t: {r.id for r in store.all(t)} for t in ("phases", "sops", "issues")},
        as_new=as_new,
        phase_by_name={p.name.casefold(): p.id for p in store.all("phases")},
        sop_by_code={s.code.casefold(): s.id for s in store.all("sops")},
    )


def _plan(
    store: Store,
    fields: list[str],
    rows: list[list[str]],
    now: datetime,
    progress: Progress | None,
    as_new: bool = False,
) -> _Plan:
    plan = _Plan()
    ctx = _context(store, now, as_new)
    total = len(rows)
    step = max(1, total // 100)
    id_column = fields.index("id") if "id" in fields else None
    for index, cells in enumerate(rows):
        line = index + 2  # header is line 1, as a spreadsheet numbers rows
        if progress is not None and index % step == 0:
            progress(index, total)
        if not any(c.strip() for c in cells):
            continue  # blank rows in the middle of a sheet are not data
        try:
            issue = parse_row(fields, cells, ctx)
        except IssueRuleError as exc:
            plan.errors.append((line, str(exc)))
            source = cells[id_column].strip() if id_column is not None and id_column < len(
                cells) else ""
            if source.isdigit():
                plan.refused_ids.add(int(source))
            continue
        if issue.id:
            if issue != store.get(TABLE, issue.id):  # unchanged rows are not rewritten
                plan.updates.append(issue)
        else:
            source = cells[id_column].strip() if id_column is not None and id_column < len(
                cells) else ""
            plan.new.append((line, issue))
            if as_new and source.isdigit():
                plan.source_ids[line] = int(source)
    if as_new:
        _check_related(plan)
    if progress is not None:
        progress(total, total)
    return plan


def _check_related(plan: _Plan) -> None:
    """--as-new: related ids must name rows of the same file (they are remapped)."""
    in_file = set(plan.source_ids.values())
    keep = []
    for line, issue in plan.new:
        outside = [i for i in issue.related_ids if i not in in_file]
        refused = [i for i in outside if i in plan.refused_ids]
        if refused:
            plan.errors.append((line, _(
                "related ids: the rows of {ids} were refused; fix them first",
                ids=", ".join(f"#{i}" for i in refused))))
        elif outside:
            plan.errors.append((line, _(
                "related ids: {ids} not in this file; export those issues too, or clear "
                "the cell", ids=", ".join(f"#{i}" for i in outside))))
        else:
            # Kept aside: recurrence detection adds this project's ids to related_ids.
            plan.source_related[line] = issue.related_ids
            keep.append((line, issue.model_copy(update={"related_ids": []})))
    plan.new = keep


def _flag_recurring(store: Store, new: list[Issue]) -> tuple[list[Issue], bool]:
    """Run recurrence detection for new rows against earlier issues, within a budget."""
    earlier = store.all(TABLE)
    if not earlier or not new:
        return new, True
    index = RecurrenceIndex(earlier)
    if sum(index.size(i.category) for i in new) > RECURRENCE_BUDGET:
        return new, False
    out = []
    for issue in new:
        related = index.similar(issue.category, issue.title, issue.description)
        if related:
            ids = sorted({*issue.related_ids, *related})
            issue = issue.model_copy(update={"recurring": True, "related_ids": ids})
        out.append(issue)
    return out, True


def _write_rejects(header: list[str], rows: list[list[str]], out: Path) -> None:
    # Neutralised in both formats: the rows came from outside and go back to a
    # spreadsheet. `neutralised`: a cell export already neutralised is not prefixed twice
    # (importing the fixed rejects gives back the original text). Any name but .xlsx gets
    # CSV: the import is already written, so the rejects must not fail on a suffix.
    if out.suffix.lower() == ".xlsx":
        write_sheet(out, None, [header, *rows], _("Rejected"), neutralised=True)
    else:
        write_csv(out, None, [header, *rows], neutralised=True)


def _remap_related(txn: Any, plan: _Plan, written: list[Issue]) -> None:
    """--as-new: related ids named the rows' ids in the other project; point them at the
    ids the same rows got here (rows were inserted in file order)."""
    new_id = {plan.source_ids[line]: issue.id
              for (line, _old), issue in zip(plan.new, written, strict=True)
              if line in plan.source_ids}
    for (line, _old), issue in zip(plan.new, written, strict=True):
        # Ids recurrence detection added are already this project's; the file's are mapped.
        mapped = sorted({*issue.related_ids,
                         *(new_id[i] for i in plan.source_related.get(line, []))})
        if mapped != issue.related_ids:
            txn.update(TABLE, issue.model_copy(update={"related_ids": mapped}))


def rejects_path_for(path: Path) -> Path:
    """Where `--skip-invalid` writes the rows it left out: beside the input file."""
    return path.with_name(f"{path.stem}.rejected{path.suffix}")


def import_issues(
    store: Store,
    path: Path,
    now: datetime,
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: Progress | None = None,
    as_new: bool = False,
) -> ImportResult:
    """Create and update issues from a CSV/XLSX file, all in one transaction.

    Every row is validated first. With any bad row: raises ImportRejected (one
    `FILE:LINE: reason` each) and writes nothing — unless `skip_invalid`, which imports
    the good rows and writes the bad ones (with a `reason` column) to `rejects`
    (default: `rejects_path_for(path)`). `progress(done, total)` is called while rows are
    checked.
    """
    fields, header_row, rows = read_rows(path)
    plan = _plan(store, fields, rows, now, progress, as_new)
    errors = [f"{path}:{line}: {reason}" for line, reason in plan.errors]
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    new, checked = _flag_recurring(store, [issue for _line, issue in plan.new])
    result = ImportResult(rejected=errors, recurrence_checked=checked)
    if new or plan.updates:
        with store.transaction("issue.import") as txn:
            written = txn.insert_many(TABLE, new)
            for issue in plan.updates:
                txn.update(TABLE, issue)
            if as_new:
                _remap_related(txn, plan, written)
    result.created, result.updated = len(new), len(plan.updates)
    if errors:
        out = rejects or rejects_path_for(path)
        header = [*header_row, _("reason")]
        bad = [[*rows[line - 2], reason] for line, reason in plan.errors]
        _write_rejects(header, bad, out)
        result.rejects_path = out
    return result
