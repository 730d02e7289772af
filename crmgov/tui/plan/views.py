"""Read-only views of the plan area: blind-spot findings; changes since the signed version
together with the threads on the whole plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _


class TextView(ModalScreen[None]):
    """A titled, scrollable page; Esc closes it."""

    CSS_PATH = str(Path(__file__).with_name("plan.tcss"))
    BINDINGS = [Binding("escape", "close", N_("Close"), id="planview.close")]

    def __init__(self, title: str, body: RenderableType, rows: int) -> None:
        super().__init__()
        self.view_title = title
        self.body = body
        self.rows = rows
        """How many entries the view lists (tests read it)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="planview-body") as box:
            box.border_title = self.view_title
            box.border_subtitle = _("Esc closes")
            yield Static(self.body, id="planview-text")

    def action_close(self) -> None:
        self.dismiss(None)


def findings_view(store: Any, today: date) -> TextView:
    """Each blind spot, with the reason from the domain under it."""
    from crmgov.services.plan.checks import findings

    found = findings(store, today)
    parts: list[RenderableType] = []
    for f in found:
        parts.append(Text("✘ " + f.message, style="bold"))
        parts.append(Text("  " + f.reason, style="italic"))
    if not found:
        parts.append(Text(_("no blind spots found")))
    return TextView(_("Blind spots: {count}", count=len(found)), Group(*parts), len(found))


def diff_view(store: Any) -> TextView:
    """Changes since the signed version, then the review threads on the whole plan."""
    from crmgov.domain.plan.signoff import field_label
    from crmgov.services.plan.review import changes_since_signed, get_review
    from crmgov.tui.plan.render import colon, threads_view

    result = changes_since_signed(store)
    parts: list[RenderableType] = []
    if result is None:
        parts.append(Text(_("the plan has not been signed yet")))
        count = 0
    else:
        number, changes = result
        count = len(changes)
        parts.append(Text(_("changes since version {n}: {count}", n=number, count=count),
                          style="bold"))
        marks = {"added": "+", "removed": "-", "changed": "~"}
        for c in changes:
            parts.append(Text(f"{marks[c.kind]} #{c.item_id} {c.title}"))
            for name, before, after in c.fields:
                parts.append(Text(f"    {field_label(name)}{colon()}{before or '∅'} → "
                                  f"{after or '∅'}"))
    parts.append(Text(""))
    parts.append(Text(_("Threads on the whole plan"), style="bold underline"))
    parts.append(threads_view(get_review(store).threads))
    return TextView(_("Changes and plan-wide review"), Group(*parts), count)
