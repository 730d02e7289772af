"""The SOP dialogs: forms over services.sops (new, retire, revise, diff, acknowledge) and
the draft editor (a TextArea with Markdown highlighting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static, TextArea

from crmgov.i18n import N_, _
from crmgov.tui.dialogs.form import FormDialog, FormField


def _listed(value: str) -> list[str]:
    return [v.strip() for v in value.replace("、", ",").split(",") if v.strip()]


def new_sop_form(store: Any, now: Any) -> FormDialog:
    """Write a new SOP (version 1, a draft)."""
    from crmgov.services.sops.log import new_sop

    roles = [(_(label), key) for key, label in _approver_roles()]

    def submit(v: dict[str, Any]) -> Any:
        return new_sop(store, code=v["code"], title=v["title"], now=now,
                       area=v["area"], departments=_listed(v["departments"]),
                       owner=v["owner"], approver=v["approver"],
                       approver_role=v["approver_role"] or "")

    return FormDialog(_("New SOP"), [
        FormField("code", _("Code"), placeholder="SOP-SAL-05", required=True),
        FormField("title", _("Title"), required=True),
        FormField("area", _("Process area"), placeholder=_("sales, service, master data")),
        FormField("departments", _("Departments (comma-separated)")),
        FormField("owner", _("Owner")),
        FormField("approver", _("Approver (a person)")),
        FormField("approver_role", _("or approver role"), kind="select",
                  options=[(_("none"), ""), *roles], value=""),
    ], submit)


def _approver_roles() -> list[tuple[str, str]]:
    from crmgov.domain.sops.model import APPROVER_ROLES

    return list(APPROVER_ROLES.items())


def retire_form(store: Any, code: str, now: Any) -> FormDialog:
    """Withdraw the SOP, with a reason."""
    from crmgov.services.sops.log import retire

    return FormDialog(_("Retire {code}", code=code), [
        FormField("reason", _("Reason"), required=True)],
        lambda v: retire(store, code, reason=v["reason"], now=now))


def revise_form(store: Any, code: str, now: Any) -> FormDialog:
    """Start a revision, optionally from a closed issue's preventive action."""
    from crmgov.services.sops.log import revise

    def submit(v: dict[str, Any]) -> Any:
        return revise(store, code, now=now, because_of=_issue_number(v["issue"]),
                      summary=v["summary"])

    return FormDialog(_("Revise {code}", code=code), [
        FormField("issue", _("Because of issue #"), placeholder="42"),
        FormField("summary", _("What the revision will change")),
    ], submit)


def _issue_number(text: str) -> int | None:
    from crmgov.domain.sops.rules import SOPRuleError

    text = text.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit():
        raise SOPRuleError(_("an issue number, e.g. 42"), "issue")
    return int(text)


def ack_form(store: Any, code: str, now: Any) -> FormDialog:
    """Acknowledge the version in force, as the current user or a named person."""
    from crmgov.services.sops.log import acknowledge

    return FormDialog(_("Acknowledge {code}", code=code), [
        FormField("staff", _("Who read it"), value=store.actor, required=True)],
        lambda v: acknowledge(store, code, now=now, staff_name=v["staff"])[0])


def diff_form(versions: list[int], default: tuple[int, int]) -> FormDialog:
    """Choose two versions to compare; dismisses with (a, b)."""
    options = [(f"v{n}", n) for n in versions]

    def submit(v: dict[str, Any]) -> tuple[int, int]:
        return int(v["a"]), int(v["b"])

    return FormDialog(_("Compare versions"), [
        FormField("a", _("Older"), kind="select", options=options, value=default[0]),
        FormField("b", _("Newer"), kind="select", options=options, value=default[1]),
    ], submit)


class DraftEditor(ModalScreen[Any]):
    """Edit the draft's body as Markdown; ctrl+s saves through services.sops.edit_draft."""

    CSS_PATH = str(Path(__file__).with_name("sops.tcss"))
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="sops.editor.cancel"),
        Binding("ctrl+s", "save", N_("Save"), id="sops.editor.save"),
    ]

    def __init__(self, store: Any, code: str, body: str, summary: str, now: Any) -> None:
        super().__init__()
        self.store, self.code, self.body, self.summary, self.now = (
            store, code, body, summary, now)

    def compose(self) -> ComposeResult:
        with Vertical(id="draft-box") as box:
            box.border_title = _("Draft of {code}", code=self.code)
            box.border_subtitle = _("ctrl+s saves · Esc cancels")
            yield Input(self.summary, placeholder=_("What this version changes"),
                        id="draft-summary", compact=True)
            try:
                area = TextArea.code_editor(self.body, language="markdown", id="draft-body")
            except Exception:  # no tree-sitter grammar installed: plain text still edits
                area = TextArea.code_editor(self.body, id="draft-body")
            yield area
            yield Static(id="draft-error", classes="field-error")
            with Horizontal(id="draft-buttons"):
                yield Button(_("Save"), id="draft-save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="draft-cancel", compact=True)

    @on(Button.Pressed, "#draft-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#draft-save")
    def action_save(self) -> None:
        body = self.query_one("#draft-body", TextArea).text
        summary = self.query_one("#draft-summary", Input).value
        self._save(body, summary)

    @work(thread=True, exclusive=True, group="draft-save")
    def _save(self, body: str, summary: str) -> None:
        from crmgov.services.sops.log import edit_draft

        try:
            sop = edit_draft(self.store, self.code, now=self.now, body=body,
                             summary=summary or None)
        except (ValueError, OSError) as exc:
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self.dismiss, sop)

    def _error(self, message: str) -> None:
        self.query_one("#draft-error", Static).update(message)
