"""The spreadsheet side of the issue log: columns, cell conversions, reading, and turning
one row into a validated Issue. Used by `issue_io` (import/export)."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Issue
from crmgov.domain.issues.rules import IssueRuleError
from crmgov.i18n import N_, _

# One neutralisation for every sheet the product writes (services/sheets.py).
from crmgov.services.sheets import neutralise

TABLE = "issues"


class ImportRejected(ValueError):
    """Bad rows (or a bad file); `errors` holds one `FILE:LINE: reason` line each."""

    def __init__(self, errors: list[str], *, whole_file: bool = False) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.whole_file = whole_file
        """The file itself could not be read (one error, no row to name)."""


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
    # What the SLA clock and the history need, so export -> import keeps every deadline
    # (issue 19): the status history and the tasks as JSON, exactly; the due time as the
    # clock computes it (shown for people; import recomputes it and ignores the cell).
    ("transitions", "history", "状态历史"),
    ("tasks", "tasks", "任务"),
    ("due_at", "due at", "应完成时间"),
    # The phase's name and the SOP's code, by which `import --as-new` finds them in
    # another project (ids differ between projects).
    ("phase", "phase", "阶段"),
    ("sop", "sop", "SOP"),
)
#: Columns export writes for people or for --as-new, that are not Issue fields.
DERIVED = frozenset({"due_at", "phase", "sop"})
#: Excel keeps at most this many characters in a cell, and silently cuts the rest.
XLSX_CELL_LIMIT = 32_767
_HEADER_TO_FIELD = {name.casefold(): f for f, en, zh in COLUMNS for name in (f, en, zh)}
_REQUIRED = ("title", "description")
_ENUMS: dict[str, type[Urgency] | type[Category] | type[IssueStatus]] = {
    "urgency": Urgency,
    "category": Category,
    "status": IssueStatus,
}
_TRUE = {"yes", "y", "true", "1", "是", "x", "✓"}
_FALSE = {"no", "n", "false", "0", "否", ""}
#: The largest CSV field import reads (the csv module's default is 131,072 characters).
CSV_FIELD_LIMIT = 2**31 - 1
NO = N_("no")
YES = N_("yes")


def label_msgid(member: Any) -> str:
    """The English text `labels.label` shows for an enum member (its msgid)."""
    from crmgov.domain.labels import _LABELS

    return str(_LABELS.get(member, member.value.replace("_", " ")))


def value_lookup() -> dict[str, dict[str, str]]:
    """Per enum field: value, English label and Chinese label (case-folded) → value."""
    from crmgov.i18n import load_catalog

    zh = load_catalog("zh")
    out: dict[str, dict[str, str]] = {}
    for name, enum in _ENUMS.items():
        names: dict[str, str] = {}
        for member in enum:
            # Every spelling export may have written: the label's English msgid (labels.py:
            # "support" is shown as "support request"), its Chinese, and the bare value.
            english = label_msgid(member)
            plain = member.value.replace("_", " ")
            for key in (member.value, plain, english, zh.get(english, english),
                        zh.get(plain, plain)):
                names[key.casefold()] = member.value
        out[name] = names
    return out


def cell_out(issue: Issue, name: str, extra: dict[str, str] | None = None) -> str:
    """One cell of the sheet; `extra` holds the DERIVED columns' values."""
    from crmgov.domain.labels import label

    if name in DERIVED:
        return neutralise((extra or {}).get(name, ""))
    value = getattr(issue, name)
    if name in _ENUMS:
        return label(value)
    if isinstance(value, bool):
        return _(YES) if value else _(NO)
    if isinstance(value, datetime):
        # Seconds too: the SLA clock runs from this time, and minutes would move it.
        return value.isoformat(sep=" ")
    if name in ("transitions", "tasks"):
        return orjson.dumps([item.model_dump(mode="json") for item in value]).decode()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return neutralise("" if value is None else str(value))


def _read(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # What export writes, import must read: the csv module refuses fields over 128 KiB
        # by default, and a description may be longer.
        csv.field_size_limit(CSV_FIELD_LIMIT)
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


def read_rows(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """Fields named by the header, the header as written, and the data rows of a CSV/XLSX
    file (ImportRejected if unreadable or the header is wrong)."""
    try:
        rows = list(_read(path))
    except FileNotFoundError:
        raise ImportRejected([f"{path}: " + _("no such file")], whole_file=True) from None
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError,
            zipfile.BadZipFile) as exc:
        # BadZipFile: an .xlsx that is not one (an XLSX is a zip archive).
        if isinstance(exc, IssueRuleError):
            raise
        error = str(exc) or type(exc).__name__
        raise ImportRejected(
            [f"{path}: " + _("cannot read the file: {error}", error=error)], whole_file=True
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
    return fields, rows[0], rows[1:]
