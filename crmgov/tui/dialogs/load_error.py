"""Shown when the project file cannot be opened: which file, and what is wrong with it."""

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

    def __init__(self, path: str, message: str, *, missing: bool = False) -> None:
        super().__init__()
        self.path = path
        self.message = message
        self.missing = missing
        """No file at all: the hint is how to create one, not how to repair it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box") as box:
            box.border_title = _("Could not open the project")
            yield Static(_("File"), classes="error-label")
            yield Static(self.path, id="error-path")
            yield Static(_("Problem"), classes="error-label")
            yield Static(self.message, id="error-message")
            hint = (
                _("Create a project with `crmgov init PATH --name NAME`, or try `crmgov demo`.")
                if self.missing
                else _("The file was not changed. Fix it (or restore it from git) and start again.")
            )
            yield Static(hint, id="error-hint")
            yield Button(_("Quit"), id="error-quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#error-quit", Button).focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.app.run_action("quit")
