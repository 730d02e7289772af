"""Reviewing duplicate pairs: decide same / different / skip, export the merge list.

Decisions are stored (`quality_decisions`), so a later check neither asks again nor, for
"different", counts the pair as a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from crmgov.domain.quality.results import DuplicateDecision, DuplicatePair
from crmgov.i18n import _
from crmgov.services.quality.check import DECISIONS, runs
from crmgov.services.quality.issues import QualityError
from crmgov.services.sheets import write_sheet
from crmgov.storage.interface import Store

CHOICES = ("same", "different", "skip")


@dataclass(frozen=True)
class ReviewPair:
    """A pair of the latest run, with its table and the decision taken on it, if any."""

    table: str
    title: str
    pair: DuplicatePair
    decision: str
    """"same", "different" or "" (not decided)."""

    @property
    def ids(self) -> tuple[str, str]:
        """The pair's ids in their stored order."""
        return ordered(self.pair.a, self.pair.b)


def ordered(a: str, b: str) -> tuple[str, str]:
    """The order pair ids are stored and looked up in (as services.quality.duplicates)."""
    return (a, b) if (len(a), a) <= (len(b), b) else (b, a)


def review_pairs(store: Store, table: str | None = None) -> list[ReviewPair]:
    """Every pair of the latest run (of each table), undecided review-band pairs first."""
    history = runs(store)
    if not history:
        return []
    decided = {(d.table, d.a, d.b): d.decision for d in store.all(DECISIONS)}
    out: list[ReviewPair] = []
    for t in history[-1].tables:
        if table and t.table != table:
            continue
        for p in t.pairs:
            a, b = ordered(p.a, p.b)
            out.append(ReviewPair(t.table, t.label, p, decided.get((t.table, a, b), "")))
    out.sort(key=lambda r: (bool(r.decision), r.pair.flagged, -r.pair.score))
    return out


def decide(store: Store, table: str, a: str, b: str, decision: str,
           now: datetime) -> DuplicateDecision | None:
    """Remember a decision on a pair (skip stores nothing); QualityError for a bad choice or
    a pair the latest run does not hold."""
    if decision not in CHOICES:
        raise QualityError(_("decision must be one of {choices}", choices=", ".join(CHOICES)))
    key = ordered(a, b)
    if not any(r.ids == key for r in review_pairs(store, table)):
        raise QualityError(_("the latest check of {table} has no pair {a} / {b}", table=table,
                             a=a, b=b))
    if decision == "skip":
        return None
    existing = next((d for d in store.all(DECISIONS)
                     if (d.table, d.a, d.b) == (table, *key)), None)
    record = DuplicateDecision(table=table, a=key[0], b=key[1], decision=decision,
                               by=store.actor, at=now)
    with store.transaction("quality.decide") as txn:
        if existing is not None:
            return txn.update(DECISIONS, record.model_copy(update={"id": existing.id}))
        return txn.insert(DECISIONS, record)


def merge_rows(store: Store) -> list[list[str | float]]:
    """The merge list for the CRM administrator: flagged pairs nobody called different,
    and pairs decided the same. The first record of each pair is the one to keep."""
    rows: list[list[str | float]] = []
    for r in review_pairs(store):
        if r.decision == "same" or (r.pair.flagged and r.decision != "different"):
            rows.append([r.title, r.pair.a, r.pair.name_a, r.pair.b, r.pair.name_b,
                         round(r.pair.score, 1), r.decision or _("flagged")])
    return rows


def merge_header() -> list[str]:
    """Column names of the merge list, in the language in force."""
    return [_("Table"), _("Keep id"), _("Keep name"), _("Merge id"), _("Merge name"),
            _("Score"), _("Decision")]


def export_merge_list(store: Store, path: Path) -> int:
    """Write the merge list as .csv (UTF-8 with BOM, for Excel) or .xlsx; rows written.
    Names come from the CRM: the shared writer neutralises formulas; in an .xlsx the
    Score stays a number."""
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise QualityError(_("{path}: the merge list is written as .csv or .xlsx", path=path))
    rows = merge_rows(store)
    write_sheet(path, merge_header(), rows, _("Merge list"), numbers=True)
    return len(rows)
