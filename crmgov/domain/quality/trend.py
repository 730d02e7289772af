"""Trends over runs: the error rate of a table or rule run after run, and what worsens.

The domain warns against ranking people ("do not push too hard: measure trends"), so
per-owner figures are shown as each owner's own trend, never as a league table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crmgov.domain.quality.results import QualityRun, TableResult

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float], top: float | None = None) -> str:
    """One block character per value, scaled to `top` (default: the largest value)."""
    if not values:
        return ""
    high = max(top if top is not None else 0.0, *values)
    if high <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, int(v / high * (len(SPARKS) - 1) + 0.5))]
                   for v in values)


@dataclass(frozen=True)
class Series:
    """One table's (or rule's) error rate, oldest run first."""

    table: str
    rule: str
    """"" for the table's error rate, else "rule:field"."""
    dates: tuple[str, ...]
    rates: tuple[float, ...]

    @property
    def worsening(self) -> bool:
        """Worse in the latest run than in the one before, and than the first: decay."""
        r = self.rates
        return len(r) >= 2 and r[-1] > r[-2] and r[-1] > r[0]


def _rule_rate(t: TableResult, key: str) -> float | None:
    for r in t.rules:
        if r.key == key:
            return r.violations / t.rows if t.rows else 0.0
    return None


def series(runs: Sequence[QualityRun]) -> list[Series]:
    """Every table's and rule's error rate over the runs (runs in any order)."""
    ordered = sorted(runs, key=lambda r: r.run_at)
    points: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for run in ordered:
        day = run.run_at.date().isoformat()
        for t in run.tables:
            points.setdefault((t.table, ""), []).append((day, t.error_rate))
            for r in t.rules:
                value = _rule_rate(t, r.key)
                if value is not None:
                    points.setdefault((t.table, r.key), []).append((day, value))
    return [
        Series(table, rule, tuple(d for d, _v in pts), tuple(v for _d, v in pts))
        for (table, rule), pts in sorted(points.items())
    ]


def worsening_tables(runs: Sequence[QualityRun]) -> list[str]:
    """Tables whose error rate rose in the latest run (and above their first run)."""
    return [s.table for s in series(runs) if not s.rule and s.worsening]


def needs_steward(runs: Sequence[QualityRun], table: str) -> bool:
    """The "owned by a specialist role" finding: master data whose duplicates keep appearing
    (the run before had them too, and they did not shrink) while no specialist role is
    named as its owner. A first run cannot say "keep appearing"."""
    ordered = [t for run in sorted(runs, key=lambda r: r.run_at)
               if (t := run.table(table)) is not None]
    if not ordered:
        return False
    last = ordered[-1]
    if last.steward or last.kind != "master":
        return False
    now = last.exact_groups + sum(1 for p in last.pairs if p.flagged)
    if len(ordered) < 2:
        return False
    before = ordered[-2].exact_groups + sum(1 for p in ordered[-2].pairs if p.flagged)
    return before > 0 and now >= before
