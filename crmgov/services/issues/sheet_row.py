"""One sheet row → a validated Issue: the rules of import, cell by cell.

Kept beside sheet.py (columns, cells, reading) because these are the rules a round trip
depends on (issue 19): the status history and the tasks come back exactly as exported,
so no deadline moves; an update never rewrites history; a cell Excel cut short never
replaces the longer stored text; `--as-new` finds phases and SOPs by name and code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from crmgov.domain.enums import IssueStatus
from crmgov.domain.issues.model import Issue, Task, Transition
from crmgov.domain.issues.rules import IssueRuleError, check_close, check_transition
from crmgov.domain.issues.rules import from_validation_error as _problems
from crmgov.i18n import _
from crmgov.services.issues.sheet import _ENUMS, DERIVED, TABLE, XLSX_CELL_LIMIT
from crmgov.services.sheets import unneutralise
from crmgov.storage.interface import Store

_TRUE = {"yes", "y", "true", "1", "是", "x", "✓"}
_FALSE = {"no", "n", "false", "0", "否", ""}
_LISTS: dict[str, TypeAdapter[Any]] = {}
#: What an issue is closed with (domain.issues.rules.close_problems reads these).
CLOSURE_FIELDS = ("tasks", "root_cause", "preventive_action", "no_preventive_reason",
                  "preventive_fed_back", "recurring", "category", "self_handling")


@dataclass
class RowContext:
    """What every row of one import is checked against."""

    store: Store
    now: datetime
    lookup: dict[str, dict[str, str]]
    """Enum field → accepted spellings (value, English, Chinese) → value."""
    known: dict[str, set[int]]
    """Ids of phases, SOPs and issues in the project."""
    as_new: bool = False
    """Rows are another project's: ids blanked, links found by name and code."""
    phase_by_name: dict[str, int] = field(default_factory=dict)
    sop_by_code: dict[str, int] = field(default_factory=dict)


def _bool(text: str) -> bool | None:
    key = text.strip().casefold()
    return True if key in _TRUE else False if key in _FALSE else None


def _ids(text: str) -> list[int] | None:
    parts = [p for p in text.replace("，", ",").replace(";", ",").split(",") if p.strip()]
    try:
        return [int(p) for p in parts]
    except ValueError:
        return None


def _json_list(name: str, text: str, model: type[Any], reasons: list[str]) -> list[Any] | None:
    if name not in _LISTS:
        _LISTS[name] = TypeAdapter(list[model])  # type: ignore[valid-type]
    try:
        return list(_LISTS[name].validate_json(text))
    except ValidationError:
        reasons.append(_("{field}: not the JSON list `issue export` writes",
                         field=_(name.replace("transitions", "history"))))
        return None


def _link(name: str, text: str, ctx: RowContext, reasons: list[str]) -> int | None:
    """phase_id / sop_id from the id column (same project)."""
    if not text:
        return None
    ids = _ids(text)
    table = "phases" if name == "phase_id" else "sops"
    if ids is not None and all(i in ctx.known[table] for i in ids):
        return ids[0] if ids else None
    label = _(name.replace("_", " "))  # translated only when needed: 100k rows
    if ids is None:
        reasons.append(_("{field}: not a whole number", field=label))
    else:
        reasons.append(_("{field}: no such record {value!r}", field=label, value=text))
    return None


def _link_by_name(raw: dict[str, str], ctx: RowContext, reasons: list[str]) -> dict[str, Any]:
    """phase_id / sop_id of another project's row, found by the phase's name, SOP's code."""
    out: dict[str, Any] = {}
    for id_field, name_field, table, names in (
        ("phase_id", "phase", _("phase"), ctx.phase_by_name),
        ("sop_id", "sop", "SOP", ctx.sop_by_code),
    ):
        name = raw.get(name_field, "")
        if name:
            if name.casefold() not in names:
                reasons.append(_("{table} {name!r}: none of that name in this project",
                                 table=table, name=name))
            else:
                out[id_field] = names[name.casefold()]
        elif raw.get(id_field):
            reasons.append(_("{table} {id}: give its name (column {column!r}) to import into "
                             "another project", table=table, id=raw[id_field],
                             column=name_field))
    return out


def _cells(raw: dict[str, str], ctx: RowContext, reasons: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, text in raw.items():
        if name == "id" or name in DERIVED:
            continue
        if name in _ENUMS:
            if text:
                value = ctx.lookup[name].get(text.casefold())
                if value is None:
                    reasons.append(_("{field}: unknown value {value!r}", field=_(name),
                                     value=text))
                data[name] = value
        elif name in ("preventive_fed_back", "recurring"):
            flag = _bool(text)
            if flag is None:
                reasons.append(_("{field}: not yes or no", field=_(name.replace("_", " "))))
            data[name] = flag
        elif name in ("phase_id", "sop_id"):
            if not ctx.as_new:
                data[name] = _link(name, text, ctx, reasons)
        elif name == "related_ids":
            ids = _ids(text)
            if ids is None:
                reasons.append(_("{field}: not a whole number", field=_("related ids")))
            elif not ctx.as_new and any(i not in ctx.known["issues"] for i in ids):
                reasons.append(_("{field}: no such record {value!r}", field=_("related ids"),
                                 value=text))
            else:
                data[name] = ids  # --as-new: the file's ids, remapped by the caller
        elif name in ("transitions", "tasks"):
            if text:
                model = Transition if name == "transitions" else Task
                data[name] = _json_list(name, text, model, reasons)
        elif name == "created_at":
            if text:
                try:
                    data[name] = datetime.fromisoformat(text)
                except ValueError:
                    reasons.append(_("{field}: not a date and time (use YYYY-MM-DD HH:MM)",
                                     field=_("created at")))
        else:
            data[name] = text
    if ctx.as_new:
        data.update(_link_by_name(raw, ctx, reasons))
    return data


def _existing(raw: dict[str, str], ctx: RowContext, reasons: list[str]) -> Issue | None:
    id_text = raw.get("id", "")
    if not id_text or ctx.as_new:
        return None
    if id_text.isdigit() and int(id_text) in ctx.known["issues"]:
        existing: Issue = ctx.store.get(TABLE, int(id_text))
        return existing
    reasons.append(_("no issue {id} in this project (to import another project's export, "
                     "use --as-new)", id=id_text))
    return None


def _cut_by_excel(data: dict[str, Any], existing: Issue, reasons: list[str]) -> None:
    """An import must never replace a longer stored text with one Excel cut short."""
    for name, value in data.items():
        if not isinstance(value, str) or len(value) != XLSX_CELL_LIMIT:
            continue  # the usual case, decided without reading the stored issue
        old = getattr(existing, name, None)
        if isinstance(old, str) and len(old) > XLSX_CELL_LIMIT and old.startswith(value):
            reasons.append(_("{field}: the cell holds {limit} characters, where the issue "
                             "holds {length}: the spreadsheet cut it; not shortening it",
                             field=_(name.replace("_", " ")), limit=XLSX_CELL_LIMIT,
                             length=len(old)))


def parse_row(fields: Sequence[str], cells: Sequence[str], ctx: RowContext) -> Issue:
    """One sheet row → a validated Issue (new: id 0), or IssueRuleError listing why not."""
    raw = {f: unneutralise(c.strip()) for f, c in zip(fields, cells, strict=False) if f}
    reasons: list[str] = []
    data = _cells(raw, ctx, reasons)
    existing = _existing(raw, ctx, reasons)
    history = data.pop("transitions", None)
    if existing is not None:
        _cut_by_excel(data, existing, reasons)
        if history is not None and history != existing.transitions:
            reasons.append(_("history: the status history cannot be changed in a sheet "
                             "(the SLA clock runs from it); change the status instead"))
    if reasons:
        raise IssueRuleError("; ".join(reasons), "")
    actor = ctx.store.actor
    if existing is not None:
        # The logging time and history are the SLA clock's: a sheet edit never moves them.
        data.pop("created_at", None)
        base = existing.model_dump()
        current, transitions = existing.status, list(existing.transitions)
    else:
        start = data.get("created_at") or ctx.now
        base = {"created_at": start}
        if history:
            current, transitions = history[-1].status, list(history)
        else:
            current, transitions = IssueStatus.NEW, [Transition(status=IssueStatus.NEW,
                                                                at=start, by=actor)]
    target = IssueStatus(data.get("status") or current)
    if target is not current:
        check_transition(current, target)
        transitions.append(Transition(status=target, at=ctx.now, by=actor))
    base["transitions"] = transitions
    merged = {**base, **{k: v for k, v in data.items() if v is not None}}
    try:
        issue = Issue.model_validate(merged)
    except ValidationError as exc:
        raise _problems(exc) from None
    # The sheet must not become a way round the close rules: closing through it, or
    # changing what a closed issue was closed with, is checked. A row whose history says
    # it was closed already (another project's export, --as-new) closed under that
    # project's rules and comes as it is: the import accepts what the store holds.
    closing_now = target is IssueStatus.CLOSED and target is not current
    closure_edit = existing is not None and issue.status is IssueStatus.CLOSED and any(
        getattr(issue, f) != getattr(existing, f) for f in CLOSURE_FIELDS)
    if closing_now or closure_edit:
        check_close(issue)
    return issue


__all__ = ["RowContext", "parse_row"]
