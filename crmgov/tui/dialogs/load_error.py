"""Shown when the project cannot be opened: which file or database, and what is wrong."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from crmgov.i18n import N_, _


class LoadErrorScreen(ModalScreen[None]):
    """The store refused the file; quitting from here exits with code 2."""

    CSS_PATH = "load_error.tcss"
    BINDINGS = [
        # A modal screen hides the app's bindings: it needs its own quit keys.
        Binding("q", "app.quit", N_("Quit"), id="load_error.quit"),
        Binding("escape", "app.quit", N_("Quit"), show=False, id="load_error.quit_escape"),
        Binding("enter", "app.quit", N_("Quit"), show=False, id="load_error.quit2"),
    ]

    def __init__(
        self, path: str, message: str, *, missing: bool = False, database: bool = False
    ) -> None:
        super().__init__()
        self.path = path
        """The file's path, or the database's DSN without its password (as given: a DSN
        never goes through Path, which folds its `//`)."""
        self.message = message
        self.missing = missing
        """No project there at all: the hint is how to create one, not how to repair it."""
        self.database = database

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box") as box:
            box.border_title = _("Could not open the project")
            yield Static(_("Database") if self.database else _("File"), classes="error-label")
            # markup=False: a DSN's [::1] or an odd file name is shown, never read as markup
            yield Static(self.path, id="error-path", markup=False)
            yield Static(_("Problem"), classes="error-label")
            yield Static(self.message, id="error-message", markup=False)
            yield Static(self._hint(), id="error-hint")
            yield Button(_("Quit"), id="error-quit", variant="error")

    def _hint(self) -> str:
        if self.database and self.missing:
            return _("Create a project there with `crmgov init --database DSN --name NAME`, or "
                     "copy a file into it with `crmgov db push FILE DSN`.")
        if self.database:
            return _("Nothing was changed. Check the address, that the server runs and your "
                     "password (~/.pgpass or PGPASSWORD), then start again.")
        if self.missing:
            return _("Create a project with `crmgov init PATH --name NAME`, or try "
                     "`crmgov demo`.")
        return _("The file was not changed. Fix it (or restore it from git) and start again.")

    def on_mount(self) -> None:
        self.query_one("#error-quit", Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.app.run_action("quit")
