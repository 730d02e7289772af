"""The help screen (`?`): the keys of the app and of each area, translated."""

from __future__ import annotations

import importlib
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _
from crmgov.tui.areas import AREAS, screen_class


class HelpScreen(ModalScreen[None]):
    """Keys per area; Escape, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="help.close"),
        Binding("question_mark", "close", N_("Close"), show=False, id="help.close2"),
        Binding("q", "close", N_("Close"), show=False, id="help.close3"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = _("Keys")
            body.border_subtitle = _("Esc closes")
            yield Static(self._everywhere(), id="help-everywhere")
            for area in AREAS:
                yield Static(self._area(area.mode, area.title, area.purpose), classes="help-area")

    def _key(self, binding: Binding) -> str:
        return binding.key_display or self.app.get_key_display(binding)

    def _table(self, title: str, rows: list[tuple[str, str]]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(min_width=8, style="bold")
        table.add_column()
        table.title = title
        table.title_justify = "left"
        table.title_style = "bold underline"
        for key, text in rows:
            table.add_row(Text(key), Text(text))
        return table

    def _everywhere(self) -> Table:
        rows = [(a.key, _(a.title) + " · " + _(a.purpose)) for a in AREAS]
        app_rows = [
            (self._key(b), _(b.description))
            for b in type(self.app).BINDINGS
            if isinstance(b, Binding) and b.id and not b.id.startswith("area.")
        ]
        rows += app_rows
        rows.append(("ctrl+p", _("Command palette: every action by name")))
        return self._table(_("Everywhere"), rows)

    def _rows(self, cls: Any) -> list[tuple[str, str]]:
        # Every described binding, shown in the key bar or not (I, X, R, k, …).
        return [(self._key(b), _(b.description)) for b in cls.__dict__.get("BINDINGS", [])
                if isinstance(b, Binding) and b.description]

    def _area(self, mode: str, title: str, purpose: str) -> Table:
        cls: Any = screen_class(mode)  # imported on demand: nothing at startup
        rows = self._rows(cls)
        rows += [("", _(line)) for line in getattr(cls, "AREA_HELP", ())]
        for sub_title, where in getattr(cls, "HELP_SCREENS", ()):
            module, _sep, name = where.partition(":")
            sub = getattr(importlib.import_module(module), name)
            rows.append(("", ""))
            rows.append(("", _(sub_title)))
            rows += [(f"  {key}", text) for key, text in self._rows(sub)]
        heading = _("{title}: {purpose}", title=_(title), purpose=_(purpose))
        return self._table(heading, rows or [("", "—")])

    def action_close(self) -> None:
        self.dismiss()
