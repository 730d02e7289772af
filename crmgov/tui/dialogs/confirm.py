"""A yes/no question in a modal: "Discard your changes?", "Reopen issue #4?"."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from crmgov.i18n import N_, _


class ConfirmDialog(ModalScreen[bool]):
    """A question with two buttons; dismisses True for `yes`, False for `no` or Esc."""

    CSS_PATH = str(Path(__file__).with_name("confirm.tcss"))
    BINDINGS = [
        Binding("escape", "answer(False)", N_("No"), id="confirm.no"),
        Binding("y", "answer(True)", N_("Yes"), show=False, id="confirm.yes"),
        Binding("n", "answer(False)", N_("No"), show=False, id="confirm.no_key"),
    ]

    def __init__(self, question: str, yes: str, no: str, title: str = "") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = self.title_text
            box.border_subtitle = _("y yes · n or Esc no")
            yield Static(self.question, id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="warning", compact=True)
                yield Button(self.no, id="confirm-no", variant="primary", compact=True)

    def on_mount(self) -> None:
        # The safe answer has the focus: Enter straight away keeps what was there.
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
