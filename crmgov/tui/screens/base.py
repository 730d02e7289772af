"""What every area screen shares: header and key bar, and reloading in a worker."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input
from textual.worker import get_current_worker

from crmgov.i18n import _
from crmgov.tui.areas import AREA_BY_MODE, retranslate_bindings
from crmgov.tui.widgets.keybar import KeyBar


class AreaScreen(Screen[None]):
    """Base of the area screens.

    Subclasses compose their body in `compose_area`, compute what they show in
    `compute()` (runs in a thread: domain and service imports belong there, off the
    startup path) and put it on screen in `show(data)` (event loop). Labels that depend on
    the language are set in `retranslate()`, called on every reload, because the project's
    language may only be known after the first paint.
    """

    AREA: ClassVar[str] = ""
    AREA_HELP: ClassVar[tuple[str, ...]] = ()
    """English msgids of extra lines for the help screen (e.g. how to filter).

    Not `HELP`: Textual's `HELP` is Markdown shown by its key panel for focused widgets."""
    HELP_SCREENS: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(English title, "module:Class") of screens the area opens over itself (e.g. an
    issue's detail): the help screen lists their keys under the area's."""

    def __init__(self) -> None:
        super().__init__()
        self._shown_version = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_area()
        # The palette key is on the help screen: the bar keeps its room for the areas.
        yield KeyBar()

    def compose_area(self) -> ComposeResult:
        yield from ()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        if self.store.loaded:
            self.reload()
        else:
            self.await_project()

    def await_project(self) -> None:
        """The project is not loaded yet: show that, and have the app load it once this
        screen has painted (the app's refresh_areas then calls `reload`)."""
        app: Any = self.app
        self.show_loading()
        self.call_after_refresh(app.start_loading)

    def focus_now(self, widget: Widget) -> None:
        """Move the focus before the next key is handled (for `/`, the filter key).

        Keys typed in one burst ("/cust") are each sent on to the focused widget as they
        come in, before the widget has handled the first: a plain binding for `/` moved
        the focus only after `c` had already gone to the table, where it opened the close
        dialog. So `/` is a priority binding (run by the app as the key comes in) and the
        focus moves at once rather than on the next turn (`Widget.focus()`).
        """
        self.set_focus(widget)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Typing in a field, `/` is a character like any other (a priority binding
        # would otherwise take it).
        return not (action == "focus_filter" and isinstance(self.focused, Input))

    def apply_view(self, view: str) -> None:
        """Show one of the area's named views (a dashboard figure's `Item.view`).

        By default the screen's `apply_quick_filter(view)`, which is what the areas call
        their filtered lists; override for anything else."""
        apply = getattr(self, "apply_quick_filter", None)
        if callable(apply):
            apply(view)

    def shown_count(self) -> int | None:
        """How many rows the area's list shows now (None: not a list, or not ready).

        By default the length of `visible_rows()` if the screen has one, else the rows of
        the DataTable on screen (`#<AREA>-table` if several are); the board-figure test
        compares this with each figure."""
        visible = getattr(self, "visible_rows", None)
        if callable(visible):
            return len(visible())
        from textual.widgets import DataTable

        # A table in a hidden view (e.g. behind a ContentSwitcher) has an empty region.
        shown = [t for t in self.query(DataTable) if t.region.area > 0]
        named = [t for t in shown if t.id == f"{self.AREA}-table"]
        tables = named if len(shown) > 1 else shown
        return tables[0].row_count if len(tables) == 1 else None

    def show_loading(self) -> None:
        """Show that the project file is being read (the dashboard says so; others wait)."""

    def on_screen_resume(self) -> None:
        app: Any = self.app
        if self.store.loaded and self._shown_version != app.data_version:
            self.reload()

    def reload(self) -> None:
        """Rebuild labels and recompute the data from the store."""
        app: Any = self.app
        self._shown_version = app.data_version
        retranslate_bindings(self)
        self.app.refresh_bindings()
        area = AREA_BY_MODE.get(self.AREA)
        if area is not None:
            # Who acts is always in sight: approvals and reviews are judged by it.
            self.sub_title = _("{area} · as {actor}", area=_(area.title),
                               actor=app.settings.actor)
        self.retranslate()
        self._compute_in_thread()

    @work(thread=True, exclusive=True, group="area-reload")
    def _compute_in_thread(self) -> None:
        worker = get_current_worker()
        data = self.compute()
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show, data)

    def retranslate(self) -> None:
        """Set language-dependent labels (column headers, titles, placeholders)."""

    def compute(self) -> Any:
        """Read the store and prepare what to show (runs in a worker thread)."""
        return None

    def show(self, data: Any) -> None:
        """Put computed data on screen (runs on the event loop)."""
