"""Staff & certification: who may work in the CRM, their certificates, quizzes and spot
checks; dashboard figures open views here whose rows are exactly what the figure counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.widgets.fit_table import Col, FitTable
from crmgov.tui.widgets.format import NONE, day

#: Views a dashboard figure opens, with the title shown above the table.
VIEW_TITLES = {
    "certified": N_("Certified (valid certificate today)"),
    "uncertified": N_("Not certified: must (re)certify before working in the CRM"),
    "expiring": N_("Certificates expiring within 30 days"),
    "spot_recent": N_("Spot checks of the last 90 days"),
    "spot_failed": N_("Failed spot checks of the last 90 days"),
}


@dataclass
class StaffRow:
    key: int
    """Staff id (or spot-check id in the spot-check views)."""
    cells: tuple[str, ...]
    haystack: str
    """Lower-cased text the filter matches against."""


@dataclass
class StaffData:
    people: list[StaffRow]
    views: dict[str, list[int]]
    checks: list[StaffRow]
    must_certify: int


class StaffScreen(AreaScreen):
    """Every person, their certificate (上岗证), last quiz and last spot check."""

    AREA = "staff"
    AUTO_FOCUS = "#staff-table"
    CSS_PATH = "staff.tcss"
    BINDINGS = [
        # priority: see AreaScreen.focus_now
        Binding("slash", "focus_filter", N_("Filter"), key_display="/", id="staff.filter",
                priority=True),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="staff.clear"),
        Binding("u", "quick('uncertified')", N_("Not certified"), id="staff.uncertified"),
        Binding("x", "quick('expiring')", N_("Expiring"), id="staff.expiring", show=False),
        Binding("k", "quick('spot_recent')", N_("Spot checks"), id="staff.spot", show=False),
        Binding("A", "quick('')", N_("Everyone"), id="staff.all", show=False),
        Binding("enter", "detail", N_("Person record"), id="staff.detail", show=False),
        Binding("a", "add", N_("Add person"), id="staff.add"),
        Binding("e", "edit", N_("Edit person"), id="staff.edit", show=False),
        Binding("L", "leave", N_("Leaves"), id="staff.leave", show=False),
        Binding("T", "training", N_("Record training"), id="staff.training", show=False),
        Binding("R", "revoke", N_("Revoke certificate"), id="staff.revoke", show=False),
        Binding("P", "print_cert", N_("Print certificate"), id="staff.print", show=False),
        Binding("c", "access", N_("Access list"), id="staff.access"),
        Binding("b", "bank", N_("Question bank"), id="staff.bank", show=False),
        Binding("z", "quizzes", N_("Quizzes"), id="staff.quizzes", show=False),
        Binding("I", "import_staff", N_("Import staff"), id="staff.import", show=False),
        Binding("X", "export_staff", N_("Export staff"), id="staff.export", show=False),
        Binding("K", "spot_checks", N_("Spot-check plan"), id="staff.spotchecks"),
    ]
    AREA_HELP = (N_("Type to filter by name, role, department, region or certificate state"),)

    def __init__(self) -> None:
        super().__init__()
        self._data: StaffData | None = None
        self._view = ""

    def compose_area(self) -> ComposeResult:
        yield Static(id="staff-view", classes="area-summary")
        yield Input(id="staff-filter", classes="area-filter")
        yield FitTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="staff-summary", classes="area-summary")

    def retranslate(self) -> None:
        self.query_one("#staff-filter", Input).placeholder = _(
            "/ filter: name, role, department, region, certificate"
        )
        self._columns()

    def _columns(self) -> None:
        table = self.query_one("#staff-table", FitTable)
        if self._view.startswith("spot"):
            table.set_specs([Col("on", _("Checked on")), Col("name", _("Name"), shrink=10),
                             Col("auditor", _("Auditor"), shrink=8), Col("result", _("Result")),
                             Col("findings", _("Findings"), shrink=12)])
        else:
            # Who and where go first on a narrow terminal: the record (Enter) has them.
            table.set_specs(
                [Col("name", _("Name"), shrink=14), Col("cert", _("Certificate")),
                 Col("expires", _("Expires")), Col("quiz", _("Last quiz")),
                 Col("spot", _("Last spot check")), Col("role", _("Role"), drop=1),
                 Col("dept", _("Department"), shrink=10, drop=3),
                 Col("region", _("Region"), shrink=8, drop=2)],
            )

    def compute(self) -> StaffData:
        from crmgov.domain.labels import label
        from crmgov.services.certification.roster import (
            SPOT_VIEWS,
            STAFF_VIEWS,
            person_rows,
            sets,
        )

        app: Any = self.app
        today = app.now().date()
        quizzes: dict[int, Any] = {}
        for q in sorted(self.store.all("quiz_attempts"), key=lambda q: q.taken_at):
            if q.submitted:
                quizzes[q.staff_id] = q
        checks: dict[int, Any] = {}
        for s in sorted(self.store.all("spot_checks"), key=lambda s: s.checked_on):
            checks[s.staff_id] = s
        rows = []
        for r in person_rows(self.store, today):
            quiz = quizzes.get(r.staff_id)
            quiz_text = NONE if quiz is None else (
                f"{quiz.system_score:.0f}/{quiz.process_score:.0f} "
                + ("✓" if quiz.passed else "✗")
            )
            check = checks.get(r.staff_id)
            check_text = NONE if check is None else (
                f"{day(check.checked_on)} "
                # Short, so the column fits 80 columns; the record says "n deviation(s)".
                + ("✓" if check.passed else f"✗ {check.deviations}")
            )
            name = r.name if r.active else _("{name} (left)", name=r.name)
            cells = (name, label(r.state), day(r.valid_until) if r.valid_until else NONE,
                     quiz_text, check_text, _role(r.role),
                     r.department or NONE, r.region or NONE)
            rows.append(StaffRow(r.staff_id, cells, " ".join(cells).lower()))
        s = sets(self.store, today)
        views = {v: list(getattr(s, f)) for v, f in {**STAFF_VIEWS, **SPOT_VIEWS}.items()}
        names = {p.id: p.name for p in self.store.all("staff")}
        spot_rows = []
        for c in sorted(self.store.all("spot_checks"), key=lambda c: c.checked_on, reverse=True):
            result = "✓" if c.passed else _("✗ {n} deviation(s)", n=c.deviations)
            spot = (day(c.checked_on), str(names.get(c.staff_id, "?")), str(c.auditor), result,
                    str(c.findings or NONE))
            spot_rows.append(StaffRow(c.id, spot, " ".join(spot).lower()))
        return StaffData(rows, views, spot_rows, len(s.uncertified))

    def show(self, data: StaffData) -> None:
        self._data = data
        self._fill()

    def visible_rows(self) -> list[StaffRow]:
        """The rows the table shows: the view's, then the filter's."""
        if self._data is None:
            return []
        source = self._data.checks if self._view.startswith("spot") else self._data.people
        if self._view:
            wanted = set(self._data.views.get(self._view, []))
            source = [r for r in source if r.key in wanted]
        needle = self.query_one("#staff-filter", Input).value.strip().lower()
        return [r for r in source if all(w in r.haystack for w in needle.split())]

    def _fill(self) -> None:
        if self._data is None:
            return
        rows = self.visible_rows()
        self.query_one("#staff-table", FitTable).fill((str(row.key), row.cells) for row in rows)
        self.query_one("#staff-view", Static).update(
            _(VIEW_TITLES[self._view]) if self._view else _("Everyone (A)")
        )
        self.query_one("#staff-summary", Static).update(
            _("{shown} shown · {uncertified} must (re)certify before working in the CRM",
              shown=len(rows), uncertified=self._data.must_certify)
        )

    def apply_quick_filter(self, view: str) -> None:
        """Show one of the views the dashboard's figures open ("" = everyone)."""
        self._view = view if view in VIEW_TITLES else ""
        self._columns()
        self._fill()

    def action_spot_checks(self) -> None:
        """Plan, record and follow up spot checks of veterans."""
        from crmgov.tui.certification.spotchecks import SpotChecksScreen

        if self.store.loaded:
            self.app.push_screen(SpotChecksScreen())

    def action_quick(self, view: str) -> None:
        self.apply_quick_filter("" if view == self._view else view)

    # ------------------------------------------------------------------ actions
    def selected_person(self) -> Any:
        """The person under the cursor (None in the spot-check views or an empty table)."""
        table = self.query_one("#staff-table", DataTable)
        if self._view.startswith("spot") or not table.row_count or not self.store.loaded:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.store.get("staff", int(str(key)))

    def _today(self) -> Any:
        app: Any = self.app
        return app.now().date()

    def _saved(self, result: Any) -> None:
        after_save(self.app, result, None if isinstance(result, str) else _("saved"))

    def _need_person(self) -> Any:
        person = self.selected_person()
        if person is None:
            self.app.bell()
        return person

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_detail()

    def action_detail(self) -> None:
        from crmgov.tui.certification.views import TextView, person_text

        person = self._need_person()
        if person is not None:
            self.app.push_screen(TextView(person.name, person_text(self.store, person.id,
                                                                   self._today())))

    def action_add(self) -> None:
        from crmgov.tui.certification.dialogs import person_form

        if self.store.loaded:
            self.app.push_screen(person_form(self.store), self._saved)

    def action_edit(self) -> None:
        from crmgov.tui.certification.dialogs import person_form

        person = self._need_person()
        if person is not None:
            self.app.push_screen(person_form(self.store, person), self._saved)

    def action_leave(self) -> None:
        from crmgov.tui.certification.dialogs import leave_form

        person = self._need_person()
        if person is not None:
            self.app.push_screen(leave_form(self.store, person, self._today()), self._saved)

    def action_training(self) -> None:
        from crmgov.tui.certification.dialogs import training_form

        if self.store.loaded:
            self.app.push_screen(training_form(self.store, self._today(),
                                               self.selected_person()), self._saved)

    def action_revoke(self) -> None:
        from crmgov.domain.certification.rules import best_certificate
        from crmgov.tui.certification.dialogs import revoke_form

        person = self._need_person()
        if person is None:
            return
        cert = best_certificate((c for c in self.store.all("certifications")
                                 if c.staff_id == person.id), self._today())
        if cert is None:
            self.app.notify(_("{name} holds no valid certificate", name=person.name),
                            severity="warning")
            return
        self.app.push_screen(revoke_form(self.store, cert, self._today()), self._saved)

    def action_print_cert(self) -> None:
        from crmgov.domain.certification.rules import best_certificate
        from crmgov.tui.certification.dialogs import print_form

        person = self._need_person()
        if person is None:
            return
        mine = [c for c in self.store.all("certifications") if c.staff_id == person.id]
        cert = best_certificate(mine, self._today()) or max(
            mine, key=lambda c: c.issued_on, default=None)
        if cert is None:
            self.app.notify(_("{name} holds no certificate", name=person.name),
                            severity="warning")
            return
        app: Any = self.app
        self.app.push_screen(print_form(self.store, cert, self._today(), app.now()),
                             self._saved)

    def action_access(self) -> None:
        from crmgov.tui.certification.views import TextView, access_text

        if self.store.loaded:
            self.app.push_screen(TextView(_("Access list: may work in the CRM"),
                                          access_text(self.store, self._today())))

    def action_bank(self) -> None:
        from crmgov.tui.certification.views import BankBrowser

        if self.store.loaded:
            self.app.push_screen(BankBrowser(self.store))

    def action_quizzes(self) -> None:
        from crmgov.tui.certification.views import TextView, quizzes_text

        if self.store.loaded:
            self.app.push_screen(TextView(_("Quiz definitions"), quizzes_text(self.store)))

    def action_import_staff(self) -> None:
        from crmgov.tui.certification.dialogs import import_form

        if self.store.loaded:
            self.app.push_screen(import_form(self.store), self._saved)

    def action_export_staff(self) -> None:
        from crmgov.tui.certification.dialogs import export_form

        if self.store.loaded:
            self.app.push_screen(export_form(self.store), self._saved)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Fewer than ~2,000 people: filtering the prepared rows is instant.
        self._fill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#staff-table", DataTable).focus()

    def action_focus_filter(self) -> None:
        self.focus_now(self.query_one("#staff-filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#staff-filter", Input).value = ""
        self.query_one("#staff-table", DataTable).focus()


def _role(value: str) -> str:
    from crmgov.domain.enums import Role
    from crmgov.domain.labels import label

    return label(Role(value))
