"""Import, export and reports from the issue screen, through the CLI's service functions."""

from __future__ import annotations

import csv

from textual.widgets import Static

from crmgov.tui.issues.files import ImportDialog
from tests.tui.conftest import error_text, fill, save, settle
from tests.tui.test_issues import open_issues


async def test_export_then_import_reports_bad_lines_and_changes_nothing(
    sample_app, sample_store, tmp_path
):
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await open_issues(pilot)
        await pilot.press("X")
        await pilot.pause()
        await fill(pilot, {"path": "out.csv"})  # relative: beside the project file
        pilot.app.screen.query_one("#field-which").value = "all"
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


async def test_export_offers_what_is_shown_or_all(sample_app, sample_store):
    """Issue 9 item 14: the dialog exports the filtered table by default, or every issue."""
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await open_issues(pilot)  # open issues only: #1, #2, #4 of 4
        await pilot.press("X")
        await pilot.pause()
        assert pilot.app.screen.query_one("#field-which").value == "shown"
        await fill(pilot, {"path": "shown.csv"})
        await save(pilot)
        with (sample_store.path.parent / "shown.csv").open(encoding="utf-8-sig") as handle:
            ids = [row[0] for row in csv.reader(handle)][1:]
        assert ids == ["1", "2", "4"]


async def test_import_dialog_imports_another_projects_export_as_new(
    sample_app, sample_store, tmp_path
):
    """Issue 19: --as-new is reachable from the TUI too."""
    from crmgov.services.issues.transfer import export_issues
    from crmgov.services.projects import init_project

    other = init_project(tmp_path / "other.json", "Other", "tester")
    from crmgov.services.issues.log import add_issue
    from tests.conftest import FIXED_NOW

    for n in range(2):
        add_issue(other, title=f"from elsewhere {n}", description="d", urgency="general",
                  now=FIXED_NOW)
    sheet = tmp_path / "other.csv"
    export_issues(other, sheet)
    async with sample_app.run_test(size=(100, 30)) as pilot:
        await open_issues(pilot)
        await pilot.press("I")
        await pilot.pause()
        await fill(pilot, {"path": str(sheet)})
        pilot.app.screen.query_one("#field-as_new").value = True
        await save(pilot)
        sample_store.load()
        assert sample_store.count("issues") == 6
        titles = {i.title for i in sample_store.all("issues")}
        assert {"from elsewhere 0", "from elsewhere 1"} <= titles
