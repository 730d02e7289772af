"""Handover: the closure checklist from live data, the review of each section, sign-off.

The checklist says, per closing question, the figure behind it and the area where it is
fixed (Enter goes there). The sections table is the consultant's review; the keys review,
answer, sign and write the pack through the same services as `crmgov handover`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.widgets.fit_table import Col, FitTable

_MARKS = {"pass": "✓", "fail": "✗", "unknown": "?"}
#: The TUI mode that fixes each checklist line (the checklist's `fix`).
_FIX_MODES = {
    "sops": "sops",
    "issues": "issues",
    "plan": "plan",
    "staff": "staff",
    "quality": "dashboard",
    "phases": "phases",
    "handover": "handover",
}


def checklist_view(row: dict[str, Any]) -> str | None:
    """The view a checklist line opens: exactly the rows it counts short (as many as its
    figure says, the shared figure contract), or None when its area shows no such list."""
    if row["area"] == "issues":
        from crmgov.tui.screens.views import ids_view

        ids = [int(n) for n in re.findall(r"#(\d+)", row["subjects"])]
        return ids_view(ids, row["question"])
    if row["check"] == "certification_coverage":
        return "uncertified"
    return None


def _short(figure: str, width: int = 9) -> str:
    """The leading figure ("28/35" of "28/35 (80% / 95%)") for the narrow column (which
    cuts what is still too long, with …)."""
    from crmgov.textwidth import cell_len

    return figure if cell_len(figure) <= width else figure.split(" ")[0]


@dataclass(frozen=True)
class HandoverView:
    """What the screen shows, computed in a worker."""

    context: dict[str, Any]
    record: Any


class HandoverScreen(AreaScreen):
    """Checklist, section reviews and sign-offs of the handover pack."""

    AREA = "handover"
    CSS_PATH = "handover.tcss"
    AREA_HELP = (
        N_("A good close produces fewer support calls afterwards"),
        N_("Enter on a checklist line opens the area where it is fixed"),
    )
    BINDINGS = [
        Binding("v", "review", N_("Review"), id="handover.review"),
        Binding("a", "answer", N_("Answer"), id="handover.answer"),
        Binding("S", "sign", N_("Sign"), id="handover.sign"),
        Binding("g", "write_pack", N_("Write pack"), id="handover.write"),
        Binding("n", "support", N_("Support notes"), show=False, id="handover.support"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view: HandoverView | None = None

    def compose_area(self) -> ComposeResult:
        yield Static(id="handover-verdict")
        with Vertical(id="checklist-box"):
            yield FitTable(id="checklist", cursor_type="row", zebra_stripes=True)
        yield Static(id="checklist-detail")
        with Vertical(id="sections-box"):
            yield FitTable(id="sections", cursor_type="row", zebra_stripes=True)

    def retranslate(self) -> None:
        self.query_one("#checklist", FitTable).set_specs(
            [Col("mark", " "), Col("figure", _("Figure"), shrink=9),
             Col("question", _("Closing question"), shrink=20)])
        self.query_one("#sections", FitTable).set_specs(
            [Col("verdict", _("Review")), Col("section", _("Section"), shrink=16),
             Col("last", _("Last message"), shrink=12, drop=1)])
        self.query_one("#checklist-box").border_title = _("Closure checklist")
        self.query_one("#sections-box").border_title = _("Consultant's review")

    def compute(self) -> HandoverView:
        from crmgov.services.handover.pack import build_context, handover_record

        return HandoverView(build_context(self.store, self._now()), handover_record(self.store))

    def show(self, data: HandoverView) -> None:
        from crmgov.domain.handover.review import SignRole

        self.view = data
        ctx, record = data.context, data.record
        signed = sum(1 for r in SignRole if record.signature(r) is not None)
        accepted = sum(1 for r in ctx["review"] if r["verdict"] == "accepted")
        verdict = self.query_one("#handover-verdict", Static)
        verdict.update(
            _(
                "{passed}/{total} closing questions yes · {accepted}/{sections} sections "
                "accepted · signed {signed}/3",
                passed=ctx["checklist_passed"],
                total=ctx["checklist_total"],
                accepted=accepted,
                sections=len(ctx["review"]),
                signed=signed,
            )
        )
        verdict.set_class(ctx["checklist_passed"] == ctx["checklist_total"], "-ready")
        self.query_one("#checklist", FitTable).fill(
            (row["check"], (_MARKS[row["state"]], _short(row["figure"]), row["question"]))
            for row in ctx["checklist"])
        sections = self.query_one("#sections", FitTable)
        keep = self._section()
        rows = []
        for row in ctx["review"]:
            last = row["thread"][-1] if row["thread"] else None
            text = f"{last['by']}: {' '.join(last['text'].split())}" if last else ""
            rows.append((row["code"], (row["verdict_label"], row["title"], text)))
        sections.fill(rows)
        codes = [row["code"] for row in ctx["review"]]
        if keep in codes:
            sections.move_cursor(row=codes.index(keep))

        self._show_detail()

    def _show_detail(self) -> None:
        """The highlighted checklist line in full: question, what fails, where to fix it."""
        if self.view is None:
            return
        table = self.query_one("#checklist", DataTable)
        rows = self.view.context["checklist"]
        if not rows:
            return
        row = rows[min(table.cursor_row, len(rows) - 1)]
        text = f"{_MARKS[row['state']]} {row['question']} — {row['answer']}: {row['figure']}"
        if row["subjects"]:
            text += f" · {row['subjects']}"
        if row["state"] != "pass" and row["fix"]:
            text += " · " + _("fix in {area} (Enter)", area=row["fix"])
        self.query_one("#checklist-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "checklist":
            self._show_detail()

    # ------------------------------------------------------------------ actions
    def _now(self) -> Any:
        app: Any = self.app
        return app.now()

    def _section(self) -> str:
        table = self.query_one("#sections", DataTable)
        if not table.row_count:
            return "summary"
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key)

    def _saved(self, result: Any) -> None:
        after_save(self.app, result)

    def action_review(self) -> None:
        """The consultant accepts a section or sends it back (acting as --as)."""
        from crmgov.tui.handover.dialogs import review_form

        if self.store.loaded:
            self.app.push_screen(review_form(self.store, self._now(), self._section()), self._saved)

    def action_answer(self) -> None:
        """The internal owner answers a section's review."""
        from crmgov.tui.handover.dialogs import answer_form

        if self.store.loaded:
            self.app.push_screen(answer_form(self.store, self._now(), self._section()), self._saved)

    def action_sign(self) -> None:
        """Sign the handover in a role; the first signature freezes the pack."""
        from crmgov.tui.handover.dialogs import sign_form

        if self.store.loaded:
            self.app.push_screen(sign_form(self.store, self._now()), self._saved)

    def action_write_pack(self) -> None:
        """Write the pack as Markdown, HTML and DOCX."""
        from crmgov.tui.handover.dialogs import write_form

        if self.store.loaded:
            self.app.push_screen(write_form(self.store, self._now()), self._saved)

    def action_support(self) -> None:
        """Write the support arrangements after handover."""
        from crmgov.tui.handover.dialogs import support_form

        if self.store.loaded and self.view is not None:
            self.app.push_screen(support_form(self.store, self.view.record.notes), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter: a checklist line opens its area; a section opens its whole thread."""
        from crmgov.tui.handover.dialogs import ThreadScreen

        if self.view is None:
            return
        key = str(event.row_key.value)
        if event.data_table.id == "checklist":
            row = next(r for r in self.view.context["checklist"] if r["check"] == key)
            mode = _FIX_MODES.get(row["area"], "")
            if mode and mode != self.AREA:
                app: Any = self.app
                view = checklist_view(row)
                if view is None:
                    app.action_switch_area(mode)
                else:
                    app.show_view(mode, view)
            return
        review = next(r for r in self.view.context["review"] if r["code"] == key)
        lines = [
            f"{e['at']} · {e['by']}"
            + (f" · {e['verdict']}" if e["verdict"] else "")
            + f"\n{e['text']}"
            for e in review["thread"]
        ]
        self.app.push_screen(ThreadScreen(review["title"], lines))
