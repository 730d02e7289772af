"""SOPs: the written procedures, which version is in force, and who has read it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from crmgov.i18n import N_, _
from crmgov.tui.screens.base import AreaScreen
from crmgov.tui.widgets.format import NONE, day, pct, set_columns


class SOPsScreen(AreaScreen):
    """SOP list; the highlighted SOP's versions below."""

    AREA = "sops"
    CSS_PATH = "sops.tcss"
    AREA_HELP = (N_("Up/down choose an SOP; its versions show below"),)

    def __init__(self) -> None:
        super().__init__()
        self._sops: list[tuple[Any, float]] = []

    def compose_area(self) -> ComposeResult:
        yield DataTable(id="sops-table", cursor_type="row", zebra_stripes=True)
        with Vertical(id="sop-detail", classes="area-detail"):
            yield Static(id="sop-info")
            yield DataTable(id="versions-table", cursor_type="row", zebra_stripes=True)

    def retranslate(self) -> None:
        set_columns(
            self.query_one("#sops-table", DataTable),
            [("code", _("Code")), ("title", _("Title")), ("version", _("In force")),
             ("approved", _("Approved")), ("acks", _("Read by")), ("dept", _("Department")),
             ("owner", _("Owner"))],
        )
        set_columns(
            self.query_one("#versions-table", DataTable),
            [("version", _("Version")), ("summary", _("What changed")), ("author", _("Author")),
             ("written", _("Written")), ("approved_by", _("Approved by")),
             ("approved_on", _("Approved")), ("acks", _("Read by"))],
        )

    def compute(self) -> list[tuple[Any, float]]:
        from crmgov.domain.certification.model import CERTIFIED_ROLES

        active = {s.id for s in self.store.all("staff") if s.active and s.role in CERTIFIED_ROLES}
        out = []
        for sop in sorted(self.store.all("sops"), key=lambda s: s.code):
            current = sop.current
            coverage = 0.0
            if current is not None and active:
                read = {a.staff_id for a in sop.acknowledgements if a.version == current.version}
                coverage = len(read & active) / len(active)
            out.append((sop, coverage))
        return out

    def show(self, data: list[tuple[Any, float]]) -> None:
        self._sops = data
        table = self.query_one("#sops-table", DataTable)
        table.clear()
        for sop, coverage in data:
            current = sop.current
            table.add_row(
                sop.code,
                sop.title,
                f"v{current.version}" if current else _("draft"),
                day(current.approved_on) if current else "✗",
                pct(coverage) if current else NONE,
                sop.department or NONE,
                sop.owner or NONE,
                key=str(sop.id),
            )
        if not data:
            self.query_one("#sop-info", Static).update(
                _("No SOP written down yet: spoken rules are forgotten.")
            )
            self.query_one("#versions-table", DataTable).clear()
            return
        self._show_sop(min(table.cursor_row, len(data) - 1))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "sops-table" and 0 <= event.cursor_row < len(self._sops):
            self._show_sop(event.cursor_row)

    def _show_sop(self, index: int) -> None:
        sop, _coverage = self._sops[index]
        self.query_one("#sop-detail").border_title = f"{sop.code} {sop.title}"
        drafts = [v for v in sop.versions if not v.approved]
        current = sop.current
        info = _("{count} version(s)", count=len(sop.versions))
        if current is not None and drafts and drafts[-1].version > current.version:
            info += " · " + _("v{n} awaits approval", n=drafts[-1].version)
        self.query_one("#sop-info", Static).update(info)
        versions = self.query_one("#versions-table", DataTable)
        versions.clear()
        for v in reversed(sop.versions):
            read = len({a.staff_id for a in sop.acknowledgements if a.version == v.version})
            versions.add_row(
                f"v{v.version}", v.summary, v.author, day(v.written_on),
                v.approved_by or _("draft"), day(v.approved_on), str(read),
            )
