"""The spreadsheet side of the issue log: columns, cell conversions, reading, and turning
one row into a validated Issue. Used by `issue_io` (import/export)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Issue
from crmgov.domain.issues.rules import IssueRuleError
from crmgov.i18n import N_, _

# One neutralisation and one reader for every sheet the product handles (services/sheets.py).
from crmgov.services.sheets import SheetRejected, header_fields, neutralise, read_cells

TABLE = "issues"


class ImportRejected(SheetRejected):
    """Bad rows (or a bad file) of an issue import: `errors` holds one `FILE:LINE: reason`
    line each; `whole_file` when the file itself could not be read."""


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
_REQUIRED = ("title", "description")
_ENUMS: dict[str, type[Urgency] | type[Category] | type[IssueStatus]] = {
    "urgency": Urgency,
    "category": Category,
    "status": IssueStatus,
}
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


def read_rows(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """Fields named by the header, the header as written, and the data rows of a CSV/XLSX
    file (ImportRejected if unreadable or the header is wrong; IssueRuleError on "path"
    for another suffix). Formulas are read as their text, as they were exported."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise IssueRuleError(
            _("import a .csv or .xlsx file, not {suffix!r}", suffix=path.suffix), "path"
        )
    try:
        rows = read_cells(path, formulas=True)
        fields = header_fields(path, rows[0], COLUMNS, _REQUIRED, blank_is_unknown=True)
    except SheetRejected as exc:
        raise ImportRejected(exc.errors, whole_file=exc.whole_file) from None
    return fields, rows[0], rows[1:]
