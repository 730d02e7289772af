"""A dashboard figure: a label and a value on one line that leads to its area."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from crmgov.i18n import N_


class Figure(Widget, can_focus=True):
    """One figure of the dashboard; Enter or a click posts `Figure.Selected`.

    The widget never navigates itself (messages up): the screen decides where a figure
    leads, from `target` (a mode) and `quick_filter` (an issues filter).
    """

    BINDINGS = [Binding("enter", "select", N_("Open"), id="figure.open")]

    label: reactive[str] = reactive("", layout=False)
    value: reactive[str] = reactive("")

    @dataclass
    class Selected(Message):
        """The user chose this figure."""

        figure: Figure

    def __init__(
        self,
        target: str,
        quick_filter: str | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.target = target
        """The mode (area) this figure leads to, or an app action name prefixed by '!'."""
        self.quick_filter = quick_filter
        """For issue figures: the issues area's quick filter to apply."""

    def show(self, label: str, value: object, *, bad: bool = False, good: bool = False) -> None:
        """Set the text; `bad` and `good` colour the figure (e.g. overdue > 0)."""
        self.label = label
        self.value = str(value)
        self.set_class(bad, "-bad")
        self.set_class(good and not bad, "-good")

    def render(self) -> Table:
        # A grid lets Rich measure cells (CJK characters are two cells wide), so labels
        # and values line up in Chinese as in English without padding by len().
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(Text(self.label), Text(self.value, style="bold"))
        return grid

    def action_select(self) -> None:
        self.post_message(self.Selected(self))

    def on_click(self, event: Click) -> None:
        event.stop()
        self.focus()
        self.post_message(self.Selected(self))
