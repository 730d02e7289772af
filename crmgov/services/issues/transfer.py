"""Import and export of the issue log as CSV (UTF-8 with BOM) or XLSX.

Export writes the columns import reads (export → edit in Excel → import is the round
trip), headed in the language in force. Import accepts English or Chinese headers and
values, validates every row before writing anything, and reports each bad row as
`FILE:LINE: reason` with LINE as a spreadsheet numbers rows (header = 1). A blank id makes
a new issue; an existing id updates that issue (its tasks and history are kept: they are
not in the sheet).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from crmgov.domain.issues.model import Issue
from crmgov.domain.issues.recurrence import RecurrenceIndex
from crmgov.domain.issues.rules import IssueRuleError
from crmgov.i18n import _, language
from crmgov.services.issues.sheet import (
    COLUMNS,
    TABLE,
    ImportRejected,
    cell_out,
    neutralise,
    parse_row,
    read_rows,
    unneutralise,
    value_lookup,
)
from crmgov.storage.store import ProjectStore

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
def export_issues(store: ProjectStore, path: Path) -> int:
    """Write every issue to `path` (.csv or .xlsx); returns how many."""
    lang_col = 2 if language() == "zh" else 1
    header = [c[lang_col] for c in COLUMNS]
    rows = ([cell_out(i, f) for f, _en, _zh in COLUMNS] for i in store.all(TABLE))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # utf-8-sig: the BOM makes Excel read the file as UTF-8 (Chinese shows correctly).
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    elif suffix == ".xlsx":
        from openpyxl import Workbook  # heavy; only export/import need it

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Issues"))
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        raise IssueRuleError(
            _("export to .csv or .xlsx, not {suffix!r}", suffix=path.suffix), "path"
        )
    return store.count(TABLE)


@dataclass
class _Plan:
    new: list[tuple[int, Issue]] = field(default_factory=list)
    updates: list[Issue] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    """(line, reason) of each bad row."""


def _plan(
    store: ProjectStore,
    fields: list[str],
    rows: list[list[str]],
    now: datetime,
    progress: Progress | None,
) -> _Plan:
    plan = _Plan()
    lookup = value_lookup()
    known = {t: {r.id for r in store.all(t)} for t in ("phases", "sops", "issues")}
    total = len(rows)
    step = max(1, total // 100)
    for index, cells in enumerate(rows):
        line = index + 2  # header is line 1, as a spreadsheet numbers rows
        if progress is not None and index % step == 0:
            progress(index, total)
        if not any(c.strip() for c in cells):
            continue  # blank rows in the middle of a sheet are not data
        try:
            issue = parse_row(store, fields, cells, now, lookup, known)
        except IssueRuleError as exc:
            plan.errors.append((line, str(exc)))
            continue
        if issue.id:
            if issue != store.get(TABLE, issue.id):  # unchanged rows are not rewritten
                plan.updates.append(issue)
        else:
            plan.new.append((line, issue))
    if progress is not None:
        progress(total, total)
    return plan


def _flag_recurring(store: ProjectStore, new: list[Issue]) -> tuple[list[Issue], bool]:
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


def _write_rejects(path: Path, header: list[str], rows: list[list[str]], out: Path) -> None:
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Rejected"))
        for row in [header, *rows]:
            sheet.append([neutralise(c) for c in row])
        book.save(out)
        return
    with out.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def rejects_path_for(path: Path) -> Path:
    """Where `--skip-invalid` writes the rows it left out: beside the input file."""
    return path.with_name(f"{path.stem}.rejected{path.suffix}")


def import_issues(
    store: ProjectStore,
    path: Path,
    now: datetime,
    *,
    skip_invalid: bool = False,
    rejects: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create and update issues from a CSV/XLSX file, all in one transaction.

    Every row is validated first. With any bad row: raises ImportRejected (one
    `FILE:LINE: reason` each) and writes nothing — unless `skip_invalid`, which imports
    the good rows and writes the bad ones (with a `reason` column) to `rejects`
    (default: `rejects_path_for(path)`). `progress(done, total)` is called while rows are
    checked.
    """
    fields, header_row, rows = read_rows(path)
    plan = _plan(store, fields, rows, now, progress)
    errors = [f"{path}:{line}: {reason}" for line, reason in plan.errors]
    if errors and not skip_invalid:
        raise ImportRejected(errors)
    new, checked = _flag_recurring(store, [issue for _line, issue in plan.new])
    result = ImportResult(rejected=errors, recurrence_checked=checked)
    if new or plan.updates:
        with store.transaction("issue.import") as txn:
            txn.insert_many(TABLE, new)
            for issue in plan.updates:
                txn.update(TABLE, issue)
    result.created, result.updated = len(new), len(plan.updates)
    if errors:
        out = rejects or rejects_path_for(path)
        header = [*header_row, _("reason")]
        bad = [[*rows[line - 2], reason] for line, reason in plan.errors]
        _write_rejects(path, header, bad, out)
        result.rejects_path = out
    return result
