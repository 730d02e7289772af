"""Import, export and reports from the issue screen, through the CLI's service functions."""

from __future__ import annotations

import csv

from textual.widgets import Static

from crmgov.tui.issues.files import ImportDialog
from tests.tui.conftest import settle
from tests.tui.test_issues import error_text, fill, open_issues, save


async def test_export_then_import_reports_bad_lines_and_changes_nothing(
    sample_app, sample_store, tmp_path
):
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await open_issues(pilot)
        await pilot.press("X")
        await pilot.pause()
        await fill(pilot, {"path": "out.csv"})  # relative: beside the project file
        await save(pilot)
        exported = sample_store.path.parent / "out.csv"
        with exported.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) == 1 + 4

        header = rows[0]
        blank = dict.fromkeys(header, "")
        bad = tmp_path / "new.csv"
        with bad.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.DictWriter(handle, header)
            writer.writeheader()
            writer.writerow({**blank, "title": "Good row", "description": "fine",
                             "urgency": "general"})
            writer.writerow({**blank, "title": "Bad row", "description": "",
                             "urgency": "soon"})
        before = sample_store.path.read_bytes()

        await pilot.press("I")
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, ImportDialog)
        await fill(pilot, {"path": str(bad)})
        await save(pilot)
        assert pilot.app.screen is dialog
        errors = str(dialog.query_one("#import-errors", Static).render())
        assert f"{bad}:3:" in errors  # header = line 1, so the second data row is line 3
        assert "nothing was imported" in error_text(dialog, "general")
        assert sample_store.path.read_bytes() == before

        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard the typed path (a changed form asks first)
        await pilot.pause()
        await pilot.press("I")
        await pilot.pause()
        await fill(pilot, {"path": str(bad)})
        pilot.app.screen.query_one("#field-skip_invalid").value = True
        await save(pilot)
        sample_store.load()
        assert sample_store.count("issues") == 5


async def test_report_written_from_the_tui(sample_app, sample_store):
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await open_issues(pilot)
        await pilot.press("R")
        await pilot.pause()
        await fill(pilot, {"path": "status.md"})
        await save(pilot)
        report = sample_store.path.parent / "status.md"
        assert report.exists()
        assert "Duplicate payment terms" in report.read_text(encoding="utf-8")
        await settle(pilot)
