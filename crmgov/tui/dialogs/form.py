"""A modal form whose save runs a service call in a worker and shows refusals per field.

The service is the judge of what is valid (IssueRuleError names the field), so the form
never duplicates a rule: it submits, and either dismisses with the saved result or puts
each message under the field it concerns.

Every area's forms behave alike: the first field has the focus when the form opens (so
typing goes into it), a select never swallows typed text meant for a text field, and Esc
on a changed form asks before throwing the changes away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from crmgov.i18n import N_, _


@dataclass(frozen=True)
class Saved:
    """What a form's save worker returns when the change landed (the form then closes)."""

    value: Any

Submit = Callable[[dict[str, Any]], Any]
OnChange = Callable[["FormDialog", str, Any], None]
"""Called with the form, a field's name and its new value as the user changes it (e.g. to
follow the report format with the file name, or to warn of a due date in the past)."""


@dataclass
class FormField:
    """One field of a form."""

    name: str
    label: str
    kind: Literal["input", "select", "checkbox"] = "input"
    value: Any = ""
    options: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    """(shown text, value) for selects."""
    placeholder: str = ""
    required: bool = False
    """Only marks the label with *; the service decides what is really required."""


class FormSelect(Select[Any], inherit_bindings=False):
    """A select that opens on Enter or the arrows only, not on space, and says so when
    typed at: text typed after tabbing onto it was meant for a text field, and space then
    opened the menu, whose type-to-search chose an option from the rest of the words."""

    BINDINGS = [Binding("enter,down,up", "show_overlay", N_("Choose"), show=False)]

    def on_key(self, event: events.Key) -> None:
        if not self.expanded and event.is_printable:
            event.stop()
            event.prevent_default()
            self.app.bell()
            screen = self.screen
            if isinstance(screen, FormDialog):
                screen.note(str(self.id).removeprefix("field-"),
                            _("choose with Enter or ↑/↓; Tab moves to the next field"))


class FormDialog(ModalScreen[Any]):
    """Fields, a message line under each, Save and Cancel; dismisses with submit's result."""

    # Absolute: Textual resolves a relative CSS_PATH beside the subclass's module.
    CSS_PATH = str(Path(__file__).with_name("form.tcss"))
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
    ]

    AUTO_FOCUS = None  # on_mount focuses the first field (the scroll box came first)

    def __init__(
        self, title: str, fields: Sequence[FormField], submit: Submit,
        on_change: OnChange | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.submit = submit
        self.on_change = on_change
        self._initial: dict[str, Any] | None = None
        """The values as the form opened: Esc asks before discarding anything else."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box") as box:
            box.border_title = self.form_title
            box.border_subtitle = _("ctrl+s saves · Esc cancels")
            with VerticalScroll(id="form-fields", can_focus=False):
                for f in self.fields:
                    yield from self.compose_field(f)
                yield from self.compose_extra()
            yield Static(id="error-general", classes="field-error")
            with Horizontal(id="form-buttons"):
                yield Button(_("Save"), id="form-save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="form-cancel", compact=True)

    def compose_field(self, f: FormField) -> ComposeResult:
        text = f.label + (" *" if f.required else "")
        widget: Widget
        if f.kind == "select":
            widget = FormSelect(list(f.options), value=f.value, allow_blank=False,
                                id=f"field-{f.name}", compact=True)
        elif f.kind == "checkbox":
            widget = Checkbox(f.label, value=bool(f.value), id=f"field-{f.name}",
                              compact=True)
            text = ""
        else:
            # Compact (one-line) widgets: a whole form must fit in 80×24.
            widget = Input(str(f.value), placeholder=f.placeholder, id=f"field-{f.name}",
                           compact=True)
        if text:
            yield Label(text, classes="field-label")
        widget.add_class("form-field")
        yield widget
        yield Static(id=f"error-{f.name}", classes="field-error")

    def on_mount(self) -> None:
        self._initial = self.values()
        first = self.query(".form-field").first() if self.query(".form-field") else None
        if first is not None:
            first.focus(scroll_visible=False)
            # Focusing scrolled the first field to the top edge, hiding its label.
            box = self.query_one("#form-fields", VerticalScroll)
            self.call_after_refresh(box.scroll_home, animate=False)

    @property
    def changed(self) -> bool:
        """Whether any field differs from what the form opened with."""
        return self._initial is not None and self.values() != self._initial

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _field_changed(self, event: Input.Changed | Select.Changed | Checkbox.Changed) -> None:
        name = str(event.control.id or "").removeprefix("field-")
        if self.on_change is not None and self._initial is not None and name:
            self.on_change(self, name, self.values().get(name))

    def set_value(self, name: str, value: Any) -> None:
        """Change a field from code (an `on_change` hook following another field)."""
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Input | Checkbox | Select):
            widget.value = value

    def note(self, name: str, text: str) -> None:
        """A warning under a field that does not stop saving (empty text removes it)."""
        target = self.query_one(f"#error-{name}", Static)
        target.update(text)
        target.set_class(bool(text), "-shown", "-note")

    def compose_extra(self) -> ComposeResult:
        """Room for subclasses (e.g. a progress bar)."""
        yield from ()

    def values(self) -> dict[str, Any]:
        """The current value of every field."""
        out: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.BLANK else widget.value
            elif isinstance(widget, Checkbox | Input):
                out[f.name] = widget.value
        return out

    # ------------------------------------------------------------------ saving
    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        """Submit in a worker: services write the project file."""
        self.clear_errors()
        self.query_one("#form-save", Button).disabled = True
        self._save(self.values())

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        """Close without saving; a changed form asks first."""
        from crmgov.tui.dialogs.confirm import ConfirmDialog

        if not self.changed:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmDialog(_("Discard what you typed in this form?"), _("Discard"),
                          _("Keep editing"), title=self.form_title),
            self._discard_answered,
        )

    def _discard_answered(self, discard: bool | None) -> None:
        if discard:
            self.dismiss(None)

    @on(Input.Submitted)
    def _enter_saves(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @work(thread=True, exclusive=True, group="form-save", description="save form")
    def _save(self, values: dict[str, Any]) -> Saved | None:
        try:
            return Saved(self.submit(values))
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self.show_error, exc)
            return None

    @on(Worker.StateChanged)
    def _close_when_saved(self, event: Worker.StateChanged) -> None:
        # Dismissed here, once the worker has finished, rather than from inside it: closing
        # the form cancels its workers, and a save worker cancelled by its own success would
        # look like a failure to anyone waiting on it.
        result = event.worker.result
        if event.state is WorkerState.SUCCESS and isinstance(result, Saved):
            self.dismiss(result.value)

    def show_error(self, exc: Exception) -> None:
        """Put each problem under its field (or above the buttons)."""
        self.query_one("#form-save", Button).disabled = False
        problems = getattr(exc, "problems", None) or [("", str(exc))]
        self.show_problems(problems)

    def show_problems(self, problems: Iterable[tuple[str, str]]) -> None:
        """Messages by field name ("tasks.0.due" → the "due" field)."""
        grouped: dict[str, list[str]] = {}
        for name, message in problems:
            key = name.split(".")[-1] if name else ""
            if not key or not self.query(f"#error-{key}"):
                key = "general"
            grouped.setdefault(key, []).append(message)
        for key, messages in grouped.items():
            target = self.query_one(f"#error-{key}", Static)
            target.update("\n".join(messages))
            target.add_class("-shown")
        first = next((k for k in grouped if k != "general"), None)
        if first is not None:
            field_widget = self.query(f"#field-{first}")
            if field_widget:
                field_widget.first().focus()
                field_widget.first().scroll_visible()

    def clear_errors(self) -> None:
        for target in self.query(".field-error").results(Static):
            target.update("")
            target.remove_class("-shown", "-note")
