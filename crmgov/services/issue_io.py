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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmgov.domain.issue import Category, Issue, IssueStatus, Transition, Urgency
from crmgov.domain.issue_rules import IssueRuleError, check_close, check_transition
from crmgov.domain.issue_rules import from_validation_error as _problems
from crmgov.domain.recurrence import RecurrenceIndex
from crmgov.i18n import N_, _, language
from crmgov.services.issues import TABLE
from crmgov.storage.store import ProjectStore

#: (field, English header, Chinese header), in the order export writes them.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("id", "id", "编号"),
    ("title", "title", "标题"),
    ("description", "description", "描述"),
    ("requester", "requester", "提出人"),
    ("demands", "demands", "诉求"),
    ("category", "category", "类别"),
    ("urgency", "urgency", "紧急程度"),
    ("status", "status", "状态"),
    ("owner", "owner", "负责人"),
    ("phase_id", "phase id", "阶段编号"),
    ("sop_id", "sop id", "SOP编号"),
    ("created_at", "created at", "登记时间"),
    ("root_cause", "root cause", "根本原因"),
    ("corrective_action", "corrective action", "纠正措施"),
    ("preventive_action", "preventive action", "预防措施"),
    ("no_preventive_reason", "no preventive reason", "无需预防措施的理由"),
    ("preventive_fed_back", "preventive fed back", "预防措施已反馈"),
    ("recurring", "recurring", "重复发生"),
    ("related_ids", "related ids", "相关问题"),
    ("self_handling", "self handling", "公司自行处理方式"),
)
_HEADER_TO_FIELD = {name.casefold(): f for f, en, zh in COLUMNS for name in (f, en, zh)}
_REQUIRED = ("title", "description")
_ENUMS: dict[str, type[Urgency] | type[Category] | type[IssueStatus]] = {
    "urgency": Urgency,
    "category": Category,
    "status": IssueStatus,
}
_TRUE = {"yes", "y", "true", "1", "是", "x", "✓"}
_FALSE = {"no", "n", "false", "0", "否", ""}
#: Spreadsheets run a cell starting with one of these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Above this many (new rows × earlier issues of their category) recurrence detection is
#: skipped on import: it would take minutes, and bulk loads are usually history.
RECURRENCE_BUDGET = 20_000_000
NO = N_("no")
YES = N_("yes")


class ImportRejected(ValueError):
    """Bad rows (or a bad file); `errors` holds one `FILE:LINE: reason` line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


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


# ------------------------------------------------------------------------------ cells
def neutralise(text: str) -> str:
    """Prefix ' so a spreadsheet shows the text instead of running it as a formula.

    Text that already starts with ' gets one too, so `unneutralise` is exact.
    """
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so export → import gives back the original text."""
    if text.startswith("'") and text[1:].startswith((*FORMULA_STARTS, "'")):
        return text[1:]
    return text


def _value_lookup() -> dict[str, dict[str, str]]:
    """Per enum field: value, English label and Chinese label (case-folded) → value."""
    from crmgov.i18n import load_catalog

    zh = load_catalog("zh")
    out: dict[str, dict[str, str]] = {}
    for name, enum in _ENUMS.items():
        names: dict[str, str] = {}
        for member in enum:
            english = member.value.replace("_", " ")  # the msgid labels.py uses
            for key in (member.value, english, zh.get(english, english)):
                names[key.casefold()] = member.value
        out[name] = names
    return out


def _cell_out(issue: Issue, name: str) -> str:
    from crmgov.labels import label

    value = getattr(issue, name)
    if name in _ENUMS:
        return label(value)
    if isinstance(value, bool):
        return _(YES) if value else _(NO)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return neutralise("" if value is None else str(value))


# ------------------------------------------------------------------------------ export
def export_issues(store: ProjectStore, path: Path) -> int:
    """Write every issue to `path` (.csv or .xlsx); returns how many."""
    lang_col = 2 if language() == "zh" else 1
    header = [c[lang_col] for c in COLUMNS]
    rows = ([_cell_out(i, f) for f, _en, _zh in COLUMNS] for i in store.all(TABLE))
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


# ------------------------------------------------------------------------------ import
def _read(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # utf-8-sig reads files with or without a BOM alike.
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.reader(handle)
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=False)
        try:
            for values in book.worksheets[0].iter_rows(values_only=True):
                yield ["" if v is None else _xlsx_text(v) for v in values]
        finally:
            book.close()
    else:
        raise IssueRuleError(
            _("import a .csv or .xlsx file, not {suffix!r}", suffix=path.suffix), "path"
        )


def _xlsx_text(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header fields and data rows of a CSV/XLSX file (ImportRejected if unreadable)."""
    try:
        rows = list(_read(path))
    except FileNotFoundError:
        raise ImportRejected([f"{path}: " + _("no such file")]) from None
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as exc:
        if isinstance(exc, IssueRuleError):
            raise
        raise ImportRejected(
            [f"{path}: " + _("cannot read the file: {error}", error=exc)]
        ) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()  # trailing blank rows are what spreadsheets leave behind
    if not rows:
        raise ImportRejected([f"{path}:1: " + _("the file is empty (expected a header row)")])
    fields, problems = [], []
    for cell in rows[0]:
        name = _HEADER_TO_FIELD.get(cell.strip().casefold())
        if name is None:
            problems.append(_("unknown column {name!r}", name=cell.strip()))
        elif name in fields:
            problems.append(_("column {name!r} appears twice", name=cell.strip()))
        fields.append(name or "")
    missing = [f for f in _REQUIRED if f not in fields]
    if missing:
        problems.append(_("missing column(s): {names}", names=", ".join(missing)))
    if problems:
        raise ImportRejected([f"{path}:1: {p}" for p in problems])
    return fields, rows[1:]


def _bool(text: str) -> bool | None:
    key = text.strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def _ids(text: str) -> list[int] | None:
    parts = [p for p in text.replace("，", ",").replace(";", ",").split(",") if p.strip()]
    try:
        return [int(p) for p in parts]
    except ValueError:
        return None


@dataclass
class _Plan:
    new: list[tuple[int, Issue]] = field(default_factory=list)
    updates: list[Issue] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    """(line, reason) of each bad row."""


def _parse_row(
    store: ProjectStore,
    fields: Sequence[str],
    cells: Sequence[str],
    now: datetime,
    lookup: dict[str, dict[str, str]],
    known: dict[str, set[int]],
) -> Issue:
    """One sheet row → a validated Issue (new: id 0), or IssueRuleError listing why not."""
    raw = {f: unneutralise(c.strip()) for f, c in zip(fields, cells, strict=False) if f}
    reasons: list[str] = []
    data: dict[str, Any] = {}
    for name, text in raw.items():
        if name == "id":
            continue
        if name in _ENUMS:
            if text:
                value = lookup[name].get(text.casefold())
                if value is None:
                    reasons.append(_("{field}: unknown value {value!r}", field=_(name), value=text))
                data[name] = value
        elif name in ("preventive_fed_back", "recurring"):
            flag = _bool(text)
            if flag is None:
                reasons.append(_("{field}: not yes or no", field=_(name.replace("_", " "))))
            data[name] = flag
        elif name in ("phase_id", "sop_id", "related_ids"):
            ids = _ids(text)
            table = {"phase_id": "phases", "sop_id": "sops", "related_ids": "issues"}[name]
            label = _(name.replace("_", " "))
            if ids is None:
                reasons.append(_("{field}: not a whole number", field=label))
            elif any(i not in known[table] for i in ids):
                reasons.append(_("{field}: no such record {value!r}", field=label, value=text))
            elif name == "related_ids":
                data[name] = ids
            else:
                data[name] = ids[0] if ids else None
        elif name == "created_at":
            if text:
                try:
                    data[name] = datetime.fromisoformat(text)
                except ValueError:
                    reasons.append(
                        _(
                            "{field}: not a date and time (use YYYY-MM-DD HH:MM)",
                            field=_("created at"),
                        )
                    )
        else:
            data[name] = text
    id_text = raw.get("id", "")
    existing: Issue | None = None
    if id_text:
        if not id_text.isdigit() or int(id_text) not in known["issues"]:
            reasons.append(_("no issue {id}", id=id_text))
        else:
            existing = store.get(TABLE, int(id_text))
    if reasons:
        raise IssueRuleError("; ".join(reasons), "")
    if existing is not None:
        # History is not in the sheet: keep it, and log a status change as a transition.
        data.pop("created_at", None)
        base = existing.model_dump()
        target = IssueStatus(data.get("status") or existing.status)
        if target is not existing.status:
            check_transition(existing.status, target)
            base["transitions"] = [
                *existing.transitions,
                Transition(status=target, at=now, by=store.actor),
            ]
    else:
        base = {"created_at": now}
        target = IssueStatus(data.get("status") or IssueStatus.NEW)
        start = data.get("created_at") or now
        history = [{"status": IssueStatus.NEW, "at": start, "by": store.actor}]
        if target is not IssueStatus.NEW:
            history.append({"status": target, "at": now, "by": store.actor})
        base["transitions"] = history
    merged = {**base, **{k: v for k, v in data.items() if v is not None}}
    try:
        issue = Issue.model_validate(merged)
    except ValidationError as exc:
        raise _problems(exc) from None
    if issue.status is IssueStatus.CLOSED and issue != existing:
        check_close(issue)  # the sheet must not become a way round the close rules
    return issue


def _plan(
    store: ProjectStore,
    fields: list[str],
    rows: list[list[str]],
    now: datetime,
    progress: Progress | None,
) -> _Plan:
    plan = _Plan()
    lookup = _value_lookup()
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
            issue = _parse_row(store, fields, cells, now, lookup, known)
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
    fields, rows = read_rows(path)
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
        header = [*(_read_header(path)), _("reason")]
        bad = [[*rows[line - 2], reason] for line, reason in plan.errors]
        _write_rejects(path, header, bad, out)
        result.rejects_path = out
    return result


def _read_header(path: Path) -> list[str]:
    for row in _read(path):
        return row
    return []
