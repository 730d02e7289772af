"""The latest data-quality measurement of each CRM table, against its threshold."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _
from crmgov.tui.widgets.fit_table import Col, FitTable

#: Which measurements a dashboard figure leads to: the rows shown equal the figure.
SHOWN = {"": N_("Data quality"), "ok": N_("Data quality: within threshold"),
         "failing": N_("Data quality: over threshold")}


class QualityScreen(ModalScreen[None]):
    """System 3, implementation 10, data 12: the base data behind the reports.

    `only` = "ok" or "failing" keeps the tables within or over their threshold, so a
    dashboard figure ("Over threshold 3") opens exactly that many rows.
    """

    def __init__(self, only: str = "") -> None:
        super().__init__()
        self.only = only

    CSS_PATH = "quality.tcss"
    BINDINGS = [Binding("escape", "close", N_("Close"), id="quality.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="quality-box") as box:
            box.border_title = _(SHOWN[self.only])
            box.border_subtitle = _("Esc closes")
            yield FitTable(id="quality-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="quality-note")

    def on_mount(self) -> None:
        from crmgov.domain.labels import label
        from crmgov.domain.quality.model import THRESHOLDS

        app: Any = self.app
        latest: dict[str, Any] = {}
        for m in sorted(app.store.all("data_quality"), key=lambda m: m.measured_on):
            latest[m.table] = m
        table = self.query_one(FitTable)
        table.set_specs([
            Col("table", _("Table"), shrink=12), Col("kind", _("Kind"), shrink=8, drop=2),
            Col("measured", _("Measured")), Col("rate", _("Error rate")),
            Col("limit", _("Threshold")), Col("fill", _("Fill rate"), drop=1),
            Col("within", _("Within")),
        ])
        rows = []
        for name, m in sorted(latest.items()):
            if (self.only == "ok" and not m.within_threshold) or (
                    self.only == "failing" and m.within_threshold):
                continue
            # Over the threshold stands out (issue 9): red, bold, and "✗ over" in words.
            style = "" if m.within_threshold else "bold red"
            limit = THRESHOLDS[m.kind] if m.threshold is None else m.threshold
            rows.append((name, (
                Text(name, style=style),
                label(m.kind),
                m.measured_on.isoformat(),
                Text(f"{m.error_rate * 100:.1f}%", style=style),
                f"{limit * 100:.0f}%",
                "—" if m.fill_rate is None else f"{m.fill_rate * 100:.0f}%",
                Text("✓") if m.within_threshold else Text("✗ " + _("over"), style=style),
            )))
        table.fill(rows)
        note = self.query_one("#quality-note", Static)
        if not latest:
            note.update(_("No measurement recorded yet."))
        else:
            note.update(
                _("Targets: under 5% in most tables, under 1% for key fields, "
                  "up to 20% for sales leads.")
            )

    def action_close(self) -> None:
        self.dismiss()
