"""`crmgov report data`: tables against thresholds, rules, trends as charts, owners,
duplicate groups — from the saved snapshots, rendered from templates/<lang>/quality/.

HTML charts are inline SVG (no script, no external file); DOCX is the Markdown report
converted by the shared services.docx converter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape
from typing import Any

from crmgov.domain.labels import label
from crmgov.domain.quality.results import QualityRun
from crmgov.domain.quality.rules import limit_text
from crmgov.i18n import N_, _
from crmgov.services.quality.check import runs
from crmgov.services.quality.summary import findings, owner_trend, trend_rows
from crmgov.services.templates import ReportError, render_template
from crmgov.storage.interface import Store

#: How verdicts read in the report.
VERDICTS = {"ok": N_("within"), "warn": N_("near the limit"), "fail": N_("over")}
#: Duplicate pairs listed per table in the report.
PAIRS_SHOWN = 15


def chart_svg(dates: Sequence[str], rates: Sequence[float], limit: float) -> str:
    """A small line chart of error rates (percent) with the limit as a dashed line."""
    w, h, pad = 320, 110, 28
    top = max([limit * 1.25, *rates, 0.01])

    def x(i: int) -> float:
        return pad + (w - 2 * pad) * (i / max(1, len(rates) - 1))

    def y(v: float) -> float:
        return h - pad + 8 - (h - pad - 4) * (v / top)

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(rates))
    dots = "".join(
        f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" class="{"bad" if v > limit else "ok"}">'
        f"<title>{escape(dates[i])}: {v:.1%}</title></circle>" for i, v in enumerate(rates))
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{h - 4}" text-anchor="middle">{escape(d[5:])}</text>'
        for i, d in enumerate(dates))
    return (
        f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" class="chart">'
        f'<line x1="{pad}" x2="{w - pad}" y1="{y(limit):.1f}" y2="{y(limit):.1f}" class="limit"/>'
        f'<text x="{w - pad + 2}" y="{y(limit) + 4:.1f}">{limit_text(limit)}</text>'
        f'<polyline points="{points}" class="line"/>{dots}{labels}</svg>'
    )


def context(store: Store, now: datetime) -> dict[str, Any]:
    """Everything the data-quality report shows."""
    history: list[QualityRun] = runs(store)
    last = history[-1] if history else None
    trend = trend_rows(history)
    tables = []
    for t in last.tables if last else []:
        series = next((r for r in trend if r.table == t.table and not r.rule), None)
        dates = [run.run_at.date().isoformat() for run in history if run.table(t.table)]
        owners = owner_trend(history, t.table)
        tables.append({
            "name": t.table, "label": t.label, "kind": label(t.kind), "rows": t.rows,
            "errors": t.error_rows, "rate": t.error_rate, "fail": t.fail,
            "fail_pct": limit_text(t.fail),
            "verdict": str(t.verdict), "verdict_label": _(VERDICTS[t.verdict]),
            "worsening": bool(series and series.worsening),
            "spark": series.spark if series else "",
            "chart": chart_svg(dates, series.rates, t.fail) if series else "",
            "rates": list(series.rates) if series else [],
            "rules": [{"key": r.key, "label": r.label, "violations": r.violations,
                       "rate": r.violations / t.rows if t.rows else 0.0, "fail": r.fail,
                       "fail_pct": limit_text(r.fail),
                       "verdict": str(r.verdict), "verdict_label": _(VERDICTS[r.verdict])}
                      for r in t.rules],
            "fill": sorted(t.fill.items()), "role_empty": t.role_empty,
            "late": t.late, "timed": t.timed,
            "owners": [{"owner": o or "—", "rates": v, "last": v[-1]}
                       for o, v in sorted(owners.items())],
            "exact_groups": t.exact_groups,
            "flagged": sum(1 for p in t.pairs if p.flagged),
            "review": sum(1 for p in t.pairs if not p.flagged),
            "pairs": [p.model_dump() for p in t.pairs[:PAIRS_SHOWN]],
        })
    return {
        "project": store.project.name,
        "as_of": now.strftime("%Y-%m-%d %H:%M"),
        "last": last.run_at.strftime("%Y-%m-%d %H:%M") if last else "",
        "runs": len(history),
        "tables": tables,
        "failing": sum(1 for t in tables if t["verdict"] == "fail"),
        "findings": findings(history),
    }


def render_report(store: Store, name: str, fmt: str, now: datetime,
                  lang: str | None = None) -> str | bytes:
    """Render the data-quality report as md, html or docx (bytes)."""
    ctx = context(store, now)
    if fmt in ("md", "html"):
        return render_template(f"quality/report.{fmt}.j2", ctx, lang=lang)
    if fmt == "docx":
        from crmgov.services.docx import markdown_to_docx

        md = render_template("quality/report.md.j2", ctx, lang=lang)
        docx: bytes = markdown_to_docx(md, title=_("Data-quality report"))
        return docx
    raise ReportError(_("report {name} has no format {fmt}", name=name, fmt=fmt))
