"""Phases: the rollout timeline, each phase's scope and evaluation, the 1+5 panel, and each
gate's items with their live figures; sign-off, waiver and evaluation dialogs.

Two views in one mode: the overview (timeline, phases, the highlighted phase's detail) and
a phase's gate (its items, and the highlighted item in full: figure, evidence, what falls
short, where it is fixed). Tables fit the width (tui.phases.columns): no sideways scroll.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.phases import columns as cols
from crmgov.tui.phases.text import gate_row, item_detail, phase_detail, phase_values
from crmgov.tui.phases.timeline import timeline_lines
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.wrapped import WrappedStatic

OVERVIEW, GATE = "phases-overview", "phases-gate"
#: Actions offered in each view.
_GATE_ONLY = {"back", "evidence", "signoff", "waive", "sign_gate", "blockers_only"}
_OVERVIEW_ONLY = {"add_phase", "edit_phase", "start_phase", "hold_phase", "close_phase"}


class PhasesScreen(AreaScreen):
    """The rollout and its gates."""

    AREA = "phases"
    CSS_PATH = "phases.tcss"
    AREA_HELP = (
        N_("Enter on a phase opens its gate; Enter on a gate item opens the area where it "
           "is fixed; Esc goes back"),
        N_("Live items are computed from the project's data in the phase's scope; evidence "
           "items are signed off by the role they name"),
        N_("Timeline: ▀ planned, ▄ actual, █ both, │ today"),
    )
    BINDINGS = [
        Binding("enter", "open", N_("Open"), id="phases.open"),
        Binding("escape", "back", N_("Back"), id="phases.back"),
        Binding("a", "add_phase", N_("Add phase"), id="phases.add"),
        Binding("e", "edit_phase", N_("Edit phase"), id="phases.edit"),
        Binding("n", "start_phase", N_("Start"), id="phases.start"),
        Binding("x", "hold_phase", N_("Hold"), id="phases.hold", show=False),
        Binding("c", "close_phase", N_("Close phase"), id="phases.close"),
        Binding("v", "evaluate", N_("Evaluate"), id="phases.evaluate"),
        Binding("f", "evidence", N_("Evidence"), id="phases.evidence"),
        Binding("k", "signoff", N_("Sign off"), id="phases.signoff"),
        Binding("w", "waive", N_("Waive"), id="phases.waive"),
        Binding("g", "sign_gate", N_("Sign gate"), id="phases.sign_gate"),
        Binding("b", "blockers_only", N_("Blockers only"), id="phases.blockers"),
        Binding("R", "report", N_("Report"), id="phases.report"),
        Binding("I", "integration", N_("Integration point"), id="phases.integration",
                show=False),
        Binding("P", "people", N_("Sponsor and consultant"), id="phases.people", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._data: Any = None
        self._rows: list[dict[str, Any]] = []
        self._gate_id: int | None = None
        self._items: list[Any] = []
        self._blockers_only = False
        self._pending_view: str | None = None

    def compose_area(self) -> ComposeResult:
        with ContentSwitcher(initial=OVERVIEW, id="phases-switcher"):
            with Vertical(id=OVERVIEW):
                yield Static(id="phases-timeline", markup=False)
                yield DataTable(id="phases-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="phases-detail", classes="area-detail"):
                    yield WrappedStatic(id="phases-detail-text")
            with Vertical(id=GATE):
                yield Static(id="gate-title", markup=False)
                yield DataTable(id="gate-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="gate-detail", classes="area-detail"):
                    yield WrappedStatic(id="gate-detail-text")

    # ------------------------------------------------------------------ data
    def compute(self) -> Any:
        from crmgov.services.phases.present import overview

        return overview(self.store, self.app.now())  # type: ignore[attr-defined]

    def show(self, data: Any) -> None:
        self._data = data
        self._rows = data.rows
        self._fill_phases()
        if self._pending_view is not None:
            view, self._pending_view = self._pending_view, None
            self.apply_quick_filter(view)
        elif self._gate_id is not None and self._gate_id in data.gates:
            self._fill_gate()

    @property
    def view(self) -> str:
        return self.query_one("#phases-switcher", ContentSwitcher).current or OVERVIEW

    def on_resize(self) -> None:
        if self._data is not None:
            self._fill_phases()
            if self.view == GATE:
                self._fill_gate()

    def _table_width(self, table: DataTable[Any]) -> int:
        return max(40, (table.size.width or self.size.width) - 2)

    def _fill_phases(self) -> None:
        width = self.size.width or 80
        today = self.app.now().date()  # type: ignore[attr-defined]
        self.query_one("#phases-timeline", Static).update(
            "\n".join(timeline_lines(self._rows, width - 2, today)) if self._rows else "")
        table = self.query_one("#phases-table", DataTable)
        laid = cols.layout(cols.PHASE_COLUMNS, self._table_width(table))
        row = table.cursor_row
        table.clear(columns=True)
        for key, title, w in cols.titles(laid):
            table.add_column(title, key=key, width=w)
        for r in self._rows:
            table.add_row(*cols.cells(laid, phase_values(r)), key=str(r["id"]))
        if not self._rows:
            self.query_one("#phases-detail-text", WrappedStatic).set_text(_(
                "No rollout phase planned yet: press a to add a pilot in one department or "
                "region (or crmgov phase add)."))
            return
        table.move_cursor(row=min(max(row, 0), len(self._rows) - 1))
        self._show_phase(table.cursor_row)

    def _show_phase(self, index: int) -> None:
        if not (0 <= index < len(self._rows)) or self._data is None:
            return
        phase_id = self._rows[index]["id"]
        result = self._data.gates[phase_id]
        detail = self.query_one("#phases-detail", VerticalScroll)
        detail.border_title = result.phase.name
        self.query_one("#phases-detail-text", WrappedStatic).set_text(
            phase_detail(result, self._data.health))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "phases-table":
            self._show_phase(event.cursor_row)
        elif event.data_table.id == "gate-table":
            self._show_item(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    # ------------------------------------------------------------------ gate view
    def open_gate(self, phase_id: int, *, blockers_only: bool = False) -> None:
        """Show a phase's gate (all items, or only those that block)."""
        if self._data is None or phase_id not in self._data.gates:
            return
        self._gate_id = phase_id
        self._blockers_only = blockers_only
        self.query_one("#phases-switcher", ContentSwitcher).current = GATE
        self._fill_gate()
        self.query_one("#gate-table", DataTable).focus()
        self.refresh_bindings()

    def _fill_gate(self) -> None:
        from crmgov.services.phases.present import state_label

        result = self._data.gates[self._gate_id]
        items = [r for r in result.items if r.blocks or not self._blockers_only]
        self._items = items
        p = result.phase
        shown = _("blockers only: {count}", count=len(items)) if self._blockers_only else ""
        self.query_one("#gate-title", Static).update(
            _("Gate of {order}. {name}: {state}, {met}/{total}",
              order=result.number, name=p.name, state=state_label(result.state), met=result.met,
              total=len(result.items)) + (f" · {shown}" if shown else ""))
        table = self.query_one("#gate-table", DataTable)
        laid = cols.layout(cols.GATE_COLUMNS, self._table_width(table))
        row = table.cursor_row
        table.clear(columns=True)
        for key, title, w in cols.titles(laid):
            table.add_column(title, key=key, width=w)
        for r in items:
            table.add_row(*cols.cells(laid, gate_row(r)), key=str(r.index))
        if items:
            table.move_cursor(row=min(max(row, 0), len(items) - 1))
            self._show_item(table.cursor_row)
        else:
            self.query_one("#gate-detail-text", WrappedStatic).set_text(
                _("No item blocks this gate.") if self._blockers_only else
                _("This phase has no gate items."))

    def _show_item(self, index: int) -> None:
        if 0 <= index < len(self._items):
            self.query_one("#gate-detail-text", WrappedStatic).set_text(
                item_detail(self._items[index]))

    def apply_quick_filter(self, view: str) -> None:
        """What the dashboard leads to: "gate" (the current phase's gate), "blockers" (its
        blocking items only), "phase-ID" (that phase's gate)."""
        if self._data is None:
            self._pending_view = view
            return
        if view in ("gate", "blockers") and self._data.current_id is not None:
            self.open_gate(self._data.current_id, blockers_only=view == "blockers")
        elif view.startswith("phase-") and view[6:].isdigit():
            self.open_gate(int(view[6:]))

    # ------------------------------------------------------------------ actions
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _GATE_ONLY:
            return self.view == GATE
        if action in _OVERVIEW_ONLY:
            return self.view == OVERVIEW
        return super().check_action(action, parameters)

    def _phase(self) -> Any | None:
        if self._data is None:
            return None
        if self.view == GATE and self._gate_id is not None:
            return self._data.gates[self._gate_id].phase
        table = self.query_one("#phases-table", DataTable)
        if not self._rows:
            return None
        return self._data.gates[self._rows[table.cursor_row]["id"]].phase

    def _item(self) -> Any | None:
        table = self.query_one("#gate-table", DataTable)
        return self._items[table.cursor_row] if 0 <= table.cursor_row < len(self._items) else None

    def action_open(self) -> None:
        if self.view == OVERVIEW:
            phase = self._phase()
            if phase is not None:
                self.open_gate(phase.id)
            return
        item = self._item()
        if item is None:
            return
        from crmgov.tui.phases.actions import open_fix

        open_fix(self, item)

    def action_back(self) -> None:
        self.query_one("#phases-switcher", ContentSwitcher).current = OVERVIEW
        self._gate_id = None
        self.query_one("#phases-table", DataTable).focus()
        self.refresh_bindings()

    def action_blockers_only(self) -> None:
        if self._gate_id is not None:
            self._blockers_only = not self._blockers_only
            self._fill_gate()

    def _dialog(self, build: str, *args: Any) -> None:
        from crmgov.tui.phases import actions

        getattr(actions, build)(self, *args)

    def action_add_phase(self) -> None:
        self._dialog("add_phase")

    def action_edit_phase(self) -> None:
        self._dialog("edit_phase", self._phase())

    def action_start_phase(self) -> None:
        self._dialog("change_status", self._phase(), "start")

    def action_hold_phase(self) -> None:
        self._dialog("change_status", self._phase(), "hold")

    def action_close_phase(self) -> None:
        self._dialog("change_status", self._phase(), "close")

    def action_evaluate(self) -> None:
        self._dialog("evaluate", self._phase())

    def action_evidence(self) -> None:
        self._dialog("evidence", self._phase(), self._item())

    def action_signoff(self) -> None:
        self._dialog("signoff", self._phase(), self._item())

    def action_waive(self) -> None:
        self._dialog("waive", self._phase(), self._item())

    def action_sign_gate(self) -> None:
        self._dialog("sign_gate", self._phase())

    def action_report(self) -> None:
        self._dialog("report", self._phase())

    def action_integration(self) -> None:
        self._dialog("integration", self._phase())

    def action_people(self) -> None:
        self._dialog("people")
