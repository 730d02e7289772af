"""Staff & certification: who may work in the CRM, their quiz results and spot checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, day, set_columns


@dataclass
class StaffRow:
    cells: tuple[str, ...]
    haystack: str
    """Lower-cased text the filter matches against."""


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
    ]
    AREA_HELP = (N_("Type to filter by name, role, department, region or certificate state"),)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[StaffRow] = []

    def compose_area(self) -> ComposeResult:
        yield Input(id="staff-filter", classes="area-filter")
        yield DataTable(id="staff-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="staff-summary", classes="area-summary")

    def retranslate(self) -> None:
        self.query_one("#staff-filter", Input).placeholder = _(
            "/ filter: name, role, department, region, certificate"
        )
        set_columns(
            self.query_one("#staff-table", DataTable),
            [("name", _("Name")), ("cert", _("Certificate")), ("expires", _("Expires")),
             ("quiz", _("Last quiz system/process")), ("spot", _("Last spot check")),
             ("role", _("Role")), ("dept", _("Department")), ("region", _("Region"))],
        )

    def compute(self) -> list[StaffRow]:
        from crmgov.domain.certification.model import CERTIFIED_ROLES
        from crmgov.domain.labels import label

        app: Any = self.app
        today = app.now().date()
        certs: dict[int, list[Any]] = {}
        for c in self.store.all("certifications"):
            certs.setdefault(c.staff_id, []).append(c)
        quizzes: dict[int, Any] = {}
        for q in sorted(self.store.all("quiz_attempts"), key=lambda q: q.taken_at):
            quizzes[q.staff_id] = q
        checks: dict[int, Any] = {}
        for s in sorted(self.store.all("spot_checks"), key=lambda s: s.checked_on):
            checks[s.staff_id] = s
        rows = []
        for person in sorted(self.store.all("staff"), key=lambda s: (not s.active, s.name)):
            state, expires = self._certificate(person, certs.get(person.id, []), today,
                                               person.role in CERTIFIED_ROLES)
            quiz = quizzes.get(person.id)
            quiz_text = NONE if quiz is None else (
                f"{quiz.system_score:.0f}/{quiz.process_score:.0f} "
                + ("✓" if quiz.passed else "✗")
            )
            check = checks.get(person.id)
            check_text = NONE if check is None else (
                f"{day(check.checked_on)} "
                + ("✓" if check.passed else _("✗ {n} deviation(s)", n=check.deviations))
            )
            name = person.name if person.active else _("{name} (left)", name=person.name)
            cells = (name, state, expires, quiz_text, check_text, label(person.role),
                     person.department or NONE, person.region or NONE)
            rows.append(StaffRow(cells, " ".join(cells).lower()))
        return rows

    @staticmethod
    def _certificate(person: Any, certs: list[Any], today: Any, required: bool) -> tuple[str, str]:
        valid = [c for c in certs if c.valid_on(today)]
        if valid:
            best = max(valid, key=lambda c: c.expires_on or today.replace(year=9999))
            return _("certified"), day(best.expires_on)
        if not required:
            return _("not required"), NONE
        if any(c.revoked for c in certs):
            return _("revoked"), NONE
        if certs:
            return _("expired"), day(max(c.expires_on or today for c in certs))
        return _("not certified"), NONE

    def show(self, data: list[StaffRow]) -> None:
        self._rows = data
        self._fill()

    def _fill(self) -> None:
        needle = self.query_one("#staff-filter", Input).value.strip().lower()
        rows = [r for r in self._rows if all(w in r.haystack for w in needle.split())]
        table = self.query_one("#staff-table", DataTable)
        table.clear()
        for row in rows:
            table.add_row(*row.cells)
        uncertified = sum(1 for r in self._rows if r.cells[1] in (
            _("not certified"), _("expired"), _("revoked")))
        self.query_one("#staff-summary", Static).update(
            _("{shown} of {total} people · {uncertified} must (re)certify before working "
              "in the CRM", shown=len(rows), total=len(self._rows), uncertified=uncertified)
        )

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
