"""The rules of the plan's sign-off: what must be settled before signing, the digest a
signature covers, what a signed version keeps, and the diff against it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from crmgov.domain.enums import Verdict
from crmgov.domain.plan.model import FrozenItem, PlanItem, PlanReview, ThreadState
from crmgov.i18n import N_, _


def open_threads(items: Sequence[PlanItem], review: PlanReview) -> int:
    """Threads on the items and on the plan not yet resolved."""
    threads = [t for i in items for t in i.comments] + list(review.threads)
    return sum(1 for t in threads if t.state is not ThreadState.RESOLVED)


def sign_refusals(items: Sequence[PlanItem], review: PlanReview) -> list[str]:
    """Why the plan cannot be signed yet (translated); empty = it can."""
    out = []
    if not items:
        out.append(_("the plan has no items"))
    pending = [i.id for i in items if i.verdict is not Verdict.ACCEPTED]
    if pending:
        out.append(_("not accepted yet: {ids}", ids=" ".join(f"#{n}" for n in pending)))
    threads = open_threads(items, review)
    if threads:
        out.append(_("{count} review thread(s) not resolved", count=threads))
    return out


def frozen(items: Sequence[PlanItem]) -> list[FrozenItem]:
    """The plan's content as a version would keep it, in plan order."""
    return [FrozenItem.of(i) for i in sorted(items, key=PlanItem.sort_key)]


def plan_digest(items: Sequence[PlanItem]) -> str:
    """A digest of the plan's content: a signature holds only while it is unchanged."""
    content = [f.model_dump(mode="json") for f in frozen(items)]
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Change:
    """One difference between the signed version and the plan now."""

    kind: str
    """added, removed or changed."""
    item_id: int
    title: str
    fields: tuple[tuple[str, str, str], ...] = ()
    """(field, before, after) for a changed item."""


#: Display names of the frozen fields a diff names (English msgids).
FIELD_LABELS: dict[str, str] = {
    "year": N_("Year"), "quarter": N_("Quarter"), "area": N_("Plan area"),
    "title": N_("Objective"), "metric": N_("Metric"), "baseline": N_("Baseline"),
    "goal": N_("Goal value"), "target": N_("By"), "owner": N_("Owner"),
    "dropped_reason": N_("Reason dropped"), "issue_ids": N_("Linked issues"),
}


def field_label(name: str) -> str:
    """The translated name of a plan item field in a diff."""
    return _(FIELD_LABELS.get(name, name))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(f"#{v}" for v in value)
    return str(value)


def diff(before: Sequence[FrozenItem], now: Sequence[PlanItem]) -> list[Change]:
    """What changed since `before` (a signed version): items added, removed, changed."""
    old = {f.id: f for f in before}
    new = {f.id: f for f in frozen(now)}
    out: list[Change] = []
    for item_id, f in new.items():
        if item_id not in old:
            out.append(Change("added", item_id, f.title))
            continue
        a, b = old[item_id].model_dump(), f.model_dump()
        fields = tuple(
            (name, _shown(a[name]), _shown(b[name])) for name in a if a[name] != b[name]
        )
        if fields:
            out.append(Change("changed", item_id, f.title, fields))
    out.extend(Change("removed", i, f.title) for i, f in old.items() if i not in new)
    return out
