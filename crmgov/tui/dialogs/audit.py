"""The audit trail from the TUI: what `crmgov audit verify` finds, the anchor to keep, and
`audit accept --reason` — the same service functions as the CLI (services.audit)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from crmgov.i18n import N_, _
from crmgov.safe_text import visible
from crmgov.tui.dialogs.form import FormDialog, FormField

#: Drift kinds (services.audit) as a person reads them.
KINDS = {
    "changed": N_("changed outside crmgov"),
    "added": N_("added outside crmgov (never audited)"),
    "removed": N_("removed outside crmgov"),
}


def summary(report: Any, anchor: Any) -> str:
    """What verify found, in a few lines (the CLI prints the same facts)."""
    lines = []
    if report.missing:
        lines.append(report.missing)
    elif report.broken:
        lines.append(_("broken at line {line}: {reason}", line=report.broken.line,
                       reason=report.broken.reason))
    else:
        lines.append(_("{events} event(s), chain intact", events=report.events))
    for drift in report.drift[:8]:
        lines.append(_("{table} record {id}: {kind} {fields}", table=drift.table,
                       id=drift.record_id, kind=_(KINDS[drift.kind]),
                       fields=", ".join(drift.fields)))
    if len(report.drift) > 8:
        lines.append(_("… and {count} more record(s)", count=len(report.drift) - 8))
    for lo, hi in report.lost:
        lines.append(_("events {first}–{last} are missing from the trail (lost, not yet "
                       "accepted)", first=lo, last=hi))
    lines.append(_("Verified: the file matches the trail") if report.ok
                 else _("Not verified: accept known changes below, with a reason"))
    if anchor is not None:
        lines.append(_("Anchor (keep it outside the project): {anchor}", anchor=anchor.text))
    return "\n".join(visible(line) for line in lines)


class AuditDialog(FormDialog):
    """Verify the trail against the file; Save accepts the differences with a reason."""

    def __init__(self, store: Any) -> None:
        from crmgov.services.audit import accept_changes

        self.store = store

        def submit(values: dict[str, Any]) -> str:
            accepted = accept_changes(store, str(values["reason"]))
            if not accepted.records and not accepted.lost:
                return _("nothing to accept: the file matches the trail")
            return _("accepted {records} record(s) and {ranges} lost range(s), as audited "
                     "events", records=len(accepted.records), ranges=len(accepted.lost))

        fields = [FormField("reason", _("Reason for accepting (a hand edit, a git merge)"),
                            required=True)]
        super().__init__(_("Audit trail"), fields, submit)

    def compose_extra(self) -> ComposeResult:
        yield Static(_("Verifying…"), id="audit-summary")

    def on_mount(self) -> None:
        self._verify()

    @work(thread=True, exclusive=True, group="audit-verify", description="verify trail")
    def _verify(self) -> None:
        from crmgov.services.audit import latest_anchor, verify_store

        report = verify_store(self.store)
        text = summary(report, latest_anchor(self.store))
        self.app.call_from_thread(self._show, text)

    def _show(self, text: str) -> None:
        self.query_one("#audit-summary", Static).update(Text(text))
