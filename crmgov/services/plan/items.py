"""Plan items: add, edit, move (reorder), progress notes and status."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from crmgov.domain.enums import PlanStatus, Verdict
from crmgov.domain.plan.model import YEARS, FrozenItem, PlanItem, ProgressNote
from crmgov.domain.plan.rules import PlanRuleError
from crmgov.i18n import _
from crmgov.storage.interface import Store

TABLE = "plan"

#: Fields `edit_item` may change; the review has its own use cases.
EDITABLE = frozenset({
    "year", "quarter", "area", "kind", "title", "description", "metric", "baseline", "goal",
    "target", "owner", "status", "dropped_reason", "issue_ids",
})

def _content(item: PlanItem) -> dict[str, Any]:
    """What the consultant accepted: the frozen content, status and reason aside (changing
    it after acceptance sends the item back to the consultant)."""
    return FrozenItem.of(item).model_dump(exclude={"dropped_reason"})


def _refusal(exc: ValidationError) -> PlanRuleError:
    """The first validation problem as one translated line naming the field."""
    error = exc.errors()[0]
    loc = [str(p) for p in error["loc"]]
    field = loc[0] if loc else ""
    if error["type"] == "value_error" and "dropped" in error["msg"]:
        return PlanRuleError(_("a dropped item needs a reason"), "dropped_reason")
    if error["type"] in ("string_too_short", "missing"):
        return PlanRuleError(_("{field} is required", field=field), field)
    return PlanRuleError(
        _("{field}: {error}", field=field or _("record"), error=error["msg"]), field
    )


def _build(data: dict[str, Any]) -> PlanItem:
    try:
        item = PlanItem.model_validate(data)
    except ValidationError as exc:
        raise _refusal(exc) from None
    if item.year not in YEARS:
        raise PlanRuleError(_("year must be 1, 2 or 3"), "year")
    return item


def items(store: Store) -> list[PlanItem]:
    """Every plan item in plan order: year, quarter, rank."""
    return sorted(store.all(TABLE), key=PlanItem.sort_key)


def get_item(store: Store, item_id: int) -> PlanItem:
    """One item; PlanRuleError naming the id when there is none."""
    try:
        item: PlanItem = store.get(TABLE, item_id)
    except KeyError:
        raise PlanRuleError(_("no plan item {id}", id=item_id), "id") from None
    return item


def _check_issues(store: Store, ids: list[int]) -> None:
    known = set(store.ids("issues"))
    for n in ids:
        if n not in known:
            raise PlanRuleError(_("no issue {id}", id=n), "issue_ids")


def new_item(store: Store, **fields: Any) -> PlanItem:
    """A validated item placed at the end of its year and quarter, not yet stored."""
    refused = sorted(set(fields) - EDITABLE)
    if refused:
        raise PlanRuleError(_("unknown field {field}", field=refused[0]), refused[0])
    item = _build(fields)
    _check_issues(store, item.issue_ids)
    same = [i.rank for i in store.all(TABLE) if (i.year, i.quarter) == (item.year, item.quarter)]
    return item.model_copy(update={"rank": max(same, default=0) + 1})


def add_item(store: Store, **fields: Any) -> PlanItem:
    """Add an item at the end of its year and quarter."""
    item = new_item(store, **fields)
    with store.transaction("plan.add") as txn:
        return txn.insert(TABLE, item)


def edit_item(store: Store, item_id: int, **changes: Any) -> PlanItem:
    """Change editable fields; a changed objective, target, owner or schedule sends an
    accepted item back to the consultant (its verdict is cleared)."""
    refused = sorted(set(changes) - EDITABLE)
    if refused:
        raise PlanRuleError(
            _("these fields cannot be edited here: {fields}", fields=", ".join(refused)),
            refused[0],
        )
    item = get_item(store, item_id)
    before = item.model_dump()
    if changes.get("status") not in (None, PlanStatus.DROPPED, "dropped"):
        changes.setdefault("dropped_reason", "")
    updated = _build({**before, **changes})
    _check_issues(store, updated.issue_ids)
    if item.verdict is Verdict.ACCEPTED and _content(item) != _content(updated):
        updated = updated.model_copy(update={"verdict": None, "verdict_by": "",
                                             "verdict_at": None})
    with store.transaction("plan.edit") as txn:
        return txn.update(TABLE, updated)


def move_item(
    store: Store, item_id: int, *, year: int | None = None,
    quarter: int | None = None, position: int | None = None,
) -> PlanItem:
    """Move an item to another year/quarter and/or position (1 = first) within it; the
    other items of that quarter are renumbered in one transaction."""
    item = get_item(store, item_id)
    target = _build({**item.model_dump(), "year": year or item.year,
                     "quarter": quarter if quarter is not None else item.quarter})
    group = [i for i in items(store) if (i.year, i.quarter) == (target.year, target.quarter)
             and i.id != item_id]
    index = len(group) if position is None else max(0, min(position - 1, len(group)))
    group.insert(index, target)
    moved = target
    with store.transaction("plan.move") as txn:
        for rank, other in enumerate(group, 1):
            if other.id == item_id:
                moved = txn.update(TABLE, other.model_copy(update={"rank": rank}))
            elif other.rank != rank:
                txn.update(TABLE, other.model_copy(update={"rank": rank}))
    return moved


def add_progress(
    store: Store, item_id: int, text: str, on: date,
    status: PlanStatus | str | None = None, reason: str = "",
) -> PlanItem:
    """A dated progress note, and optionally a new status (dropped needs `reason`)."""
    item = get_item(store, item_id)
    try:
        note = ProgressNote(on=on, by=store.actor, text=text)
    except ValidationError:
        raise PlanRuleError(_("a progress note needs text"), "text") from None
    data = {**item.model_dump(), "progress": [*item.model_dump()["progress"],
                                              note.model_dump()]}
    if status is not None:
        data["status"] = status
        data["dropped_reason"] = reason if str(status) == PlanStatus.DROPPED else ""
    updated = _build(data)
    with store.transaction("plan.progress") as txn:
        return txn.update(TABLE, updated)
