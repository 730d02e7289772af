"""The handover's dialogs: review, answer, sign, support notes, write the pack, the thread.

Each form's save calls the same service function as `crmgov handover …`, in a worker; a
refusal of the rules (HandoverRuleError) comes back under the form.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _
from crmgov.tui.dialogs.form import FormDialog, FormField


def _sections() -> list[tuple[str, str]]:
    from crmgov.domain.handover.review import SECTION_TITLES, SECTIONS

    return [(_(SECTION_TITLES[code]), code) for code in SECTIONS]


def review_form(store: Any, now: datetime, section: str) -> FormDialog:
    """The consultant's verdict on one section (acting as the TUI's user, `--as`)."""
    from crmgov.domain.handover.review import Verdict
    from crmgov.services.handover.review import review

    def submit(values: dict[str, Any]) -> str:
        review(store, values["section"], Verdict(values["verdict"]), values["comment"], now)
        return _("review of {section} saved", section=values["section"])

    fields = [
        FormField("section", _("Section"), "select", section, _sections()),
        FormField("verdict", _("Verdict"), "select", "accepted",
                  [(_("accepted"), "accepted"), (_("needs work"), "needs_work")]),
        FormField("comment", _("Comment"), placeholder=_("required when it needs work")),
    ]
    return FormDialog(_("Review a section of the handover pack"), fields, submit)


def answer_form(store: Any, now: datetime, section: str) -> FormDialog:
    """The internal owner's answer to a section's review."""
    from crmgov.services.handover.review import answer

    def submit(values: dict[str, Any]) -> str:
        answer(store, values["section"], values["comment"], now)
        return _("answer to {section} saved", section=values["section"])

    fields = [
        FormField("section", _("Section"), "select", section, _sections()),
        FormField("comment", _("Answer"), required=True),
    ]
    return FormDialog(_("Answer the review"), fields, submit)


def sign_form(store: Any, now: datetime) -> FormDialog:
    """Sign in a role; the first signature freezes the pack."""
    from crmgov.domain.handover.review import SignRole
    from crmgov.services.handover.pack import ROLE_LABELS
    from crmgov.services.handover.review import sign_handover

    def submit(values: dict[str, Any]) -> str:
        record = sign_handover(store, SignRole(values["role"]), now)
        sha = record.frozen.sha256[:16] if record.frozen else ""
        return _("signed; pack SHA-256 {sha}…", sha=sha)

    fields = [FormField("role", _("Sign as"), "select", "consultant",
                        [(_(ROLE_LABELS[r]), r.value) for r in SignRole])]
    return FormDialog(_("Sign the handover (the first signature freezes the pack)"),
                      fields, submit)


def support_form(store: Any, notes: str) -> FormDialog:
    """Who supports the company after handover."""
    from crmgov.services.handover.review import set_support_notes

    def submit(values: dict[str, Any]) -> str:
        set_support_notes(store, values["notes"])
        return _("support arrangements saved")

    fields = [FormField("notes", _("Support arrangements"), value=notes,
                        placeholder=_("who to call, how, response times"))]
    return FormDialog(_("Support after handover"), fields, submit)


def write_form(store: Any, now: datetime) -> FormDialog:
    """Write the pack (md, html, docx) into a folder beside the project."""
    from crmgov.services.handover.pack import FORMATS, write_pack

    base = Path(store.path).parent

    def submit(values: dict[str, Any]) -> str:
        folder = Path(str(values["folder"]).strip() or "handover").expanduser()
        folder = folder if folder.is_absolute() else base / folder
        templates = str(values["templates"]).strip()
        formats = FORMATS if values["format"] == "all" else (values["format"],)
        paths = write_pack(store, now, formats, folder,
                           template_dir=Path(templates).expanduser() if templates else None,
                           as_signed=bool(values["as_signed"]))
        return _("{count} document(s) written to {path}", count=len(paths), path=folder)

    fields = [
        FormField("format", _("Format"), "select", "all",
                  [(_("all three"), "all"), ("Markdown", "md"), ("HTML", "html"),
                   ("DOCX", "docx")]),
        FormField("folder", _("Folder"), value="handover"),
        FormField("templates", _("Your template folder (optional)")),
        FormField("as_signed", _("The pack as it was signed"), "checkbox", False),
    ]
    return FormDialog(_("Write the handover pack"), fields, submit)


class ThreadScreen(ModalScreen[None]):
    """One section's whole review thread."""

    BINDINGS = [Binding("escape", "dismiss", N_("Close"), id="thread.close")]
    DEFAULT_CSS = """
    ThreadScreen { align: center middle; }
    ThreadScreen #thread-box { width: 90%; max-width: 100; height: 80%;
        border: round $primary; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.thread_title = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="thread-box") as box:
            box.border_title = self.thread_title
            box.border_subtitle = _("Esc closes")
            with VerticalScroll():
                yield Static("\n\n".join(self.lines) or _("No review yet."))
