"""Phases: the rollout (pilot, expansion, integration) and each phase's exit gate."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, day, mark, set_columns


class PhasesScreen(AreaScreen):
    """Phases table; the highlighted phase's goal, scope and gate items below."""

    AREA = "phases"
    CSS_PATH = "phases.tcss"
    AREA_HELP = (
        N_("Up/down choose a phase; its goal, scope and gate items show below"),
        N_("A gate item is met only with evidence and a sign-off"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._phases: list[Any] = []

    def compose_area(self) -> ComposeResult:
        yield DataTable(id="phases-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="phase-detail", classes="area-detail"):
            yield Static(id="phase-goal")
            yield Static(id="phase-scope")
            yield DataTable(id="gate-table", cursor_type="row", zebra_stripes=True)

    def retranslate(self) -> None:
        set_columns(
            self.query_one("#phases-table", DataTable),
            [("order", "#"), ("name", _("Phase")), ("status", _("Status")),
             ("gate", _("Gate")), ("kind", _("Kind")), ("planned", _("Planned")),
             ("actual", _("Actual"))],
        )
        set_columns(
            self.query_one("#gate-table", DataTable),
            [("met", _("Met")), ("text", _("Exit criterion")), ("evidence", _("Evidence")),
             ("by", _("Signed off by")), ("at", _("Signed off"))],
        )

    def compute(self) -> list[Any]:
        return sorted(self.store.all("phases"), key=lambda p: p.order)

    def show(self, data: list[Any]) -> None:
        from crmgov.domain.labels import label

        self._phases = data
        table = self.query_one("#phases-table", DataTable)
        table.clear()
        for p in data:
            table.add_row(
                str(p.order),
                p.name,
                label(p.status),
                f"{p.gate_met}/{len(p.gate)}",
                label(p.kind),
                f"{day(p.planned_start)} → {day(p.planned_end)}",
                f"{day(p.actual_start)} → {day(p.actual_end)}",
                key=str(p.id),
            )
        if not data:
            self.query_one("#phase-goal", Static).update(
                _("No rollout phase planned yet: start with a pilot in one department "
                  "or region.")
            )
            self.query_one("#phase-scope", Static).update("")
            self.query_one("#gate-table", DataTable).clear()
            return
        self._show_phase(min(table.cursor_row, len(data) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "phases-table" and 0 <= event.cursor_row < len(self._phases):
            self._show_phase(event.cursor_row)

    def _show_phase(self, index: int) -> None:
        phase = self._phases[index]
        detail = self.query_one("#phase-detail")
        detail.border_title = phase.name
        self.query_one("#phase-goal", Static).update(_("Goal: {goal}", goal=phase.goal))
        scope = phase.scope
        self.query_one("#phase-scope", Static).update(
            _(
                "Departments: {departments} · Regions: {regions} · Functions: {functions}",
                departments=", ".join(scope.departments) or NONE,
                regions=", ".join(scope.regions) or NONE,
                functions=", ".join(scope.functions) or NONE,
            )
        )
        gate = self.query_one("#gate-table", DataTable)
        gate.clear()
        for item in phase.gate:
            gate.add_row(
                mark(item.met),
                item.text,
                item.evidence or NONE,
                item.signed_off_by or NONE,
                day(item.signed_off_at),
            )
