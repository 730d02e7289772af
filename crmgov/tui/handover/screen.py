"""Handover: the consultant's closing review (domain.md §6), computed from the data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, mark, set_columns

if TYPE_CHECKING:
    from crmgov.domain.handover.review import ClosingReview, ReviewCheck

#: At most this many unresolved issues are listed (DataTable holds every row).
LIST_LIMIT = 1000


def _question_and_detail(check: ReviewCheck) -> tuple[str, str]:
    """The translated question and the detail line of one closing check."""
    f: dict[str, Any] = dict(check.figures)
    if check.code == "sops":
        detail = _("{approved}/{total} SOPs approved", approved=f["approved"], total=f["total"])
        if f["drafts"]:
            detail += " · " + _("not approved: {codes}", codes=", ".join(f["drafts"][:6]))
        return _("Processes written down and approved?"), detail
    if check.code == "self_handling":
        return _("Special cases say how the company handles them?"), _(
            "{special} deferred-scope / special-case issue(s), {missing} without "
            "how the company handles it", special=f["special"], missing=f["missing"])
    if check.code == "owners":
        return _("Every open issue has an owner?"), _(
            "{open} open issue(s), {ownerless} without an owner",
            open=f["open"], ownerless=f["ownerless"])
    if check.code == "recurring":
        return _("Recurring problems have a preventive action?"), _(
            "{count} recurring issue(s) without one", count=f["count"])
    if check.code == "internal_owner":
        return _("Internal owner named to carry the system?"), (
            f["name"] or _("no internal owner named in the project"))
    if check.code == "plan_reviewed":
        return _("Improvement plan written and reviewed?"), _(
            "{reviewed}/{items} plan item(s) reviewed", reviewed=f["reviewed"], items=f["items"])
    return _("Plan free of the usual blind spots?"), _(
        "analysis use {a} · prospect development {p}",
        a=mark(f["analysis"]), p=mark(f["prospecting"]))


class HandoverScreen(AreaScreen):
    """The closing review with ✓/✗ per question, and the unresolved-issues list."""

    AREA = "handover"
    CSS_PATH = "handover.tcss"
    AREA_HELP = (
        N_("A good close produces fewer support calls afterwards"),
        N_("The list below is what the company must be able to solve on its own"),
    )

    def compose_area(self) -> ComposeResult:
        yield Static(id="handover-verdict")
        with VerticalScroll(id="checks-box"):
            yield Static(id="checks")
        with Vertical(id="unresolved", classes="area-detail"):
            yield DataTable(id="unresolved-table", cursor_type="row", zebra_stripes=True)

    def retranslate(self) -> None:
        set_columns(
            self.query_one("#unresolved-table", DataTable),
            [("id", "#"), ("title", _("Issue")), ("category", _("Category")),
             ("status", _("Status")), ("owner", _("Owner")),
             ("handling", _("How the company handles it"))],
        )

    def compute(self) -> ClosingReview:
        from crmgov.services.handover.review import project_closing_review

        return project_closing_review(self.store)

    def show(self, data: ClosingReview) -> None:
        from crmgov.domain.labels import label

        passed = data.passed
        verdict = self.query_one("#handover-verdict", Static)
        verdict.update(
            _("{passed} of {total} closing questions answered yes",
              passed=passed, total=len(data.checks))
        )
        verdict.set_class(passed == len(data.checks), "-ready")
        # A grid rather than a table: the details wrap instead of scrolling off at 80 columns.
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=5)
        grid.add_column(ratio=4, style="dim")
        for c in data.checks:
            question, detail = _question_and_detail(c)
            grid.add_row(
                Text(mark(c.ok), style="bold green" if c.ok else "bold red"), question, detail
            )
        self.query_one("#checks", Static).update(grid)
        box = self.query_one("#unresolved")
        box.border_title = _("Unresolved issues and special cases: {count}",
                             count=len(data.unresolved))
        table = self.query_one("#unresolved-table", DataTable)
        table.clear()
        for i in data.unresolved[:LIST_LIMIT]:
            table.add_row(
                str(i.id), i.title, label(i.category), label(i.status), i.owner or NONE,
                i.self_handling or NONE,
            )
