"""What a run means, in sentences: findings shared by the CLI, the TUI and the report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crmgov.domain.quality.results import QualityRun, TableResult
from crmgov.domain.quality.rules import ROLE_EMPTY_TYPICAL, limit_text
from crmgov.domain.quality.trend import Series, needs_steward, series, sparkline
from crmgov.i18n import _


def findings(history: Sequence[QualityRun]) -> list[str]:
    """Worsening tables, master data without a steward, contact roles, late entry."""
    if not history:
        return []
    last = history[-1]
    out: list[str] = []
    labels = {t.table: t.label for t in last.tables}
    for s in series(history):
        if not s.rule and s.worsening and s.table in labels:
            out.append(_("{table} is getting worse: {before:.1%} → {now:.1%} over the last "
                         "runs (rowing against the current: stop advancing and you fall back)",
                         table=labels[s.table], before=s.rates[-2], now=s.rates[-1]))
    for t in last.tables:
        if needs_steward(history, t.table):
            out.append(_("{table}: duplicates keep appearing and no specialist role owns this "
                         "master data ({count} people create it); name a steward, e.g. "
                         "finance", table=t.label, count=t.creators))
        if t.role_empty is not None:
            out.append(_("{table}: contact role empty in {share:.0%} of records (in about "
                         "{typical:.0%} of CRM databases it is)", table=t.label,
                         share=t.role_empty, typical=ROLE_EMPTY_TYPICAL))
        if t.timed:
            out.append(_("{table}: {late} of {timed} records ({share:.1%}) entered after 10:00 "
                         "the day after the event", table=t.label, late=t.late, timed=t.timed,
                         share=t.late / t.timed))
    return out


@dataclass(frozen=True)
class TrendRow:
    """One line of the trend view: a table or one of its rules over the runs."""

    table: str
    label: str
    rule: str
    spark: str
    rates: tuple[float, ...]
    worsening: bool


def trend_rows(history: Sequence[QualityRun]) -> list[TrendRow]:
    """Every table's and rule's series with a sparkline scaled to the series itself."""
    labels = {t.table: t.label for run in history for t in run.tables}
    rows: list[TrendRow] = []
    for s in series(history):
        rows.append(TrendRow(s.table, labels.get(s.table, s.table), s.rule,
                             sparkline(s.rates), s.rates, s.worsening))
    return rows


def owner_trend(history: Sequence[QualityRun], table: str) -> dict[str, list[float]]:
    """Each owner's error rate in one table, run after run (a trend, not a ranking)."""
    out: dict[str, list[float]] = {}
    for run in history:
        t = run.table(table)
        if t is None:
            continue
        for o in t.owners:
            out.setdefault(o.owner, []).append(o.error_rows / o.rows if o.rows else 0.0)
    return out


def failing(t: TableResult) -> list[str]:
    """The rule keys of a table that fail."""
    return [r.key for r in t.rules if r.verdict == "fail"]


__all__ = ["Series", "TrendRow", "failing", "findings", "limit_text", "owner_trend",
           "trend_rows"]
