"""Handover: the consultant's closing review (domain.md §6), computed from the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, mark, set_columns

#: At most this many unresolved issues are listed (DataTable holds every row).
LIST_LIMIT = 1000


@dataclass
class Check:
    ok: bool
    question: str
    detail: str


@dataclass
class Review:
    checks: list[Check]
    unresolved: list[Any] = field(default_factory=list)
    unresolved_total: int = 0


def closing_review(store: Any, now: Any) -> Review:
    """The closing review's questions, answered from the project file.

    Read-only and computed on the fly; it moves to a service when the handover documents
    are generated from templates.
    """
    from crmgov.domain.issue import SELF_HANDLING_CATEGORIES
    from crmgov.domain.plan import PlanKind
    from crmgov.domain.staff import Role

    project = store.project
    sops = store.all("sops")
    approved = [s for s in sops if s.current is not None]
    drafts = sorted(s.code for s in sops if s.current is None)
    issues = store.all("issues")
    open_issues = [i for i in issues if i.is_open]
    special = [i for i in issues if i.category in SELF_HANDLING_CATEGORIES]
    unhandled = [i for i in special if not i.self_handling]
    ownerless = [i for i in open_issues if not i.owner]
    recurring_gap = [i for i in issues if i.recurring and not i.preventive_action]
    owners = [s for s in store.all("staff") if s.active and s.role is Role.INTERNAL_OWNER]
    plan = store.all("plan")
    reviewed = sum(1 for i in plan if i.reviewed)
    kinds = {i.kind for i in plan}
    checks = [
        Check(
            bool(sops) and not drafts,
            _("Processes written down and approved?"),
            _("{approved}/{total} SOPs approved", approved=len(approved), total=len(sops))
            + (" · " + _("not approved: {codes}", codes=", ".join(drafts[:6])) if drafts else ""),
        ),
        Check(
            not unhandled,
            _("Special cases say how the company handles them?"),
            _("{special} deferred-scope / special-case issue(s), {missing} without "
              "how the company handles it", special=len(special), missing=len(unhandled)),
        ),
        Check(
            not ownerless,
            _("Every open issue has an owner?"),
            _("{open} open issue(s), {ownerless} without an owner",
              open=len(open_issues), ownerless=len(ownerless)),
        ),
        Check(
            not recurring_gap,
            _("Recurring problems have a preventive action?"),
            _("{count} recurring issue(s) without one", count=len(recurring_gap)),
        ),
        Check(
            bool(project.internal_owner) and bool(owners),
            _("Internal owner named to carry the system?"),
            project.internal_owner or _("no internal owner named in the project"),
        ),
        Check(
            bool(plan) and reviewed == len(plan),
            _("Improvement plan written and reviewed?"),
            _("{reviewed}/{items} plan item(s) reviewed", reviewed=reviewed, items=len(plan)),
        ),
        Check(
            PlanKind.ANALYSIS in kinds and PlanKind.PROSPECTING in kinds,
            _("Plan free of the usual blind spots?"),
            _("analysis use {a} · prospect development {p}",
              a=mark(PlanKind.ANALYSIS in kinds), p=mark(PlanKind.PROSPECTING in kinds)),
        ),
    ]
    listed = [i for i in issues if i.is_open or i.category in SELF_HANDLING_CATEGORIES]
    return Review(checks, listed[:LIST_LIMIT], len(listed))


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

    def compute(self) -> Review:
        app: Any = self.app
        return closing_review(self.store, app.now())

    def show(self, data: Review) -> None:
        from crmgov.labels import label

        passed = sum(1 for c in data.checks if c.ok)
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
            grid.add_row(
                Text(mark(c.ok), style="bold green" if c.ok else "bold red"), c.question, c.detail
            )
        self.query_one("#checks", Static).update(grid)
        box = self.query_one("#unresolved")
        box.border_title = _("Unresolved issues and special cases: {count}",
                             count=data.unresolved_total)
        table = self.query_one("#unresolved-table", DataTable)
        table.clear()
        for i in data.unresolved:
            table.add_row(
                str(i.id), i.title, label(i.category), label(i.status), i.owner or NONE,
                i.self_handling or NONE,
            )
