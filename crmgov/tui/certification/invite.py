"""Invitations to the browser quiz from the TUI: the same service as `crmgov quiz invite`.

A form asks who, which quiz, how long and the server's address; then a dialog shows each
person's link and its QR code (dark on light, as phone cameras expect), to be scanned
from the PM's screen or copied into a message.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from crmgov.i18n import N_, _
from crmgov.tui.dialogs.form import FormDialog, FormField

#: Same default as the CLI (`crmgov quiz invite --url`).
URL_ENV = "CRMGOV_QUIZ_URL"
DEFAULT_URL = "http://127.0.0.1:8080"


def split_names(text: str) -> list[str]:
    """"Wang Fang, Li Na" or "王芳、李娜" or one per line → the names."""
    for sep in ("、", "，", "\n", ";", "；"):
        text = text.replace(sep, ",")
    return [name.strip() for name in text.split(",") if name.strip()]


def qr_text(link: str) -> str:
    """The link's QR code as half-block characters (two modules per cell)."""
    import segno  # deferred: only this dialog draws QR codes

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue().rstrip("\n")


class InviteLinks(ModalScreen[None]):
    """The links just made, with their QR codes; Esc or Enter closes."""

    DEFAULT_CSS = """
    InviteLinks { align: center middle; }
    InviteLinks #invite-box { width: auto; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1; }
    /* segno draws light modules as blocks (for a dark terminal): white on black keeps the
       code dark on light, whatever the theme. */
    InviteLinks .invite-qr { color: white; background: black; width: auto; }
    InviteLinks .invite-head { text-style: bold; margin-top: 1; }
    InviteLinks .invite-held { color: $warning; }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="invite.close"),
        Binding("enter", "close", N_("Close"), show=False, id="invite.close_enter"),
    ]

    def __init__(self, issued: list[Any], base: str, held: Sequence[Any] = ()) -> None:
        super().__init__()
        self.issued, self.base, self.held = issued, base, list(held)

    def compose(self) -> ComposeResult:
        with Vertical(id="invite-box") as box:
            box.border_title = _("Invitations to the browser quiz")
            box.border_subtitle = _("Esc closes")
            with VerticalScroll():
                for one in self.held:
                    yield Static(_("No link for {name} (quiz {quiz}): {reason}",
                                   name=one.person.name, quiz=one.quiz, reason=one.reason),
                                 classes="invite-held", markup=False)
                for one in self.issued:
                    inv = one.invitation
                    yield Static(_("Invitation {id}: {name}, quiz {quiz}, valid until {until}",
                                   id=inv.id, name=one.person.name, quiz=inv.quiz,
                                   until=inv.expires_at.strftime("%Y-%m-%d %H:%M")),
                                 classes="invite-head", markup=False)
                    yield Static(one.link(self.base), classes="invite-link", markup=False)
                    yield Static(qr_text(one.link(self.base)), classes="invite-qr",
                                 markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


def open_invite(app: Any) -> None:
    """Ask who to invite, issue the invitations, show the links (command palette)."""
    if not app.store.loaded:
        app.bell()
        return
    base = os.environ.get(URL_ENV) or DEFAULT_URL
    fields = [
        FormField("people", _("Staff (names or ids, separated by commas)"), required=True),
        FormField("quiz", _("Quiz code (empty: each person's own)")),
        FormField("valid", _("Valid for (90m, 12h, 7d, 2w)"), value="7d"),
        FormField("url", _("Server address in the links"), value=base),
        FormField("anyway", _("Also invite people their quiz would refuse now"),
                  kind="checkbox", value=False),
    ]

    def submit(values: dict[str, Any]) -> tuple[list[Any], str, list[Any]]:
        from crmgov.domain.web.invite import parse_validity
        from crmgov.services.web.invites import InviteError, held_back, issue, resolve_invitees

        valid = parse_validity(str(values["valid"]))
        people, quiz_for = resolve_invitees(app.store, split_names(str(values["people"])),
                                            str(values["quiz"]).strip() or None)
        now = app.now()
        held = [] if values.get("anyway") else held_back(app.store, people, quiz_for, now)
        skipped = {one.person.id for one in held}
        people = [p for p in people if p.id not in skipped]
        if not people:
            # Nobody left: say why in the form, which stays open (tick the box to insist).
            raise InviteError("; ".join(
                _("no link for {name}: {reason}", name=one.person.name, reason=one.reason)
                for one in held))
        return issue(app.store, people, quiz_for, valid, now), str(values["url"]), held

    def done(result: tuple[list[Any], str, list[Any]] | None) -> None:
        if result is not None:
            app.data_changed()
            app.push_screen(InviteLinks(*result))

    app.push_screen(FormDialog(_("Invite to the browser quiz"), fields, submit), done)


class InviteList(ModalScreen[None]):
    """Every invitation and its state; Esc closes."""

    DEFAULT_CSS = """
    InviteList { align: center middle; }
    InviteList #invites-box { width: auto; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1; }
    InviteList DataTable { height: auto; max-height: 20; }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"), id="invites.close")]

    def __init__(self, rows: Sequence[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        from textual.widgets import DataTable

        with Vertical(id="invites-box") as box:
            box.border_title = _("Invitations to the browser quiz")
            box.border_subtitle = _("Esc closes")
            table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
            table.add_columns(_("No."), _("Name"), _("Quiz"), _("State"), _("Until"))
            for row in self.rows:
                table.add_row(*row)
            yield table
            if not self.rows:
                yield Static(_("no invitations yet (crmgov quiz invite NAME)"))

    def action_close(self) -> None:
        self.dismiss(None)


def open_invite_list(app: Any) -> None:
    """Show every invitation and its state (command palette)."""
    if not app.store.loaded:
        app.bell()
        return
    from crmgov.services.web.invites import invitations, state_label

    now = app.now()
    names = {p.id: p.name for p in app.store.all("staff")}
    rows = [(f"#{inv.id}", str(names.get(inv.staff_id, "?")), inv.quiz,
             state_label(inv, now), inv.expires_at.strftime("%Y-%m-%d %H:%M"))
            for inv in invitations(app.store)]
    app.push_screen(InviteList(rows))


def open_revoke(app: Any) -> None:
    """Revoke an invitation by number, or every open one of a person (command palette)."""
    if not app.store.loaded:
        app.bell()
        return
    fields = [FormField("target", _("Invitation number, or staff name or id"), required=True)]

    def submit(values: dict[str, Any]) -> list[Any]:
        from crmgov.services.web.invites import revoke

        return revoke(app.store, str(values["target"]), app.now())

    def done(result: list[Any] | None) -> None:
        if result:
            app.data_changed()
            app.notify(_("revoked {count} invitation(s)", count=len(result)))

    app.push_screen(FormDialog(_("Revoke a browser-quiz invitation"), fields, submit), done)
