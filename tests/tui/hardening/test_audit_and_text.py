"""Issue 18 in the TUI: the audit dialog (verify, anchor, accept) and stored escape
sequences shown harmlessly in the issue table and its panel."""

from __future__ import annotations

from textual.widgets import Static

from crmgov.services.issues.log import add_issue
from crmgov.tui.dialogs.audit import AuditDialog
from tests.conftest import FIXED_NOW
from tests.tui.conftest import fill, save, settle
from tests.tui.test_issues import open_issues


async def test_audit_dialog_reports_a_hand_edit_and_accepts_it_with_a_reason(
    sample_app, sample_store
):
    raw = sample_store.path.read_bytes()
    title = sample_store.get("issues", 1).title.encode()
    sample_store.path.write_bytes(raw.replace(title, b"edited by hand", 1))
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pilot.app.action_audit()
        await settle(pilot)
        dialog = pilot.app.screen
        assert isinstance(dialog, AuditDialog)
        text = str(dialog.query_one("#audit-summary", Static).render())
        assert "issues record 1: changed outside crmgov title" in text
        assert "Anchor" in text and "Not verified" in text
        await fill(pilot, {"reason": "typo fixed in an editor"})
        await save(pilot)
        assert not isinstance(pilot.app.screen, AuditDialog)
    events = list(sample_store.audit.events())
    assert events[-1]["action"] == "audit.accept"
    assert events[-1]["reason"] == "typo fixed in an editor"


async def test_a_stored_escape_sequence_is_shown_not_run(sample_app, sample_store):
    add_issue(sample_store, title="plain title", urgency="urgent", now=FIXED_NOW,
              description="\x1b]0;PWNED\x07\x1b[2J first line")
    async with sample_app.run_test(size=(100, 30)) as pilot:
        screen = await open_issues(pilot)
        screen.table.cursor_row = len(screen.table.rows) - 1
        await settle(pilot)
        panel = str(screen.query_one("#issues-detail", Static).render())
        assert "\x1b" not in panel and "\\x1b]0;PWNED\\x07" in panel
        lines = [screen.table.render_line(y).text for y in range(screen.table.size.height)]
        assert not any("\x1b" in line for line in lines)
