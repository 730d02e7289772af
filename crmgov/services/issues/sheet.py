"""The spreadsheet side of the issue log: columns, cell conversions, reading, and turning
one row into a validated Issue. Used by `issue_io` (import/export)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import Category, IssueStatus, Urgency
from crmgov.domain.issues.model import Issue, Transition
from crmgov.domain.issues.rules import IssueRuleError, check_close, check_transition
from crmgov.domain.issues.rules import from_validation_error as _problems
from crmgov.i18n import N_, _
from crmgov.storage.store import ProjectStore

TABLE = "issues"


class ImportRejected(ValueError):
    """Bad rows (or a bad file); `errors` holds one `FILE:LINE: reason` line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


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
NO = N_("no")
YES = N_("yes")


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


def value_lookup() -> dict[str, dict[str, str]]:
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


def cell_out(issue: Issue, name: str) -> str:
    from crmgov.domain.labels import label

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


def read_rows(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    """Fields named by the header, the header as written, and the data rows of a CSV/XLSX
    file (ImportRejected if unreadable or the header is wrong)."""
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
    return fields, rows[0], rows[1:]


def _bool(text: str) -> bool | None:
    key = text.strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def _ids(text: str) -> list[int] | None:
    parts = [p for p in text.replace("，", ",").replace(";", ",").split(",") if p.strip()]
    try:
        return [int(p) for p in parts]
    except ValueError:
        return None


def parse_row(
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
