"""SOPs: the written procedures — list with filter; the highlighted SOP's body (Markdown),
version history, word diff and readers; every action of `crmgov sop` as a key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Input, Markdown, Static, TabbedContent, TabPane

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.screens.record_actions import after_save
from crmgov.tui.sops.views import diff_text, readers_text
from crmgov.tui.widgets.fit_table import Col, FitTable
from crmgov.tui.widgets.format import NONE, day

#: Filter keys in the order `f` cycles through them (services.sops.queries.FILTERS).
CYCLE = ("all", "approved", "not_approved", "in_review", "draft", "review_due",
         "unacknowledged", "retired")


@dataclass
class SOPData:
    """What the screen shows: the filtered rows and the staff, for the readers tab."""

    rows: list[Any]
    staff: list[Any]
    filter: str


class SOPsScreen(AreaScreen):
    """SOP list above, the highlighted SOP's detail below in tabs."""

    AREA = "sops"
    CSS_PATH = "sops.tcss"
    AUTO_FOCUS = "#sops-table"
    AREA_HELP = (N_("Up/down choose an SOP; its body, versions, diff and readers show below"),
                 N_("/ filters by code or title; f cycles in force, not approved, in review, "
                    "review due …"))
    BINDINGS = [
        Binding("slash", "focus_filter", N_("Filter"), key_display="/", id="sops.filter",
                priority=True),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="sops.clear"),
        Binding("f", "cycle_filter", N_("Next filter"), id="sops.cycle"),
        Binding("n", "new_sop", N_("New SOP"), id="sops.new"),
        Binding("e", "edit_draft", N_("Edit draft"), id="sops.edit"),
        Binding("b", "submit", N_("Submit for review"), id="sops.submit"),
        Binding("a", "approve", N_("Approve"), id="sops.approve"),
        Binding("k", "acknowledge", N_("Acknowledge"), id="sops.ack"),
        Binding("v", "revise", N_("Revise (from an issue)"), id="sops.revise"),
        Binding("c", "confirm_review", N_("Confirm review"), show=False, id="sops.review"),
        Binding("w", "diff", N_("Compare versions"), id="sops.diff"),
        Binding("x", "retire", N_("Retire"), show=False, id="sops.retire"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._data = SOPData([], [], "all")
        self._shown: list[Any] = []
        self._selected_code: str | None = None
        """The SOP under the cursor: a refill (after an ack, a save) keeps it selected."""
        self.filter_name = "all"
        self._diff: tuple[int, int] | None = None

    def compose_area(self) -> ComposeResult:
        yield Input(id="sops-filter", compact=True)
        yield FitTable(id="sops-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="sop-detail", classes="area-detail"):
            yield Static(id="sop-info")
            with TabbedContent(id="sop-tabs"):
                with TabPane("Body", id="tab-body"):
                    yield Markdown(id="sop-body")
                with TabPane("Versions", id="tab-versions"):
                    yield FitTable(id="versions-table", cursor_type="row", zebra_stripes=True)
                with TabPane("Diff", id="tab-diff"), VerticalScroll():
                    yield Static(id="sop-diff")
                with TabPane("Readers", id="tab-readers"), VerticalScroll():
                    yield Static(id="sop-readers")

    def retranslate(self) -> None:
        self.query_one("#sops-filter", Input).placeholder = _(
            "/ filter by code or title · f: {name}", name=self._filter_label())
        tabs = self.query_one("#sop-tabs", TabbedContent)
        for pane, label in (("tab-body", _("Body")), ("tab-versions", _("Versions")),
                            ("tab-diff", _("Diff")), ("tab-readers", _("Readers"))):
            tabs.get_tab(pane).label = label
        self.query_one("#sops-table", FitTable).set_specs([
            Col("code", _("Code")), Col("status", _("Status")), Col("version", _("In force")),
            Col("review", _("Review due")), Col("acks", _("Read by")),
            Col("title", _("Title"), shrink=16)])
        self.query_one("#versions-table", FitTable).set_specs([
            Col("version", _("Version")), Col("status", _("Status")),
            Col("summary", _("What changed"), shrink=16), Col("author", _("Author"), shrink=10),
            Col("approved_by", _("Approved by"), shrink=10, drop=2),
            Col("approved_on", _("Approved"), drop=1),
            Col("cause", _("Because of"), shrink=8, drop=3)])

    def _filter_label(self) -> str:
        from crmgov.services.sops.queries import FILTERS

        return _(FILTERS[self.filter_name])

    # ------------------------------------------------------------------ data
    def compute(self) -> SOPData:
        from crmgov.services.sops.queries import sop_rows

        app: Any = self.app
        name = self.filter_name
        return SOPData(sop_rows(self.store, app.now().date(), name), self.store.all("staff"),
                       name)

    def show(self, data: SOPData) -> None:
        self._data = data
        self._fill()

    def _fill(self) -> None:
        from crmgov.domain.sops.rules import status_label

        text = self.query_one("#sops-filter", Input).value.strip().casefold()
        rows = [r for r in self._data.rows
                if not text or text in r.sop.code.casefold() or text in r.sop.title.casefold()]
        before = [r.sop.code for r in self._shown]
        self._shown = rows
        table = self.query_one("#sops-table", FitTable)
        keep = self._keep_row(before, [r.sop.code for r in rows], table.cursor_row)
        # The title takes the room left, cut with … (not by the screen edge mid-word).
        table.fill((r.sop.code, (
            r.sop.code, status_label(r.status), f"v{r.in_force}" if r.in_force else NONE,
            day(r.review_due) + (" !" if r.overdue else ""),
            r.coverage_text if r.in_force else NONE,
            r.sop.title)) for r in rows)
        detail = self.query_one("#sop-detail")
        detail.border_subtitle = _("{count} of {name}", count=len(rows),
                                   name=self._filter_label())
        if not rows:
            self.query_one("#sop-info", Static).update(
                _("No SOP written down yet: spoken rules are forgotten.")
                if not self._data.rows else _("No SOP matches the filter."))
            self.query_one("#sop-body", Markdown).update("")
            return
        table.move_cursor(row=min(max(keep, 0), len(rows) - 1))
        self._selected_code = rows[table.cursor_row].sop.code
        self._show_sop(table.cursor_row)

    def _keep_row(self, before: list[str], after: list[str], row: int) -> int:
        """Where the cursor goes after a refill: on the same SOP; if it left the list (an
        ack took it out of "unacknowledged"), on the SOP that followed it."""
        code = self._selected_code
        if code is None or code not in before:
            return row
        for candidate in before[before.index(code):]:
            if candidate in after:
                return after.index(candidate)
        return len(after) - 1

    @on(DataTable.RowHighlighted, "#sops-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self._shown):
            code = self._shown[event.cursor_row].sop.code
            if event.row_key.value != code:
                return  # posted before a refill changed the rows: the refill placed it
            self._diff = None
            self._selected_code = code
            self._show_sop(event.cursor_row)

    def selected(self) -> Any:
        """The highlighted SOP, or None."""
        row = self.query_one("#sops-table", DataTable).cursor_row
        return self._shown[row].sop if 0 <= row < len(self._shown) else None

    def _show_sop(self, index: int) -> None:
        from crmgov.domain.sops.rules import (
            coverage,
            must_reacknowledge,
            status_label,
        )

        row = self._shown[index]
        sop = row.sop
        detail = self.query_one("#sop-detail")
        detail.border_title = f"{sop.code} {sop.title}"
        shown = sop.current or sop.latest
        info = [_("{count} version(s)", count=len(sop.versions))]
        if shown is not None:
            info.append(f"v{shown.version} {status_label(shown.status)}")
        if sop.latest is not None and sop.latest is not shown:
            info.append(_("v{n} {status}", n=sop.latest.version,
                          status=status_label(sop.latest.status)))
        if row.overdue:
            info.append(_("review overdue since {day}", day=day(row.review_due)))
        if sop.retired:
            info.append(_("retired: {reason}", reason=sop.retired_reason))
        self.query_one("#sop-info", Static).update(" · ".join(info))
        self._show_body(sop, shown)
        self.query_one("#versions-table", FitTable).fill(
            (None, (f"v{v.version}", status_label(v.status), v.summary, v.author,
                    v.approved_by or NONE, day(v.approved_on),
                    ", ".join(f"#{i}" for i in v.because_of) or NONE))
            for v in reversed(sop.versions))
        self._show_diff(sop)
        cov = coverage(sop, self._data.staff)
        self.query_one("#sop-readers", Static).update(readers_text(
            cov.acknowledged, cov.pending, must_reacknowledge(sop, self._data.staff),
            cov.version))

    def _show_body(self, sop: Any, version: Any) -> None:
        """The body of `version` as Markdown, with each step's stable reference."""
        from crmgov.domain.sops.rules import status_label, steps_of

        body = ""
        if version is not None:
            refs = ", ".join(f"{n}→§{sid}" for n, (sid, _t) in enumerate(steps_of(version), 1))
            body = (f"**v{version.version} · {status_label(version.status)}**\n\n"
                    f"{version.body}\n\n" + _("Step references: {refs}", refs=refs))
        self.query_one("#sop-body", Markdown).update(body)

    @on(DataTable.RowSelected, "#versions-table")
    def _version_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on a version shows its body (document control keeps old ones readable)."""
        sop = self.selected()
        if sop is None:
            return
        newest_first = list(reversed(sop.versions))
        if 0 <= event.cursor_row < len(newest_first):
            version = newest_first[event.cursor_row]
            self._show_body(sop, version)
            self.query_one("#sop-tabs", TabbedContent).active = "tab-body"

    def _default_pair(self, sop: Any) -> tuple[int, int] | None:
        numbers = [v.version for v in sop.versions]
        if len(numbers) < 2:
            return None
        return self._diff or (numbers[-2], numbers[-1])

    def _show_diff(self, sop: Any) -> None:
        from crmgov.domain.sops.diff import word_diff

        target = self.query_one("#sop-diff", Static)
        pair = self._default_pair(sop)
        if pair is None:
            target.update(_("Only one version: nothing to compare yet."))
            return
        a, b = (sop.version_of(n) for n in pair)
        if a is None or b is None:
            target.update("")
            return
        target.update(diff_text(word_diff(a.body, b.body), _("v{a} → v{b}", a=pair[0],
                                                              b=pair[1])))

    # ------------------------------------------------------------------ filter
    def apply_quick_filter(self, name: str) -> None:
        """Show only the SOPs of filter `name` (what the dashboard's figures open)."""
        if name in CYCLE:
            self.filter_name = name
            self.query_one("#sops-filter", Input).value = ""
            if self.store.loaded:
                self.reload()

    def action_cycle_filter(self) -> None:
        self.apply_quick_filter(CYCLE[(CYCLE.index(self.filter_name) + 1) % len(CYCLE)])

    def action_focus_filter(self) -> None:
        self.focus_now(self.query_one("#sops-filter", Input))

    def action_clear_filter(self) -> None:
        self.query_one("#sops-filter", Input).value = ""
        self.query_one("#sops-table", DataTable).focus()

    @on(Input.Changed, "#sops-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#sops-filter")
    def _filter_done(self) -> None:
        self.query_one("#sops-table", DataTable).focus()

    # ------------------------------------------------------------------ actions
    def _current(self) -> Any:
        sop = self.selected()
        if sop is None or not self.store.loaded:
            self.app.bell()
        return sop

    def _saved(self, result: Any) -> None:
        code = getattr(result, "code", None)
        after_save(self.app, result, _("{code} saved", code=code) if code else None)

    def _now(self) -> Any:
        app: Any = self.app
        return app.now()

    def action_new_sop(self) -> None:
        from crmgov.tui.sops.dialogs import new_sop_form

        if self.store.loaded:
            self.app.push_screen(new_sop_form(self.store, self._now()), self._saved)

    def action_edit_draft(self) -> None:
        from crmgov.domain.sops.rules import open_draft
        from crmgov.tui.sops.dialogs import DraftEditor

        sop = self._current()
        if sop is None:
            return
        draft = open_draft(sop)
        base = draft or sop.current or sop.latest
        self.app.push_screen(DraftEditor(self.store, sop.code, base.body if base else "",
                                         draft.summary if draft else "", self._now()),
                             self._saved)

    def action_retire(self) -> None:
        from crmgov.tui.sops.dialogs import retire_form

        sop = self._current()
        if sop is not None:
            self.app.push_screen(retire_form(self.store, sop.code, self._now()), self._saved)

    def action_revise(self) -> None:
        from crmgov.tui.sops.dialogs import revise_form

        sop = self._current()
        if sop is not None:
            self.app.push_screen(revise_form(self.store, sop.code, self._now()), self._saved)

    def action_acknowledge(self) -> None:
        from crmgov.tui.sops.dialogs import ack_form

        sop = self._current()
        if sop is not None:
            self.app.push_screen(ack_form(self.store, sop.code, self._now()), self._saved)

    def action_diff(self) -> None:
        from crmgov.tui.sops.dialogs import diff_form

        sop = self._current()
        if sop is None:
            return
        pair = self._default_pair(sop)
        if pair is None:
            self.app.notify(_("Only one version: nothing to compare yet."))
            return
        numbers = [v.version for v in sop.versions]

        def chosen(result: Any) -> None:
            if result:
                self._diff = result
                self._show_diff(sop)
                self.query_one("#sop-tabs", TabbedContent).active = "tab-diff"

        self.app.push_screen(diff_form(numbers, pair), chosen)

    def action_submit(self) -> None:
        self._run("submit")

    def action_approve(self) -> None:
        self._run("approve")

    def action_confirm_review(self) -> None:
        self._run("confirm_review")

    def _run(self, name: str) -> None:
        sop = self._current()
        if sop is not None:
            self._write(name, sop.code)

    @work(thread=True, exclusive=True, group="sops-write")
    def _write(self, name: str, code: str) -> None:
        from crmgov.services.sops import log

        try:
            result = getattr(log, name)(self.store, code, now=self._now())
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._saved, result)
