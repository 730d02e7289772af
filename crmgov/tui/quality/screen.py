"""Data quality: the latest check per table against its threshold, the trend, findings.

polars and the check engine are imported only when a check runs (in the dialog's worker);
this screen reads the saved snapshots, which are small.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.services.quality.summary import limit_text
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.widgets.fit_table import Col, FitTable

#: How a verdict is drawn: mark and style (over the threshold stands out, issue 9 item 9).
VERDICT_STYLE = {"ok": ("✓", "green"), "warn": ("!", "yellow"), "fail": ("✗", "bold red")}


class QualityAreaScreen(AreaScreen):
    """One row per checked table; the highlighted table's rules, owners and trend below."""

    AREA = "quality"
    CSS_PATH = "quality_area.tcss"
    AREA_HELP = (
        N_("Up/down choose a table; its rules, fill rates and owners' trends show below"),
        N_("Thresholds: under 5% per table, 1% for key fields and pointers, 20% for leads"),
    )
    BINDINGS = [
        Binding("c", "run_check", N_("Check exports"), id="quality.check"),
        Binding("v", "review", N_("Review duplicates"), id="quality.review"),
        Binding("n", "open_issue", N_("Open issue"), id="quality.issue"),
        Binding("x", "merge_list", N_("Merge list"), id="quality.merge"),
        Binding("R", "report", N_("Report"), id="quality.report"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[str, Any] = {}

    def compose_area(self) -> ComposeResult:
        yield Static(id="qa-summary", classes="area-summary")
        yield FitTable(id="qa-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="qa-detail", classes="area-detail"):
            yield Static(id="qa-rules")
            yield Static(id="qa-findings")

    def retranslate(self) -> None:
        self.query_one("#qa-table", FitTable).set_specs(
            [Col("mark", ""), Col("table", _("Table"), shrink=12),
             Col("rows", _("Rows")), Col("rate", _("Error rate")),
             Col("limit", _("Limit")), Col("trend", _("Trend"), drop=1),
             Col("dups", _("Duplicates"), drop=3), Col("late", _("Late"), drop=2)],
        )

    def compute(self) -> dict[str, Any]:
        from crmgov.services.quality.check import runs
        from crmgov.services.quality.summary import findings, trend_rows

        history = runs(self.store)
        return {"history": history, "findings": findings(history),
                "trend": trend_rows(history)}

    def show(self, data: dict[str, Any]) -> None:
        self._data = data
        history = data["history"]
        table = self.query_one("#qa-table", FitTable)
        table.fill([])
        summary = self.query_one("#qa-summary", Static)
        if not history:
            summary.update(_("No data check yet: press c to check a folder of CRM exports "
                             "(CSV/XLSX), or run `crmgov data check EXPORT_DIR`."))
            self.query_one("#qa-rules", Static).update("")
            self.query_one("#qa-findings", Static).update("")
            return
        last = history[-1]
        sparks = {(r.table, r.rule): r for r in data["trend"]}
        over = sum(1 for t in last.tables if t.verdict == "fail")
        summary.update(
            _("Last check {day} · {count} table(s), {over} over their threshold · {runs} "
              "run(s) saved", day=f"{last.run_at:%Y-%m-%d %H:%M}", count=len(last.tables),
              over=over, runs=len(history))
        )
        rows = []
        for t in last.tables:
            mark, style = VERDICT_STYLE[t.verdict]
            trend = sparks.get((t.table, ""))
            spark = Text(trend.spark if trend else "",
                         style="bold red" if trend and trend.worsening else "")
            dups = t.exact_groups + sum(1 for p in t.pairs if not p.flagged)
            rows.append((t.table, (
                Text(mark, style=style), Text(t.label, style=style if t.verdict == "fail"
                                              else ""),
                f"{t.rows:,}", Text(f"{t.error_rate:.1%}", style=style), limit_text(t.fail),
                spark, str(dups) if dups else "—",
                f"{t.late / t.timed:.0%}" if t.timed else "—",
            )))
        table.fill(rows)
        self.query_one("#qa-findings", Static).update(
            "\n".join("• " + f for f in data["findings"]))
        self._show_rules(last.tables[0].table if last.tables else None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self._show_rules(str(event.row_key.value))

    def _show_rules(self, name: str | None) -> None:
        from crmgov.services.quality.summary import owner_trend
        from crmgov.textwidth import fit

        history = self._data.get("history") or []
        t = history[-1].table(name) if history and name else None
        target = self.query_one("#qa-rules", Static)
        if t is None:
            target.update("")
            return
        sparks = {(r.table, r.rule): r for r in self._data.get("trend", [])}
        out = Text()
        for r in t.rules:
            mark, style = VERDICT_STYLE[r.verdict]
            rate = r.violations / t.rows if t.rows else 0.0
            trend = sparks.get((t.table, r.key))
            out.append(f"{mark} ", style=style)
            out.append(fit(r.label, 26))
            out.append(f" {rate:6.1%} / {limit_text(r.fail)}  ", style=style)
            out.append((trend.spark if trend else "") + "\n")
        if t.fill:
            fills = "  ".join(f"{c} {v:.0%}" for c, v in t.fill.items())
            out.append(_("Filled: {fills}", fills=fills) + "\n")
        owners = owner_trend(history, t.table)
        if owners:
            from crmgov.domain.quality.trend import sparkline

            line = "  ".join(f"{o or '—'} {sparkline(v, top=max(max(v), t.fail))}"
                             for o, v in sorted(owners.items()))
            out.append(_("By owner (error rate over the runs): {line}", line=line) + "\n")
        target.update(out)

    # ---------------------------------------------------------------- actions
    def _selected(self) -> str | None:
        table = self.query_one("#qa-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key else None

    def _saved(self, result: Any) -> None:
        after_save(self.app, result or None)

    def action_run_check(self) -> None:
        """Check a folder of CRM exports and save the results (progress in a worker)."""
        from crmgov.tui.quality.dialogs import CheckDialog

        if not self.store.loaded:
            return
        history = self._data.get("history") or []
        folder = history[-1].source.split(", ")[0] if history else ""
        app: Any = self.app
        self.app.push_screen(CheckDialog(self.store, app.now(), folder), self._saved)

    def action_review(self) -> None:
        """Review the duplicate pairs of the latest check side by side."""
        from crmgov.tui.quality.review import DuplicateReviewScreen

        if self.store.loaded:
            self.app.push_screen(DuplicateReviewScreen(), self._saved)

    def action_merge_list(self) -> None:
        """Export the merge list (CSV/XLSX) for the CRM administrator."""
        from crmgov.tui.quality.dialogs import merge_form

        if self.store.loaded:
            self.app.push_screen(merge_form(self.store), self._saved)

    def action_report(self) -> None:
        """Write the data-quality report (Markdown, HTML or Word)."""
        from crmgov.tui.quality.dialogs import report_form

        if self.store.loaded:
            app: Any = self.app
            self.app.push_screen(report_form(self.store, app.now()), self._saved)

    def action_open_issue(self) -> None:
        """Open a data issue for each failing check of the highlighted table."""
        history = self._data.get("history") or []
        name = self._selected()
        if not history or name is None:
            self.app.bell()
            return
        self._open_issues(history[-1], name)

    @work(thread=True, exclusive=True, group="quality-issue")
    def _open_issues(self, run: Any, name: str) -> None:
        from crmgov.services.quality.issues import open_failing_issues

        app: Any = self.app
        try:
            opened = open_failing_issues(self.store, run, app.now(), name)
        except ValueError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error")
            return
        app.call_from_thread(self._issues_opened, opened)

    def _issues_opened(self, opened: list[Any]) -> None:
        if not opened:
            self.app.notify(_("no check of this table fails"))
            return
        parts = []
        for check, issue, new in opened:
            what = _("opened issue {id}", id=issue.id) if new else _("already open: issue {id}",
                                                                      id=issue.id)
            parts.append(f"{check}: {what}" + (" " + _("(recurring)") if issue.recurring else ""))
        app: Any = self.app
        app.notify("\n".join(parts))
        app.data_changed()
